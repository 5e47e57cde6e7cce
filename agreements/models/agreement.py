from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.models import Organisation, ProgrammeArea, Trade
from registry.text import SearchableQuerySet, normalise_search_text


def oslo_today():
    """Today's date in Europe/Oslo (TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


class CooperationType(models.Model):
    """A samarbeidsform. The vocabulary is edited by administrators."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_nb = models.CharField(_("name (bokmål)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name_nb"]
        verbose_name = _("cooperation type")
        verbose_name_plural = _("cooperation types")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "nb").startswith("en") and self.name_en:
            return self.name_en
        return self.name_nb


class AgreementQuerySet(SearchableQuerySet):
    def public(self, today=None):
        """The public rule, the only place it is written.

        Published, and valid to today or later in Europe/Oslo. Upcoming agreements are public.
        Every public page, count, search, feed and export starts here.
        """
        today = today or oslo_today()
        return self.filter(status=Agreement.Status.PUBLISHED, valid_to__gte=today)

    def for_roles(self, roles):
        """The agreements a user may act on: a party school is theirs, or the county is."""
        return self.filter(
            Q(county_id__in=roles.county_ids)
            | Exists(
                Party.objects.filter(agreement=OuterRef("pk"), organisation_id__in=roles.school_ids)
            )
        )

    def for_organisation(self, organisation):
        return self.filter(
            Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation=organisation))
        )

    def in_municipality(self, number: str):
        """Agreements with a party in the municipality with this four-digit number."""
        return self.filter(
            Exists(
                Party.objects.filter(
                    agreement=OuterRef("pk"), organisation__municipality__number=number
                )
            )
        )

    def for_listing(self):
        """Everything a list of agreements shows, in a fixed number of queries."""
        return self.select_related("county").prefetch_related(
            models.Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation").order_by(
                    "role", "organisation__name"
                ),
            ),
            "cooperation_types",
            "programme_areas",
            "trades",
        )


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting approval")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    title = models.CharField(_("title"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    cooperation_types = models.ManyToManyField(
        CooperationType, related_name="agreements", verbose_name=_("cooperation types")
    )
    programme_areas = models.ManyToManyField(
        ProgrammeArea, blank=True, related_name="agreements", verbose_name=_("programme areas")
    )
    trades = models.ManyToManyField(
        Trade, blank=True, related_name="agreements", verbose_name=_("trades")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("signed date"), null=True, blank=True)
    signed_place = models.CharField(_("signed place"), max_length=100, blank=True)
    document = models.FileField(
        _("signed document"), upload_to="agreements/%Y/", blank=True, max_length=255
    )
    # Staff only: names, phone numbers and e-mail addresses of the contact persons.
    contact_persons = models.TextField(_("contact persons"), blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # The county's approval routine: who sent it for approval, and the coordinator's comment
    # when it was returned.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    review_comment = models.TextField(_("comment from the county"), blank=True)
    county = models.ForeignKey(
        "orgs.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("owning county"),
    )
    renews = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("continues"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The relations (parties, types, programme areas, trades) as text, so that each history
    # entry holds the whole agreement as it was and a diff between two entries shows them too.
    snapshot = models.JSONField(default=dict, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])
    _loaded_status = None  # set by from_db

    class Meta:
        ordering = ["-valid_from", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_not_before_valid_from",
            ),
        ]
        indexes = [
            # The public rule: status = published and valid_to >= today.
            models.Index(fields=["status", "valid_to"], name="agreement_public_idx"),
            # The public list's order: newest first (/avtaler/, school and company pages).
            models.Index(fields=["-valid_from", "title"], name="agreement_listing_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.search_text:
            self.search_text = normalise_search_text(self.title, self.purpose)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agreement_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The status as stored, so a save can tell a new submission from an edit of one.
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def is_public(self, today=None) -> bool:
        today = today or oslo_today()
        return self.status == self.Status.PUBLISHED and self.valid_to >= today

    def is_upcoming(self, today=None) -> bool:
        return self.valid_from > (today or oslo_today())

    def expires_soon(self, today=None, days: int = 90) -> bool:
        today = today or oslo_today()
        return 0 <= (self.valid_to - today).days <= days

    def _party_list(self):
        return list(self.parties.all())

    @property
    def schools(self):
        return [p.organisation for p in self._party_list() if p.role == Party.Role.SCHOOL]

    @property
    def partners(self):
        return [p for p in self._party_list() if p.role != Party.Role.SCHOOL]

    def refresh_derived_fields(self) -> None:
        """Call after the parties change outside save_with_relations (the admin, demo data):
        the owning county, the search column and the snapshot follow the relations.
        """
        self._derive_from_relations()
        Agreement.objects.filter(pk=self.pk).update(
            county_id=self.county_id, search_text=self.search_text, snapshot=self.snapshot
        )

    def _derive_from_relations(self) -> None:
        parties = list(
            Party.objects.filter(agreement=self)
            .select_related("organisation__municipality")
            .order_by("pk")
        )
        # The owning county is the county of the first school among the parties.
        first_school = next(
            (
                p.organisation
                for p in parties
                if p.role == Party.Role.SCHOOL and p.organisation.municipality_id
            ),
            None,
        )
        self.county_id = first_school.municipality.county_id if first_school else None
        self.snapshot = self._snapshot(parties)
        self.search_text = normalise_search_text(
            self.title,
            self.purpose,
            *(f"{p.organisation.name} {p.organisation.orgnr}" for p in parties),
        )

    @translation.override("nb")
    def _snapshot(self, parties) -> dict:
        """The relations as bokmål text, whatever language the editor uses."""
        return {
            "parties": [
                f"{p.organisation.name} ({p.organisation.orgnr}), {p.get_role_display()}"
                + (f", {p.signatory}" if p.signatory else "")
                for p in parties
            ],
            "cooperation_types": sorted(t.name_nb for t in self.cooperation_types.all()),
            "programme_areas": sorted(
                f"{a.title_nb} ({a.code})" for a in self.programme_areas.all()
            ),
            "trades": sorted(f"{t.title_nb} ({t.code})" for t in self.trades.all()),
        }

    def save_with_relations(
        self, *, user, parties, cooperation_types, programme_areas, trades
    ) -> None:
        """Saves the agreement and its relations as one change: one version, one history entry.

        `parties` is a list of (organisation, role, signatory). Call inside a transaction.
        """
        if self.pk is None:
            self.created_by = user
            self.skip_history_when_saving = True
            self.save()
            del self.skip_history_when_saving
        else:
            self.version += 1
        self.cooperation_types.set(cooperation_types)
        self.programme_areas.set(programme_areas)
        self.trades.set(trades)
        self._replace_parties(parties)
        self.updated_by = user
        if self.status == self.Status.SUBMITTED and self._loaded_status != self.Status.SUBMITTED:
            self._mark_submitted(user)
        self._derive_from_relations()
        self.save()

    def _replace_parties(self, parties) -> None:
        wanted = {org.pk: (org, role, signatory) for org, role, signatory in parties}
        existing = {p.organisation_id: p for p in self.parties.all()}
        Party.objects.filter(agreement=self).exclude(organisation_id__in=wanted).delete()
        for org_id, (org, role, signatory) in wanted.items():
            party = existing.get(org_id)
            if party is None:
                Party.objects.create(
                    agreement=self, organisation=org, role=role, signatory=signatory
                )
            elif (party.role, party.signatory) != (role, signatory):
                party.role, party.signatory = role, signatory
                party.save(update_fields=["role", "signatory"])

    def _mark_submitted(self, user) -> None:
        """Sent for approval by `user`: an earlier comment from the county is answered."""
        self.submitted_by, self.review_comment = user, ""

    def change_status(self, status, *, user, reason: str = "") -> None:
        """Publish, submit, return or withdraw: a new version and a history entry.

        `reason` is the withdrawal reason, or the coordinator's comment when returning.
        """
        if status == self.Status.WITHDRAWN:
            self.withdrawn_reason = reason
        elif status == self.Status.SUBMITTED:
            self._mark_submitted(user)
        elif status == self.Status.DRAFT and self.status == self.Status.SUBMITTED:
            self.review_comment = reason
        self.status = status
        self.version += 1
        self.updated_by = user
        self.save()


class Party(models.Model):
    class Role(models.TextChoices):
        SCHOOL = "school", _("school")
        COMPANY = "company", _("company")
        OTHER = "other", _("other partner")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="party_organisation_once_per_agreement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
