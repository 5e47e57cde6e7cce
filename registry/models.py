from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Staff log in with Feide and have no local password."""

    reminders_enabled = models.BooleanField(
        _("e-mail reminders"),
        default=True,
        help_text=_("Reminders before my schools' agreements expire, and monthly summaries."),
    )


class StaffMembership(models.Model):
    """The user works at this organisation (a school, a school owner, a training office, a
    university or college). Refreshed from Feide at every login."""

    class Source(models.TextChoices):
        FEIDE = "feide", _("Feide")
        ADMIN = "admin", _("granted by an administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("school"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.FEIDE)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="staffmembership_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class CountyCoordinator(models.Model):
    """A county coordinator: acts on every agreement of the county. Granted in the admin."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_roles",
        verbose_name=_("user"),
    )
    county = models.ForeignKey(
        "orgs.County",
        on_delete=models.CASCADE,
        related_name="coordinators",
        verbose_name=_("county"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("county coordinator")
        verbose_name_plural = _("county coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "county"], name="coordinator_once_per_county"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.county})"
