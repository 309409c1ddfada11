from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from django.apps import apps as global_apps

    # post_migrate is sent once per app; wait for the last one, by which time every
    # app (Wagtail's snippets too: publish_/lock_ permissions) has created its permissions.
    # (Django only signals apps that have a models module.)
    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from .roles import sync_role_permissions

    sync_role_permissions()


def _event_index_saved(sender, instance, created, **kwargs):
    if created:
        from .roles import grant_event_index_permissions

        grant_event_index_permissions(instance)


def _crisis_hotlines(request):
    """The hotlines of the crisis strip, for searches with crisis intent."""
    from wagtail.models import Site

    from .models import CrisisSettings

    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return CrisisSettings.for_site(site).hotline_list() if site else []


class HomeConfig(AppConfig):
    name = "content.home"
    label = "home"
    verbose_name = _("首页与站点")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps

        from search.registry import register_crisis_hotlines

        register_crisis_hotlines(_crisis_hotlines)

        post_migrate.connect(_sync_roles, dispatch_uid="anxin-sync-roles")
        try:
            event_index = apps.get_model("events", "EventIndexPage")
        except LookupError:
            return
        post_save.connect(_event_index_saved, sender=event_index, dispatch_uid="anxin-event-index-perms")
