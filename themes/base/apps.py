from django.apps import AppConfig


class BaseThemeConfig(AppConfig):
    name = "themes.base"
    label = "theme_base"
    verbose_name = "默认主题"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
