"""Framework agreements and the local agreements under them (Agreement.framework).

A regional partnership is a framework; a local partnership per municipality names it as its
framework. The framework chain has no cycle: an agreement is never its own framework, nor a
framework of one of its own local agreements at any depth. `framework_refusal` is that rule,
for the form and anything else that sets a framework.
"""

from django.utils.translation import gettext as _

# A chain deeper than this is not a framework tree people make; it is refused as one.
MAX_DEPTH = 20


def framework_chain(framework) -> list[int]:
    """The ids of `framework` and of the frameworks above it, nearest first (one query per
    level; a chain is a few levels deep)."""
    from agreements.models import Agreement

    chain, current = [], framework.pk
    while current is not None and current not in chain and len(chain) <= MAX_DEPTH:
        chain.append(current)
        current = (
            Agreement.objects.filter(pk=current).values_list("framework_id", flat=True).first()
        )
    return chain


def framework_refusal(agreement_pk, framework) -> str | None:
    """Why the agreement with this pk (None: a new one) may not have `framework` as its
    framework agreement, or None when it may."""
    if framework is None:
        return None
    if agreement_pk is not None and framework.pk == agreement_pk:
        return _("An agreement cannot be its own framework agreement.")
    chain = framework_chain(framework)
    if agreement_pk is not None and agreement_pk in chain:
        return _(
            "“%(title)s” is one of this agreement's own local agreements, so it cannot be its "
            "framework agreement."
        ) % {"title": framework.title}
    if len(chain) > MAX_DEPTH:
        return _("That framework agreement is part of a chain of frameworks that is too deep.")
    return None


def local_agreements_of(framework, queryset):
    """The agreements of `queryset` (public ones, for a public page) under `framework`, each
    with its parties (`party_list`), by title: in one query, however many there are."""
    from agreements.models import Party

    parties = (
        Party.objects.filter(agreement__in=queryset.filter(framework=framework).values("pk"))
        .select_related("agreement", "organisation")
        .order_by("agreement__title", "agreement_id", "role", "organisation__name")
    )
    local = {}
    for party in parties:
        agreement = local.setdefault(party.agreement_id, party.agreement)
        agreement.__dict__.setdefault("party_list", []).append(party)
    return list(local.values())
