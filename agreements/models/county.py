"""How a county publishes its agreements."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from registry.fields import user_reference


class CountyRoutine(models.Model):
    """How a county publishes: directly, or after a coordinator has approved."""

    county = models.OneToOneField(
        "orgs.County", on_delete=models.CASCADE, related_name="routine", verbose_name=_("county")
    )
    approval_required = models.BooleanField(
        _("a coordinator approves before publishing"), default=False
    )
    updated_by = user_reference()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "registry_countyroutine"  # the table it had when it lived in registry/
        verbose_name = _("county routine")
        verbose_name_plural = _("county routines")

    def __str__(self) -> str:
        return str(self.county)

    @classmethod
    def approval_required_for(cls, county_id) -> bool:
        return cls._asking_approval(county_id).exists()

    @classmethod
    def approval_required_condition(cls, county="county_id") -> Exists:
        """approval_required_for as a condition on a row with a county (its `county` column):
        read with the row, not in a query of its own."""
        return Exists(cls._asking_approval(OuterRef(county)))

    @classmethod
    def _asking_approval(cls, county):
        return cls.objects.filter(county_id=county, approval_required=True)
