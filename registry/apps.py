from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from registry import public_cache, signals  # noqa: F401  (signals: the Feide login)

        public_cache.connect_signals()
