"""The pages of the open API: /api/ (what it offers, with examples) and the coordinators' API
tokens under /ansatt/api-nokler/."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api.forms import TokenForm
from api.models import ApiToken
from orgs.models import County
from registry.permissions import public, staff_only


@public
@require_GET
def api_docs(request):
    """The text is templates/api/<language>/docs.html (bokmål when there is none)."""
    language = get_language() or settings.LANGUAGE_CODE
    return render(
        request,
        "api/docs.html",
        {
            "base": request.build_absolute_uri("/api/v1").rstrip("/"),
            "text_templates": [f"api/{language}/docs.html", "api/nb/docs.html"],
        },
    )


def _coordinated_counties(request):
    policy = request.policy
    policy.require(policy.is_coordinator, _("Only the county's coordinators may do this."))
    return policy.counties(County.objects.all())


@staff_only
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The county's tokens; a new one is shown once, on the answer to the form."""
    counties = _coordinated_counties(request)
    form = TokenForm(request.POST or None, counties=counties)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(
            county=form.cleaned_data["county"],
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
            user=request.user,
        )
        form = TokenForm(counties=counties)
    listed = ApiToken.objects.filter(county__in=counties).select_related(
        "county", "created_by", "revoked_by"
    )
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": listed},
        status=400 if form.errors else 200,
    )


@staff_only
@require_POST
def revoke(request, pk):
    token = get_object_or_404(
        ApiToken.objects.filter(county__in=_coordinated_counties(request)), pk=pk
    )
    token.revoke(request.user)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens:tokens")
