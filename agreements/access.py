"""Access checks for the staff pages. Every staff view starts with one of these."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from registry.roles import request_roles


def forbidden(request, reason: str = ""):
    return render(request, "403.html", {"reason": reason}, status=403)


def staff_required(view):
    """Anonymous users go to the login page; logged-in users without a role get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        roles = request_roles(request)
        if not roles.is_staff:
            return render(request, "staff/no_rights.html", status=403)
        request.roles = roles
        return view(request, *args, **kwargs)

    return wrapper
