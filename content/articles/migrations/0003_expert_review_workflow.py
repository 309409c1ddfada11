from django.db import migrations

REVIEW_NAME = "专家审核"


def use_expert_review_task(apps, schema_editor):
    """The 专家审核 workflow's group approval becomes an ExpertReviewTask (same groups),
    so that approving records the reviewer and the review dates."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ExpertReviewTask = apps.get_model("articles", "ExpertReviewTask")

    content_type, _ = ContentType.objects.get_or_create(app_label="articles", model="expertreviewtask")
    workflow = Workflow.objects.filter(name=REVIEW_NAME).first()
    if workflow is None:
        return
    for link in WorkflowTask.objects.filter(workflow=workflow):
        old = GroupApprovalTask.objects.filter(pk=link.task_id).first()
        if old is None:
            continue
        new = ExpertReviewTask.objects.create(name=old.name, active=True, content_type=content_type)
        new.groups.set(old.groups.all() or Group.objects.filter(name="审核专家"))
        link.task_id = new.pk
        link.save(update_fields=["task"])
        # Pages already in moderation finish on the old task; it takes no new workflows.
        old.active = False
        old.save(update_fields=["active"])


def use_group_approval_task(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ExpertReviewTask = apps.get_model("articles", "ExpertReviewTask")

    workflow = Workflow.objects.filter(name=REVIEW_NAME).first()
    if workflow is None:
        return
    for link in WorkflowTask.objects.filter(workflow=workflow):
        new = ExpertReviewTask.objects.filter(pk=link.task_id).first()
        old = GroupApprovalTask.objects.filter(name=REVIEW_NAME, active=False).first()
        if new is None or old is None:
            continue
        old.active = True
        old.save(update_fields=["active"])
        link.task_id = old.pk
        link.save(update_fields=["task"])
        new.active = False
        new.save(update_fields=["active"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_expert_review_task"),
        ("home", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(use_expert_review_task, use_group_approval_task)]
