from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from agreements.models.derived import derive_agreement_fields
from agreements.workflow import AgreementWorkflow
from orgs.models import Organisation, ProgrammeArea, Trade
from registry.text import SearchableQuerySet


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

    def for_schools_or_counties(self, school_ids, county_ids):
        """Agreements with one of these schools as a party, or owned by one of these counties.

        Who may act on what is decided by registry.permissions.Policy.agreements().
        """
        return self.filter(
            Q(county_id__in=county_ids)
            | Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation_id__in=school_ids))
        )

    def awaiting_approval(self):
        return self.filter(status=Agreement.Status.SUBMITTED)

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


class Agreement(AgreementWorkflow, models.Model):
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
    # Changed only by the transitions of agreements/workflow.py.
    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
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

    def get_absolute_url(self) -> str:
        return reverse("agreement_detail", args=[self.pk])

    def is_public(self, today=None) -> bool:
        today = today or oslo_today()
        return self.status == self.Status.PUBLISHED and self.valid_to >= today

    def is_expired(self, today=None) -> bool:
        return self.valid_to < (today or oslo_today())

    @property
    def is_returned(self) -> bool:
        """Sent back by the county with a comment, and not yet sent again."""
        return self.status == self.Status.DRAFT and bool(self.review_comment)

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

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
        """Call after the parties or relations change outside save_with_relations (the admin,
        the demo data, the test factories): the owning county, the search column and the
        snapshot follow the relations. Written with update(), so no history entry.
        """
        self._derive_from_relations()
        Agreement.objects.filter(pk=self.pk).update(
            county_id=self.county_id, search_text=self.search_text, snapshot=self.snapshot
        )

    def _derive_from_relations(self) -> None:
        """Sets the owning county, search_text and snapshot from the rows in the database,
        through derive_agreement_fields, their one writer."""
        parties = list(
            Party.objects.filter(agreement=self)
            .select_related("organisation__municipality")
            .order_by("pk")
        )
        derive_agreement_fields(
            title=self.title,
            purpose=self.purpose,
            parties=parties,
            cooperation_types=self.cooperation_types.all(),
            programme_areas=self.programme_areas.all(),
            trades=self.trades.all(),
        ).apply_to(self)

    def save_with_relations(
        self, *, user, parties, cooperation_types, programme_areas, trades, before_save=None
    ) -> None:
        """Saves the agreement and its relations as one change: one version, one history entry.

        `parties` is a list of (organisation, role, signatory). `before_save(self)` runs once
        the derived fields (the owning county) follow the new relations, before the one save
        that writes the history entry: agreements.workflow.save publishes there. Call it
        through agreements.workflow.save, inside its transaction.
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
        self._derive_from_relations()
        if before_save is not None:
            before_save(self)
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
