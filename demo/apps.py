from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data, the demo users and the small register samples (`load_demo_data`)."""

    name = "demo"
    verbose_name = "Demo data"
