"""The cache of public pages: shared by every web process (Redis in production), and by
browsers and proxies through `ETag` and `Cache-Control`.

An anonymous GET of a public view is answered from the cache when the same URL in the same
language was rendered before under the same *data version* and the same Oslo date:

- The data version is a counter in the cache that every change to what a public page can show
  moves (`data_changed()`): a save or delete of any model of the agreements and orgs apps
  except those only staff see (PRIVATE_MODELS), the register imports and the nightly refresh
  (which write in bulk, past the signals), and each `migrate` (a deploy may change templates).
  Nothing is ever deleted from the cache: keys of an old version are simply no longer asked for
  and expire.
- The Oslo date is in every key because the public rule (valid today) turns at midnight in
  Oslo, with no write to the database.

The version and the date also make the `ETag`, so a browser or proxy that asks again with
`If-None-Match` gets a 304 without the page being rendered. Only responses that are the same for
every anonymous visitor are kept: status 200, no cookie set, no CSRF token used, and no
Cache-Control of the view's own (the health check is `@never_cache`). Streaming
responses (the open-data exports) get the headers and the 304 but are not stored.

Logged-in users are never served from the cache, and their pages are marked private, no-store.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

VERSION_KEY = "public-data-version"
WATCHED_APPS = {"agreements", "orgs"}
# Models whose rows no public page shows: their changes leave the public pages as they are.
# (A history row is written with the row it records, whose own save moves the version.)
PRIVATE_MODELS = {
    "agreements.logmessage",
    "agreements.exportjob",
    "agreements.pendingchange",
    "agreements.countyroutine",
    "agreements.remindersent",
    "orgs.registerrefresh",
    "agreements.importjob",  # an import's progress; the agreements it saves move the version
    "agreements.importreference",
    "agreements.archivefiling",
}
# Large responses are served but not stored, so that one export cannot crowd out the pages.
MAX_STORED_BYTES = 1_000_000
# The headers of a stored response that the view set; the middleware adds the others again.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
COOKIES_OF_A_VISITOR_WITH_STATE = (settings.SESSION_COOKIE_NAME, "messages")


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A start that never repeats an old version, should the key be lost (an evicted key,
        # a flushed Redis): a page of an old version must never be served as current.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def remembered(name: str, compute):
    """compute()'s value, kept in the shared cache until the data changes or the Oslo date
    turns (as the public pages are): for what many pages read and hardly any write changes
    (the municipalities of the region filters, the country's public agreement counts)."""
    key = f"remembered:{name}:{data_version()}:{timezone.localdate().isoformat()}"
    return cache.get_or_set(key, compute)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: the next read starts one
        data_version()


def data_changed() -> None:
    """What the public pages show has changed (or may have): no page rendered before is served
    again. Call after writes that bypass the model signals (bulk writes, update()).

    The version moves at once and again when the transaction commits: a page rendered in
    between, from the data before the commit, is kept under the version that the commit leaves
    behind, and is never served.
    """
    _bump()
    transaction.on_commit(_bump)


def _model_changed(sender, **kwargs):
    meta = sender._meta
    if (
        meta.app_label in WATCHED_APPS
        and meta.label_lower not in PRIVATE_MODELS
        and not meta.model_name.startswith("historical")
    ):
        data_changed()


def _migrated(sender, **kwargs):
    _bump()


def connect_signals() -> None:
    """Called once from registry.apps."""
    post_save.connect(_model_changed, dispatch_uid="public_cache.save")
    post_delete.connect(_model_changed, dispatch_uid="public_cache.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="public_cache.m2m")
    post_migrate.connect(_migrated, dispatch_uid="public_cache.migrate")


def _m2m_changed(sender, action, instance, **kwargs):
    if action.startswith("post_"):
        _model_changed(type(instance))


def _page_key(request, version: int, today) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{version}:{today:%Y%m%d}:{request.LANGUAGE_CODE}:{path}"


def _etag(version: int, today) -> str:
    return f'"{version}-{today:%Y%m%d}"'


class PublicPageCacheMiddleware:
    """Serves and stores anonymous GETs of public views (see the module's docstring). Placed
    after the authentication and language middleware: it needs to know who asks, in which
    language, and (process_view) which view answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cacheable = getattr(request, "_public_cache", None)
        if cacheable is not None:
            return self._finish(request, response, *cacheable)
        if request.user.is_authenticated:
            # Staff pages carry what only they may see: no browser or proxy keeps them.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._may_cache(request, view_func):
            return None
        version, today = data_version(), timezone.localdate()
        key, etag = _page_key(request, version, today), _etag(version, today)
        request._public_cache = (key, etag)
        stored = cache.get(key)
        if stored is None:
            return None
        not_modified = self._not_modified(request, etag)
        if not_modified is not None:
            request._public_cache = None
            return not_modified
        if stored["content"] is None:  # a streaming response: known safe, not kept
            return None
        request._public_cache = None
        response = HttpResponse(stored["content"])
        for name, value in stored["headers"]:
            response.headers[name] = value
        return self._headed(response, etag)

    def _may_cache(self, request, view_func) -> bool:
        return (
            settings.PUBLIC_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and getattr(view_func, "login_required", True) is False
            and not any(name in request.COOKIES for name in COOKIES_OF_A_VISITOR_WITH_STATE)
            and not request.user.is_authenticated
            # A call with a token (the open API's county calls) answers for its holder alone.
            and "Authorization" not in request.headers
        )

    def _finish(self, request, response, key, etag):
        if (
            response.status_code != 200
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or request.session.modified
            or response.has_header("Cache-Control")  # the view's own say (@never_cache: /healthz)
        ):
            return response
        self._headed(response, etag)
        if response.streaming:
            cache.add(key, {"content": None, "headers": []})
            return response
        if len(response.content) <= MAX_STORED_BYTES:
            headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response]
            cache.add(key, {"content": response.content, "headers": headers})
        not_modified = self._not_modified(request, etag)
        return response if not_modified is None else not_modified

    def _not_modified(self, request, etag):
        """A 304 when the visitor already has this version (If-None-Match), else None."""
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return self._headed(HttpResponseNotModified(), etag)
        return None

    @staticmethod
    def _headed(response, etag):
        response.headers["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response
