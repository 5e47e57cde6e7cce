"""Every URL of the site. Public pages are un-namespaced; the staff pages live under one
/ansatt/ include, each area in its own namespace (staff:, log:, follow_up:, county:, exports:,
mapping:, registers:).

The pages are in bokmål at the root and in English under /en/ (i18n_patterns; the language is
the URL's, registry.middleware.LanguageMiddleware). Login (/konto/, whose Feide callback URL
is registered with Feide), the admin, /healthz and the open API (/api/v1/) stay at one URL in
both languages.

Every view is closed to anonymous visitors unless it is marked public (LoginRequiredMiddleware
and registry.permissions.public); tests/test_permission_matrix.py walks this list.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from agreements.county import urls as county_urls
from agreements.exports import urls as export_urls
from agreements.filing import urls as filing_urls
from agreements.follow_up import urls as follow_up_urls
from api import main as api_main
from registry import views

handler403 = "registry.views.permission_denied"
handler404 = "registry.views.page_not_found"

staff_urlpatterns = [
    path("", include("agreements.staff.urls")),
    path("", include("agreements.log.urls")),
    path("", include("agreements.follow_up.urls")),
    path("", include("agreements.county.urls")),
    path("", include("orgs.mapping.urls")),
    path("", include("orgs.refresh.urls")),
    path("eksport/", include("agreements.exports.urls")),
    path("", include("agreements.spreadsheet.urls")),
    path("api-nokler/", include("api.staff_urls")),
]

urlpatterns = [
    path("konto/", include("allauth.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", api_main.urls()),
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", include("orgs.urls")),
        path("", include("agreements.public.urls")),
        path("", include(export_urls.public_urlpatterns)),
        path("", include(county_urls.public_urlpatterns)),
        path("", include(follow_up_urls.public_urlpatterns)),
        path("", include(filing_urls.public_urlpatterns)),
        path("ansatt/", include(staff_urlpatterns)),
        path("om/", views.about, name="about"),
        path("personvern/", views.privacy, name="privacy"),
        path("tilgjengelighet/", views.accessibility, name="accessibility"),
        path("api/", include("api.urls")),
        prefix_default_language=False,
    ),
]
