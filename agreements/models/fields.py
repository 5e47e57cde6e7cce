"""Field helpers of the agreements' models (the user references are registry.fields')."""

from django.db import models


def optional_reference(to, verbose_name, *, related_name, on_delete=models.SET_NULL):
    """A reference that may be empty: NULL in the database, not required in forms."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )
