"""The open API, version 1, at /api/v1/ (registry/urls.py, outside the language prefixes): one
URL for every language, since each shape carries both bokmål and English titles.

django-ninja makes the OpenAPI 3.1 schema (/api/v1/schema.json) from the code's type hints and
shapes (api/schemas.py), and checks every answer against it. Its browsable docs page is off (it
loads scripts from a CDN, which the content security policy forbids); /api/ documents it."""

from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from api import county, public
from registry.limits import TooManyRequests
from registry.permissions import public as public_view

api = NinjaAPI(
    title="Samarbeidsregisteret API",
    version="1",
    description=(
        "The public cooperation agreements between Norwegian schools and working life, and the "
        "organisations, programme areas, trades, counties, municipalities and cooperation types "
        "they refer to. Read-only; anonymous calls are limited per address, token calls per "
        "token (429 with Retry-After). Every public answer has an ETag and a Last-Modified: ask "
        "again with If-None-Match or If-Modified-Since for a 304."
    ),
    openapi_url="/schema.json",
    docs_url=None,
    urls_namespace="api_v1",
)
api.add_router("/", public.router)
api.add_router("/county", county.router)


@api.exception_handler(TooManyRequests)
def too_many_requests(request, exc):
    response = api.create_response(
        request, {"detail": str(_("Too many requests. Try again later."))}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    add_never_cache_headers(response)
    return response


def urls():
    """The API's URL patterns, each view marked public: open to everyone, logged in or not
    (LoginRequiredMiddleware); the county's operations check their token themselves."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = public_view(pattern.callback)
    return patterns, app_name, namespace
