from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from registry.permissions import NoStaffRights, public
from registry.templatetags.norwegian import site_operator


@public
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def _about_page(name, title):
    """A page about the registry itself. Its text is templates/about/<language>/<name>.html
    (bokmål when there is none in the visitor's language), for the operator to change; the
    operator's name and address come from the settings."""

    @public
    @require_GET
    def view(request):
        language = get_language() or settings.LANGUAGE_CODE
        context = {
            "title": title,
            "text_templates": [f"about/{language}/{name}.html", f"about/nb/{name}.html"],
            "operator": site_operator(),
        }
        return render(request, "about/page.html", context)

    view.__name__ = name
    return view


# Who runs the registry, the privacy statement and the accessibility statement
# (tilgjengelighetserklæring), each linked from the footer.
about = _about_page("about", _("About the registry"))
privacy = _about_page("privacy", _("Privacy statement"))
accessibility = _about_page("accessibility", _("Accessibility statement"))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    """403 with the reason the permission policy gave, in the user's language."""
    if isinstance(exception, NoStaffRights):
        return render(request, "staff/no_rights.html", status=403)
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)
