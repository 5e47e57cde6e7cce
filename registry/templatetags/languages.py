"""The same page in another language, for the language switch and the alternate links:
{% load languages %}.

- `page_in "en"`: this page's URL in that language: the same path and query string, with or
  without the /en prefix. A page with a fixed URL (login, under /konto/) stays where it is
  and speaks the language of its `next` (registry.middleware), so its `next` changes instead.
  `absolute=True` gives the whole address, for `<link rel="alternate" hreflang>`.
- `fixed_url "account_login" next="staff:home"`: login or logout, in English on the way to
  an English page.
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import translation

from registry.middleware import has_fixed_url, path_in

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context, language, absolute=False):
    request = context["request"]
    path, query = request.path_info, request.META.get("QUERY_STRING", "")
    if has_fixed_url(path):
        params = request.GET.copy()
        going_to = params.get("next", "/")
        if going_to.startswith("/") and not going_to.startswith("//"):
            params["next"] = path_in(going_to, language)
            if params["next"] == "/":
                del params["next"]
        query = params.urlencode(safe="/")
    else:
        path = path_in(path, language)
    url = get_script_prefix().removesuffix("/") + path + (f"?{query}" if query else "")
    return request.build_absolute_uri(url) if absolute else url


@register.simple_tag
def fixed_url(view_name, next):
    """The URL of a page with a fixed URL (login, logout) that speaks this page's language: in
    English with `next` the English page to go on to. In bokmål the plain URL, so that login
    goes on to LOGIN_REDIRECT_URL (or the front page, registry/signals.py) as always."""
    url = reverse(view_name)
    if (translation.get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return url
    return f"{url}?next={reverse(next)}"
