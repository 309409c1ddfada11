from django.db import migrations

REVIEW_NAME = "专家审核"


def create_roles(apps, schema_editor):
    """The four roles, and Wagtail's default workflow turned into expert review.

    Wagtail installs a "Moderators approval" workflow on the root page with English
    "Moderators"/"Editors" groups; here the workflow's task is given to 审核专家 and
    the English groups are removed, so there is one vocabulary of roles.
    """
    from content.home.roles import ROLE_REVIEWERS, create_groups

    create_groups(apps)
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Page = apps.get_model("wagtailcore", "Page")

    reviewers = Group.objects.get(name=ROLE_REVIEWERS)
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_NAME, active=True)
    else:
        task.name = REVIEW_NAME
        task.save()
    task.groups.set([reviewers])

    workflow = Workflow.objects.filter(name="Moderators approval").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_NAME, active=True)
    else:
        workflow.name = REVIEW_NAME
        workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()


def remove_roles(apps, schema_editor):
    from content.home.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
