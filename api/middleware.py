"""What every answer under /api/v1/ gets besides the API's own: CORS for any origin (the public
API is open data; no cookie is ever read), a Last-Modified beside the page cache's ETag with
its 304 for If-Modified-Since, and a log row for each call made with a token.

Placed around registry.public_cache.PublicPageCacheMiddleware, so the answers it serves from
the cache get the same headers."""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from api.models import ApiCall, ApiToken
from registry.public_cache import remembered

PREFIX = "/api/v1/"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
}
PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def last_modified() -> int:
    """When the public data of this version and this Oslo date was first served (as a Unix
    time): it cannot have changed since, or the version would have moved."""
    today = timezone.localdate()
    return remembered(f"api-last-modified:{today:%Y%m%d}", lambda: int(timezone.now().timestamp()))


def _set(response, headers: dict) -> None:
    for name, value in headers.items():
        response[name] = value


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            _set(response, CORS | PREFLIGHT)
            return response
        response = self.get_response(request)
        _set(response, CORS)
        token = getattr(request, "api_token", None)
        if token is not None:
            self._log(request, token, response)
        elif "ETag" in response and response.status_code in (200, 304):
            response = self._with_last_modified(request, response)
        return response

    @staticmethod
    def _with_last_modified(request, response):
        modified = last_modified()
        response["Last-Modified"] = http_date(modified)
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if (
            response.status_code == 200
            and "If-None-Match" not in request.headers
            and since is not None
            and since >= modified
        ):
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", *CORS):
                if name in response:
                    not_modified[name] = response[name]
            return not_modified
        return response

    @staticmethod
    def _log(request, token, response):
        now = timezone.now()
        ApiCall.objects.create(
            token=token,
            method=request.method,
            path=request.get_full_path()[:2000],
            status=response.status_code,
            address=request.META.get("REMOTE_ADDR") or None,
        )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
