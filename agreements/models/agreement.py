import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from agreements.models.api_queries import ApiQueries
from agreements.models.derived import default_responsible, derive_agreement_fields
from agreements.models.fields import optional_reference
from agreements.models.follow_up import MeetingSchedule
from agreements.models.follow_up_queries import FollowUpQueries
from agreements.models.listing_queries import ListingQueries
from agreements.models.party import Party, replace_parties
from agreements.models.responsibility import ResponsibilityQueries
from agreements.models.scope_queries import ScopeQueries
from agreements.workflow import AgreementWorkflow
from orgs.models import Organisation, ProgrammeArea, Trade
from registry.fields import user_reference
from registry.public_cache import data_changed
from registry.text import SearchableQuerySet


def oslo_today():
    """Today's date in Europe/Oslo (TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


def agreement_date_bounds() -> tuple[datetime.date, datetime.date]:
    """The dates an agreement's validity and signing may have (settings)."""
    today = oslo_today()
    earliest = datetime.date(settings.AGREEMENT_EARLIEST_YEAR, 1, 1)
    return earliest, datetime.date(today.year + settings.AGREEMENT_YEARS_AHEAD, 12, 31)


def validate_agreement_date(value) -> None:
    """No agreement is dated 01.01.0001 or 31.12.9999: the form, the import and the API alike."""
    earliest, latest = agreement_date_bounds()
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": earliest.strftime("%d.%m.%Y"),
                "latest": latest.strftime("%d.%m.%Y"),
            },
        )


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
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        if (language or "nb").startswith("en") and self.name_en:
            return self.name_en
        return self.name_nb


class AgreementQuerySet(
    ApiQueries,
    FollowUpQueries,
    ListingQueries,
    ScopeQueries,
    ResponsibilityQueries,
    SearchableQuerySet,
):
    def public(self, today=None):
        """Every public page, count, search, feed and export starts here (public_condition)."""
        return self.filter(self.public_condition(today))

    @staticmethod
    def public_condition(today=None) -> Q:
        """The public rule, the only place it is written.

        Published, and valid to today or later in Europe/Oslo. Upcoming agreements are public.
        """
        return Q(status=Agreement.Status.PUBLISHED, valid_to__gte=today or oslo_today())

    def public_on_some_day(self):
        """Those public on some day, the last to be public first. The public rule turns on
        valid_to alone, so an agreement public on any day is public on the earliest one, and on
        every day up to its valid_to: an organisation's public_until is the first one's."""
        return self.filter(self.public_condition(datetime.date.min)).order_by("-valid_to")

    def awaiting_approval(self):
        return self.filter(status=Agreement.Status.SUBMITTED)


BY_COUNTY = ("county", "valid_to", "status", "valid_from", "responsible_organisation", "id")
BY_RESPONSIBLE = ("responsible_organisation", "valid_to", "status", "id")


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
    valid_from = models.DateField(_("valid from"), validators=[validate_agreement_date])
    valid_to = models.DateField(_("valid to"), validators=[validate_agreement_date])
    # Changed only by the transitions of agreements/workflow.py.
    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_on = models.DateField(
        _("signed date"), null=True, blank=True, validators=[validate_agreement_date]
    )
    signed_place = models.CharField(_("signed place"), max_length=100, blank=True)
    document = models.FileField(
        _("signed document"), upload_to="agreements/%Y/", blank=True, max_length=255
    )
    # The name the file had on the uploader's computer: shown and downloaded under it, never
    # the storage path.
    document_name = models.CharField(
        _("file name of the signed document"), max_length=255, blank=True, editable=False
    )
    # Staff only: names, phone numbers and e-mail addresses of the contact persons.
    contact_persons = models.TextField(_("contact persons"), blank=True)
    # When the yearly cooperation meeting is held (agreements/models/follow_up.py says when it
    # is due or overdue).
    yearly_meeting_due = models.CharField(
        _("yearly meeting"), max_length=10, choices=MeetingSchedule.choices, blank=True, default=""
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # The county's approval routine: who sent it for approval, and the coordinator's comment
    # when it was returned.
    submitted_by = user_reference(_("submitted by"))
    review_comment = models.TextField(_("comment from the county"), blank=True)
    county = optional_reference(
        "orgs.County", _("owning county"), related_name="agreements", on_delete=models.PROTECT
    )
    renews = optional_reference("self", _("continues"), related_name="renewals")
    # The party that answers for the agreement (an education party); its county owns it.
    responsible_organisation = optional_reference(
        Organisation,
        _("responsible party"),
        related_name="responsible_for",
        on_delete=models.PROTECT,
    )
    # The framework agreement this one is a local agreement under (agreements/models/framework.py
    # refuses a cycle).
    framework = optional_reference(
        "self", _("framework agreement"), related_name="local_agreements", on_delete=models.PROTECT
    )
    # Who answers for it at the responsible party; agreements/models/responsibility.py finds
    # those whose responsible staff have all left.
    responsible_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_for_agreements",
        verbose_name=_("responsible staff"),
    )
    created_by = user_reference(_("created by"))
    updated_by = user_reference(_("last changed by"))
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
            # The public rule: status = published and valid_to >= today. With the id, the
            # public agreements' ids come from the index alone, for the counts that hash them
            # (the programme, programme area and trade pages, the front page).
            models.Index(fields=["status", "valid_to", "id"], name="agreement_public_ids_idx"),
            # The public list's order: newest first (/avtaler/, school and company pages).
            models.Index(fields=["-valid_from", "title"], name="agreement_listing_order_idx"),
            # What the overviews count by (status and dates), from the index alone: a county's
            # agreements (agreements/county/overview.py), and each agreement reached from a
            # party (a school's counts), without reading the wide rows.
            models.Index(
                fields=["county", "status", "valid_from", "valid_to"],
                name="agreement_county_state_idx",
            ),
            models.Index(
                fields=["id", "status", "valid_from", "valid_to"], name="agreement_state_idx"
            ),
            # A county's, a school's own from the index alone; the hand-over list by valid_to.
            models.Index(fields=[*BY_COUNTY], name="agreement_county_valid_idx"),
            models.Index(fields=[*BY_RESPONSIBLE], name="agreement_responsible_idx"),
            # A coordinator's "Mine avtaler", last changed first: the page's rows without
            # sorting the county's thousands.
            models.Index(
                fields=["county", "-updated_at", "-id"], name="agreement_county_changed_idx"
            ),
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
        """Call after the parties or relations change outside a change's save (the demo data,
        the test factories): the owning county, the search column and the snapshot follow the
        relations. Written with update(), so no history entry; the rows kept with the county
        (agreements.models.party_state) are written again.
        """
        from agreements.models.party_state import refresh_party_rows

        self._derive_from_relations()
        Agreement.objects.filter(pk=self.pk).update(
            county_id=self.county_id,
            search_text=self.search_text,
            snapshot=self.snapshot,
            responsible_organisation_id=self.responsible_organisation_id,
        )
        refresh_party_rows([self.pk])
        data_changed()

    def _derive_from_relations(self) -> None:
        """derive_from the rows in the database."""
        parties = Party.objects.filter(agreement=self).select_related("organisation__municipality")
        self.derive_from(
            list(parties.order_by("pk")),
            responsible_staff=self.responsible_staff.all() if self.pk else (),
            cooperation_types=self.cooperation_types.all(),
            programme_areas=self.programme_areas.all(),
            trades=self.trades.all(),
        )

    def derive_from(self, parties, **relations) -> None:
        """The owning county, search_text and snapshot from these parties (Party objects, saved
        or not, in row order) and relations, by derive_agreement_fields; with no responsible party
        among the parties, the default one (default_responsible). The import calls it unsaved."""
        responsible = self.responsible_organisation if self.responsible_organisation_id else None
        if responsible is None or responsible.pk not in {p.organisation_id for p in parties}:
            # None, or no longer a party (an edit in the admin): the default one.
            responsible = default_responsible(parties)
            self.responsible_organisation = responsible
        derive_agreement_fields(
            title=self.title,
            purpose=self.purpose,
            parties=parties,
            responsible=responsible,
            framework=self.framework if self.framework_id else None,
            **relations,
        ).apply_to(self)

    def save_with_relations(
        self,
        *,
        user,
        parties,
        cooperation_types,
        programme_areas,
        trades,
        responsible_staff=None,
        before_save=None,
    ) -> None:
        """Saves the agreement and its relations as one change: one version, one history entry.

        `parties` is a list of PartyRow (agreements/models/party.py). `before_save(self)` runs
        once the derived fields (the owning county) follow the new relations, before the one
        save that writes the history entry: agreements.workflow.save publishes there. Call it
        through agreements.workflow.save, inside its transaction. `responsible_staff`, when
        given, replaces the responsible staff members.
        """
        if self.pk is None:
            self.created_by = user
            self.save_without_history()
        else:
            self.version += 1
        self.cooperation_types.set(cooperation_types)
        self.programme_areas.set(programme_areas)
        self.trades.set(trades)
        replace_parties(self, parties)
        if responsible_staff is not None:
            self.responsible_staff.set(responsible_staff)
        self.updated_by = user
        self.save_after_relations(before_save)

    def save_without_history(self) -> None:
        """The first save of a change whose relations are saved after it (a new agreement
        needs its row first): no history entry, save_after_relations writes the one entry."""
        self.skip_history_when_saving = True
        try:
            self.save()
        finally:
            del self.skip_history_when_saving

    def save_after_relations(self, before_save=None) -> None:
        """The save that writes the change's one history entry, once its relations are saved:
        the derived fields (the owning county, the search column, the snapshot) follow them
        first, then `before_save(self)` runs."""
        self._derive_from_relations()
        if before_save is not None:
            before_save(self)
        self.save()
