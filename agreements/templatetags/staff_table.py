"""The rows of "Mine avtaler"'s table (templates/staff/home.html), drawn in Python.

Through the template language the twenty rows, each including staff/_status.html and
includes/validity.html, took a tenth of the page's time in variable lookups, includes and
one reverse() a row. `{% staff_rows page.object_list %}` writes the same markup as those
templates with f-strings, every value escaped, reading today, the words and the link once for
the list; tests/agreements/staff/test_staff_table.py holds it to the templates' output.
"""

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, gettext

from agreements.models.agreement import oslo_today
from registry.templatetags.cards import _ARGUMENT, _date, _e, _pattern

register = template.Library()


@register.simple_tag
def staff_rows(agreements) -> str:
    """The <tr>s, each as the {% for %} of home.html drew it; the parties are prefetched
    (Agreement.objects.for_table())."""
    today = oslo_today()
    link = _pattern("staff:agreement_detail", get_language(), get_urlconf(), get_script_prefix())
    words = {
        word: _e(gettext(word))
        for word in ("Comment from the county", "Returned", "Expired", "Upcoming", "Expires soon")
    }
    return mark_safe("".join(_row(agreement, today, link, words) for agreement in agreements))


def _row(agreement, today, link, words) -> str:
    href = _e(link.replace(_ARGUMENT, str(agreement.pk)))
    comment = (
        f'<p class="muted">{words["Comment from the county"]}: '
        f"{_e(Truncator(agreement.review_comment).chars(200))}</p>"
        if agreement.is_returned
        else ""
    )
    parties = ", ".join(_e(party.organisation.name) for party in agreement.parties.all())
    return (
        f'\n          <tr>\n            <td><a href="{href}">{_e(agreement.title)}</a>'
        f"{comment}</td>"
        f"\n            <td>{_status(agreement, today, words)}</td>"
        f"\n            <td>{_validity(agreement, today, words)}</td>"
        f"\n            <td>{parties}</td>\n          </tr>\n        "
    )


def _status(agreement, today, words) -> str:
    """As staff/_status.html."""
    if agreement.is_returned:
        status = f'<span class="status status--returned">{words["Returned"]}</span>'
    else:
        status = (
            f'<span class="status status--{_e(agreement.status)}">'
            f"{_e(capfirst(agreement.get_status_display()))}</span>"
        )
    if agreement.is_expired(today):
        status += f' <span class="badge badge--expiring">{words["Expired"]}</span>'
    return status + "\n"


def _validity(agreement, today, words) -> str:
    """As includes/validity.html."""
    badge = ""
    if agreement.is_upcoming(today):
        badge = f'<span class="badge badge--upcoming">{words["Upcoming"]}</span>'
    elif agreement.expires_soon(today):
        badge = f'<span class="badge badge--expiring">{words["Expires soon"]}</span>'
    return (
        f'<span class="validity">{_date(agreement.valid_from)}–{_date(agreement.valid_to)}</span>'
        f"\n{badge}\n"
    )
