from django.apps import AppConfig


class BaseThemeConfig(AppConfig):
    name = "themes.base"
    label = "theme_base"
    verbose_name = "默认主题"
