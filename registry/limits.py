"""Limits on what is expensive: searches, PDFs and the open data per client address, and the
staff pages a loop could hurt per user.

Each limit is a rate in settings.RATELIMITS ("60/m": 60 requests a minute), counted by
django-ratelimit in the shared cache (Redis in production, so every web process counts
together) in fixed windows. A view marked `@limited(SEARCH)` answers a request over its limit
with 429 Too Many Requests (`too_many_requests`), a Retry-After of the seconds left in the
window, and a page in the visitor's language. The URLs under one limit share its count.
"""

import re
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited


@dataclass(frozen=True)
class Limit:
    name: str  # its key in settings.RATELIMITS
    key: str  # whom it counts: "ip" (the client address), "user_or_ip", or a key function


SEARCH = Limit("search", "ip")  # the front page's ?q=, /sok/ and /avtaler/?q=
SUGGESTIONS = Limit("suggestions", "ip")  # /sok/forslag/, asked as the visitor types
PDF = Limit("pdf", "ip")
OPEN_DATA = Limit("open_data", "ip")  # /avtaler/eksport.csv and .json
VERIFY = Limit("verify", "ip")  # /verifiser/: an uploaded PDF checked for its seal
# Staff pages are logged in, so they count per user: colleagues behind one school's address
# do not share a count.
STAFF_SUGGESTIONS = Limit("staff_suggestions", "user_or_ip")
STAFF_MAPPING = Limit("staff_mapping", "user_or_ip")
# The open API (api/): anonymous calls per address, a county's token calls per token.
API = Limit("api", "ip")
API_TOKEN = Limit("api_token", "api.auth.token_rate_key")
LIMITS = (
    SEARCH,
    SUGGESTIONS,
    PDF,
    OPEN_DATA,
    VERIFY,
    STAFF_SUGGESTIONS,
    STAFF_MAPPING,
    API,
    API_TOKEN,
)

# Retry-After for a Ratelimited raised elsewhere, without the seconds left.
DEFAULT_RETRY_AFTER = 60
_RATE = re.compile(r"\d+/\d*[smhd]")


def check_rates():
    """Every limit has a rate django-ratelimit reads: a bad one fails at start-up."""
    rates = getattr(settings, "RATELIMITS", {})
    for limit in LIMITS:
        rate = rates.get(limit.name)
        if not isinstance(rate, str) or not _RATE.fullmatch(rate):
            raise ImproperlyConfigured(
                f"RATELIMIT_{limit.name.upper()} must be a rate such as 60/m, not {rate!r}"
            )


check_rates()


class TooManyRequests(Ratelimited):
    def __init__(self, retry_after: int):
        super().__init__(f"Rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


def check_limit(request, limit: Limit) -> None:
    """Counts this request; raises TooManyRequests when it is over the limit."""
    usage = get_usage(
        request,
        group=f"registry.{limit.name}",
        key=limit.key,
        rate=settings.RATELIMITS[limit.name],
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        request.limited = True
        # time_left is 0 in the window's last second, and -1 when the cache failed.
        raise TooManyRequests(retry_after=max(1, usage["time_left"]))


def limited(limit: Limit, when=None):
    """A view decorator: requests for which `when(request)` holds (all, without `when`) count
    against `limit`. Put it under @require_GET, so refused methods do not count."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if when is None or when(request):
                check_limit(request, limit)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def asks_query(request) -> bool:
    """A text search was asked (?q= with more than spaces): the expensive case of a page."""
    return bool(request.GET.get("q", "").strip())


def forwarded_for_address(request) -> str:
    """The client address behind one trusted proxy: the last entry of X-Forwarded-For, the one
    that proxy appended (entries before it are the client's to forge). For
    RATELIMIT_IP_META_KEY=registry.limits.forwarded_for_address."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or request.META["REMOTE_ADDR"]


def too_many_requests(request, exception):
    """The 429 page (settings.RATELIMIT_VIEW, through django-ratelimit's middleware).

    It sets no cookie: the messages waiting for the next page are left for it, and the CSRF
    cookie is not sent again for the header's log-out form (its token still matches the cookie
    a logged-in user has)."""
    retry_after = getattr(exception, "retry_after", DEFAULT_RETRY_AFTER)
    response = render(request, "429.html", {"retry_after": retry_after, "messages": ()}, status=429)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False  # read by CsrfViewMiddleware
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response
