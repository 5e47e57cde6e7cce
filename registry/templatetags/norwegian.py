"""Norwegian typography for templates: {% load norwegian %}.

- `thousands`: a whole number grouped in threes, with a narrow no-break space in bokmål
  (9 443) and the language's own separator otherwise (9,443 in English). Django groups only
  with USE_THOUSAND_SEPARATOR, which would also group ids, years and page numbers in URLs and
  attributes; this filter groups only the numbers it is given, the ones people read.
- `kroner`: an amount in Norwegian kroner, "14 000 kr" or "1 500,50 kr" in bokmål and
  "NOK 14,000" or "NOK 1,500.50" otherwise.
- `quoted`: text in the language's quotation marks, «…» in bokmål and “…” in English.
- `operator` (a tag): who runs the registry and how to reach them, from the settings
  REGISTRY_OPERATOR_NAME and REGISTRY_CONTACT_EMAIL, for the footer and the about pages.
"""

from decimal import Decimal
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

NARROW_NO_BREAK_SPACE = "\u202f"
NORWEGIAN = ("nb", "nn", "no")


def _norwegian() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] in NORWEGIAN


@register.filter
def thousands(value):
    """9443 → "9 443" (narrow no-break space) in bokmål; anything that is not a number as is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    if 0 <= value < 1000:  # no grouping in any language: most counts on a page
        return str(value)
    if _norwegian():
        sign, digits = ("-", str(-value)) if value < 0 else ("", str(value))
        groups = []
        while digits:
            digits, group = digits[:-3], digits[-3:]
            groups.insert(0, group)
        return sign + NARROW_NO_BREAK_SPACE.join(groups)
    return number_format(value, force_grouping=True)


@register.filter
def kroner(value):
    """Decimal("14000.00") → "14 000 kr" in bokmål, "NOK 14,000" in English; øre only when
    there are any. Anything that is not a number as is."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return value
    whole = int(value)
    ore = abs(int((Decimal(value) - whole) * 100))
    if _norwegian():
        return f"{thousands(whole)}{f',{ore:02d}' if ore else ''} kr"
    return f"NOK {thousands(whole)}{f'.{ore:02d}' if ore else ''}"


@register.filter(needs_autoescape=True)
def quoted(value, autoescape=True):
    """«text» in bokmål, “text” otherwise; the text is escaped unless it is already safe."""
    text = conditional_escape(value) if autoescape else str(value)
    opening, closing = ("«", "»") if _norwegian() else ("“", "”")
    return mark_safe(f"{opening}{text}{closing}")


def site_operator() -> SimpleNamespace:
    return SimpleNamespace(
        name=settings.REGISTRY_OPERATOR_NAME, email=settings.REGISTRY_CONTACT_EMAIL
    )


@register.simple_tag
def operator():
    """{% operator as operator %}: operator.name and operator.email."""
    return site_operator()
