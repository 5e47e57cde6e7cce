"""The agreement cards of a list (templates/includes/agreement_list.html), drawn in Python.

Twenty cards through template includes made some 40,000 Python calls, most of a public page's
rendering at national scale: each card resolved about fifty variables, asked for the active
language a dozen times and reversed a URL per link. This draws the same markup with f-strings,
every value escaped by `_e`, asking once per list for the language, the date and each kind of
link. It is the one place a card's markup is written; an agreement's own page shows its facts
from templates/includes/agreement_facts.html.
"""

import html
from functools import cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from agreements.models.agreement import oslo_today

register = template.Library()

_ARGUMENT = "00000000000"  # a stand-in that no URL pattern changes and no real value holds


@cache
def _pattern(name: str, language: str, urlconf, script_prefix: str) -> str:
    """reverse(name) with the stand-in argument; the language, URL configuration and script
    prefix are the cache's key (reverse() reads them from the request's context)."""
    return reverse(name, args=[_ARGUMENT])


def _e(value) -> str:
    """Escaped for HTML text and attributes (as Django's escape, without its lazy wrapper)."""
    return html.escape(str(value), quote=True)


def _date(day) -> str:
    return day.strftime("%d.%m.%Y")  # the templates' "d.m.Y"


class _Cards:
    """What every card of one list shares: the language, today, the words and the links."""

    def __init__(self):
        self.language = get_language()
        self.today = oslo_today()
        key = (self.language, get_urlconf(), get_script_prefix())
        self.patterns = {
            name: _pattern(name, *key)
            for name in (
                "agreement_detail",
                "school_detail",
                "company_detail",
                "programme_area_detail",
                "trade_detail",
            )
        }
        words = ("Schools", "Partners", "Parties", "Cooperation", "Programme areas", "Trades")
        self.words = {word: _e(gettext(word)) for word in words}
        self.upcoming = _e(gettext("Upcoming"))
        self.expiring = _e(gettext("Expires soon"))

    def link(self, name: str, argument) -> str:
        return _e(self.patterns[name].replace(_ARGUMENT, str(argument)))

    def organisation(self, organisation) -> str:
        return f"<li>{self.organisation_link(organisation)}</li>"

    def organisation_link(self, organisation) -> str:
        kind = "school_detail" if organisation.is_school else "company_detail"
        return f'<a href="{self.link(kind, organisation.orgnr)}">{_e(organisation.name)}</a>'

    def fact(self, word: str, items: list[str]) -> str:
        return (
            f'<div><dt>{self.words[word]}</dt><dd><ul class="inline-list">{"".join(items)}'
            "</ul></dd></div>"
        )

    def validity(self, agreement) -> str:
        dates = (
            f'<span class="validity">{_date(agreement.valid_from)}–'
            f"{_date(agreement.valid_to)}</span>"
        )
        if agreement.is_upcoming(self.today):
            return f'{dates}\n<span class="badge badge--upcoming">{self.upcoming}</span>'
        if agreement.expires_soon(self.today):
            return f'{dates}\n<span class="badge badge--expiring">{self.expiring}</span>'
        return dates

    def card(self, agreement) -> str:
        """The title, the validity, the schools and partners, the cooperation types,
        programme areas and trades (prefetched by Agreement.objects.for_listing())."""
        language = self.language
        schools = agreement.schools
        facts = []
        if schools:
            facts.append(self.fact("Schools", [self.organisation(s) for s in schools]))
        facts.append(
            self.fact(
                "Partners" if schools else "Parties",
                [self.organisation(p.organisation) for p in agreement.partners],
            )
        )
        types = [f"<li>{_e(t.name_in(language))}</li>" for t in agreement.cooperation_types.all()]
        facts.append(self.fact("Cooperation", types))
        for word, relation, page in (
            ("Programme areas", agreement.programme_areas, "programme_area_detail"),
            ("Trades", agreement.trades, "trade_detail"),
        ):
            items = [
                f'<li><a href="{self.link(page, x.code)}">{_e(x.title_in(language))}</a></li>'
                for x in relation.all()
            ]
            if items:
                facts.append(self.fact(word, items))
        return (
            '<article class="card agreement-card">'
            f'<h3 class="card__title"><a href="{self.link("agreement_detail", agreement.pk)}">'
            f"{_e(agreement.title)}</a></h3>"
            f'<p class="card__meta">{self.validity(agreement)}</p>'
            f'<dl class="facts">{"".join(facts)}</dl></article>'
        )


@register.simple_tag
def agreement_cards(agreements) -> str:
    """The cards as the <li>s of a list."""
    cards = _Cards()
    # Every value in the markup is escaped by _e.
    return mark_safe("".join(f"<li>{cards.card(a)}</li>" for a in agreements))


@register.simple_tag
def organisation_items(organisations) -> str:
    """The <li>s of includes/organisation_list.html: each organisation's link and its
    municipality, drawn as the cards draw theirs (a subject's page lists a hundred)."""
    cards = _Cards()
    return mark_safe(
        "".join(
            f"<li>{cards.organisation_link(o)}"
            + (f' <span class="muted">{_e(o.municipality.name)}</span>' if o.municipality else "")
            + "</li>"
            for o in organisations
        )
    )
