"""The questionnaires are Wagtail pages (served by Wagtail's page view): no extra URLs yet."""

app_name = "selfcheck"
urlpatterns: list = []
