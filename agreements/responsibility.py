"""Handing an agreement over to a new responsible person, in one step.

Staff of the agreement's responsible party, the owning county's coordinators and
administrators (Policy.may_hand_over) name a user of the responsible party as its responsible
staff member. The hand-over is one change, like a workflow action: the row locked, the version
checked, one new version and one history entry (the snapshot's responsible staff). Who needs
a new one is AgreementQuerySet.needing_attention (agreements/models/responsibility.py).
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agreements.workflow import WorkflowError, lock
from registry.models import User


def first_responsible_staff(policy, agreement, responsible) -> dict:
    """A new agreement's responsible staff member (as save()'s keyword): the user who registers
    it, on the staff pages or by a spreadsheet import, when they work at the responsible party."""
    if agreement is not None or responsible is None:
        return {}
    mine = responsible.pk in policy.organisation_ids
    return {"responsible_staff": [policy.user] if mine else []}


def candidates(agreement):
    """The users who may be responsible: active staff of the agreement's responsible party."""
    return (
        User.objects.filter(
            is_active=True,
            staff_memberships__organisation_id=agreement.responsible_organisation_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class HandOverForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = agreement.responsible_organisation
        name = organisation.name if organisation else ""
        self.fields["user"] = UserChoice(
            label=_("New responsible person"),
            queryset=candidates(agreement),
            empty_label=_("Choose a person"),
            help_text=_("Someone who works at %(organisation)s.") % {"organisation": name},
            error_messages={
                "required": _("Choose the person who takes over the agreement."),
                "invalid_choice": _(
                    "Choose a person who works at %(organisation)s: only its staff can be "
                    "responsible for the agreement."
                )
                % {"organisation": name},
            },
        )


def hand_over(agreement, *, policy, user, version=None):
    """Makes `user` the agreement's one responsible staff member. Raises WorkflowError (and
    StaleVersion) when it cannot be done. Returns the saved agreement."""
    with transaction.atomic():
        current = lock(agreement.pk, version, model=type(agreement))
        if not policy.may_hand_over(current):
            raise WorkflowError(
                _(
                    "Only staff of the responsible party and the county's coordinators may "
                    "hand the agreement over."
                )
            )
        if not candidates(current).filter(pk=user.pk).exists():
            raise WorkflowError(_("Only staff of the responsible party can be responsible."))
        current.responsible_staff.set([user])
        current.version += 1
        current.updated_by = policy.user
        current.save_after_relations()
    return current
