from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        # signals: the Feide login; expressions: registers the `among` lookup.
        from registry import expressions, public_cache, signals  # noqa: F401

        public_cache.connect_signals()
