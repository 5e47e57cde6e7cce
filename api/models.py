"""The open API's own rows: a county's API tokens and the log of every call made with one."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The start of every token, so a leaked one is recognised (by secret scanners too).
TOKEN_PREFIX = "sr_"


def token_hash(secret: str) -> str:
    """Tokens are 32 random bytes: a plain SHA-256 keeps them unguessable from the hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Not revoked and not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def for_secret(self, secret: str):
        """The usable token with this secret, its county loaded, or None."""
        return self.usable().select_related("county").filter(key_hash=token_hash(secret)).first()


class ApiToken(models.Model):
    """A county's key to its own agreements in every status (api/county.py). The secret is
    shown once, when it is made; only its hash is kept."""

    county = models.ForeignKey(
        "orgs.County", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("county")
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The secret's first characters, to tell tokens apart on the staff page.
    hint = models.CharField(max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, county, name, expires_at, user) -> tuple["ApiToken", str]:
        """A new token and its secret, which is not kept."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            county=county,
            name=name,
            expires_at=expires_at,
            created_by=user,
            key_hash=token_hash(secret),
            hint=secret[:8],
        )
        return token, secret

    def revoke(self, user) -> None:
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), user
            self.save(update_fields=["revoked_at", "revoked_by"])

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class ApiCall(models.Model):
    """One call made with a token, whatever its answer (api/middleware.py writes it)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="calls")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    status = models.PositiveSmallIntegerField()
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["token", "-at"], name="api_call_token_at_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
