"""/verifiser/ (/en/verifiser/): anyone uploads a PDF and learns whether it carries the
registry's seal intact, which agreement and version it seals, and whether that version is still
the agreement's current one.

The check changes and stores nothing, so the form needs no CSRF token (and the public page sets
no cookie); uploads count against the VERIFY rate limit per address (registry/limits.py).
"""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from agreements.filing import verify as checks
from registry import limits
from registry.permissions import public


class VerifyForm(forms.Form):
    pdf = forms.FileField(
        label=gettext_lazy("The PDF to check"),
        help_text=gettext_lazy("An agreement's PDF from the registry, as you received it."),
        error_messages={"required": gettext_lazy("Choose a PDF file to check.")},
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        limit = settings.VERIFY_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the page checks files of up to %(limit)s MB.")
                % {"size": round(upload.size / 1024 / 1024), "limit": limit // 1024 // 1024}
            )
        head = upload.read(1024)
        upload.seek(0)
        if not checks.looks_like_pdf(head):
            raise forms.ValidationError(_("This is not a PDF file. Choose the agreement's PDF."))
        return upload


@public
@csrf_exempt
@require_http_methods(["GET", "POST"])
@limits.limited(limits.VERIFY, when=lambda request: request.method == "POST")
def verify_pdf(request):
    verdict = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            verdict = checks.verify(form.cleaned_data["pdf"].read())
    else:
        form = VerifyForm()
    response = render(
        request,
        "filing/verify.html",
        {"form": form, "verdict": verdict, "max_mb": settings.VERIFY_MAX_BYTES // 1024 // 1024},
        status=400 if form.errors else 200,
    )
    if request.method == "POST":
        response["Cache-Control"] = "private, no-store"
    return response
