"""Keeps Organisation.public_until right: the last day each organisation is party to a public
agreement, so that the search ranks "has public agreements" from the organisation's own row.

OrganisationQuerySet.refresh_public_until is its only writer, from the public rule
(AgreementQuerySet.public_on_some_day). It is called here by every write that can change it:
an agreement's save (a form's, a transition's, the admin's: its status or valid_to), a party
added or removed (an agreement's deletion removes its parties first), and
agreements/models/kept_rows.agreements_written() where agreements and parties are written in
bulk past the signals (the spreadsheet import, the benchmark's generator). The Oslo date
turning needs no write: the row keeps a date, compared with today when it is read.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from agreements.models.agreement import Agreement
from agreements.models.party import Party
from orgs.models import Organisation


def parties_written(agreement_ids=None) -> None:
    """After a write of these agreements (every one with None) and their parties: one UPDATE."""
    if agreement_ids is None:
        Organisation.objects.refresh_public_until()
        return
    parties = Party.objects.filter(agreement_id__in=agreement_ids)
    Organisation.objects.refresh_public_until(parties.values("organisation_id"))


@receiver(post_save, sender=Agreement, dispatch_uid="public_until.agreement")
def _agreement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        parties_written([instance.pk])


@receiver(post_save, sender=Party, dispatch_uid="public_until.party_saved")
def _party_saved(sender, instance, created, raw=False, **kwargs):
    # A party keeps its organisation (replace_parties deletes and adds): only a new one counts.
    if created and not raw:
        Organisation.objects.refresh_public_until([instance.organisation_id])


@receiver(post_delete, sender=Party, dispatch_uid="public_until.party_deleted")
def _party_deleted(sender, instance, **kwargs):
    Organisation.objects.refresh_public_until([instance.organisation_id])
