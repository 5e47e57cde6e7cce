"""Model fields the apps share."""

from django.conf import settings
from django.db import models


def user_reference(verbose_name=None, **options) -> models.ForeignKey:
    """Who did something (created, changed, asked for it): a user, set to NULL when the user is
    deleted, and no reverse accessor on the user. `options` override the defaults."""
    defaults = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, **{**defaults, **options}
    )
