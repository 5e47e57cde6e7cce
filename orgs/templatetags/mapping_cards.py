"""The company cards of the mapping (templates/mapping/companies.html), drawn in Python.

Twenty cards through the template resolved some hundred variables each, reversed a URL per
link and formatted every number and date through filters: 7–14 ms a page at national scale.
This draws the same markup with f-strings, every value escaped by `_e`, reversing each kind
of link once per page; the byline of the latest message is the log's own template
(log/_byline.html), as everywhere.
"""

import html

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from registry.templatetags.norwegian import quoted, thousands

register = template.Library()

_ARGUMENT = "00000000000"  # a stand-in that no URL pattern changes and no real value holds


def _e(value) -> str:
    """Escaped for HTML text and attributes (as Django's escape, without its lazy wrapper)."""
    return html.escape(str(value), quote=True)


class _Cards:
    """What every card of one page shares: the words, the links and the byline's template."""

    def __init__(self):
        self.organisation = reverse("log:organisation", args=[_ARGUMENT])
        self.agreement = reverse("staff:agreement_detail", args=[_ARGUMENT])
        self.byline = get_template("log/_byline.html")
        self.words = {
            word: _e(gettext(word))
            for word in (
                "Approved training company for",
                "Agreements",
                "None current",
                "Latest contact",
                "None logged",
            )
        }

    def card(self, company) -> str:
        words = self.words
        link = _e(self.organisation.replace(_ARGUMENT, company.orgnr))
        facts = []
        if company.trades:
            trades = "".join(f"<li>{_e(trade.title)}</li>" for trade in company.trades)
            trades = f'<ul class="inline-list">{trades}</ul>'
            facts.append(self._fact(words["Approved training company for"], trades))
        facts.append(self._fact(words["Agreements"], self._agreements(company)))
        facts.append(self._fact(words["Latest contact"], self._contact(company)))
        return (
            '<article class="card">'
            f'<h3 class="card__title"><a href="{link}">{_e(company.name)}</a></h3>'
            f'<p class="card__meta muted">{self._meta(company)}</p>'
            f'<dl class="facts">{"".join(facts)}</dl></article>'
        )

    @staticmethod
    def _fact(term: str, description: str) -> str:
        return f"<div><dt>{term}</dt><dd>{description}</dd></div>"

    @staticmethod
    def _meta(company) -> str:
        meta = ""
        if company.municipality:
            meta += f"{_e(company.municipality.name)} · "
        if company.employees is not None:
            employees = ngettext(
                "%(number)s employee", "%(number)s employees", company.employees
            ) % {"number": thousands(company.employees)}
            meta += f"{_e(employees)} · "
        if company.industry_code:
            meta += f"NACE {_e(company.industry_code)}"
        return meta

    def _agreements(self, company) -> str:
        if not company.current_agreements:
            return self.words["None current"]
        items = [
            f'<li><a href="{_e(self.agreement.replace(_ARGUMENT, str(pk)))}">{_e(title)}</a></li>'
            for pk, title in company.current_agreements
        ]
        if company.more_agreements:
            more = gettext("and %(number)s more") % {"number": thousands(company.more_agreements)}
            items.append(f"<li>{_e(more)}</li>")
        return f'<ul class="inline-list">{"".join(items)}</ul>'

    def _contact(self, company) -> str:
        message = company.latest_contact
        if not message:
            return self.words["None logged"]
        byline = self.byline.render({"message": message})
        body = quoted(Truncator(message.body).chars(120))
        return f"{byline} – {_e(message.get_kind_display())}: {body}"


@register.simple_tag
def company_cards(companies) -> str:
    """The cards as the <li>s of a list."""
    cards = _Cards()
    # Every value in the markup is escaped by _e, the byline by its template, the body by quoted.
    return mark_safe("".join(f"<li>{cards.card(company)}</li>" for company in companies))
