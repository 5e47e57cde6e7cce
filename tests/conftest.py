import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _bokmal_by_default():
    """Each test starts in the default language, whatever the previous one switched to."""
    translation.activate("nb")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _private_media(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


# The Feide stand-in (a provider thread) and the `feide` fixture for the login tests.
from tests.oidc import feide, oidc_provider  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test's pages cached must not leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
