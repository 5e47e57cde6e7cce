"""/ansatt/registre/: the national registers' refresh, for administrators.

Each feed's last run, its counts, its position in Enhetsregisteret's update feed and its last
failure, and when the worker's next nightly run is queued.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from orgs.refresh.models import RegisterRefresh
from orgs.refresh.tasks import next_scheduled_run

ONLY_ADMINISTRATORS = _("Only administrators may see the refresh of the national registers.")


@require_GET
def register_status(request):
    request.policy.require(request.policy.may_see_register_status, ONLY_ADMINISTRATORS)
    return render(
        request,
        "refresh/status.html",
        {"feeds": RegisterRefresh.objects.in_order(), "next_run": next_scheduled_run()},
    )
