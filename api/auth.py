"""A county's API token: `Authorization: Bearer <token>`. Usable while not revoked nor
expired, and while the coordinator who made it still coordinates its county (the policy,
registry.permissions.Policy). Each call with it is limited per token and logged
(api/middleware.py)."""

from ninja.security import HttpBearer

from api.models import ApiToken
from registry import limits
from registry.permissions import Policy


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token or len(token) > 200 or "\x00" in token:
            return None
        found = ApiToken.objects.for_secret(token)
        if found is None:
            return None
        if not Policy.for_user(found.created_by).coordinates(found.county_id):
            return None
        request.api_token = found
        limits.check_limit(request, limits.API_TOKEN)
        return found


def token_rate_key(group, request) -> str:
    """django-ratelimit's key of a token call: the token."""
    return f"token:{request.api_token.pk}"


def token_policy(token) -> Policy:
    """What the token reaches: what a coordinator of its county reaches, no more (never an
    administrator's everything, whoever made it)."""
    from django.contrib.auth.models import AnonymousUser

    return Policy(AnonymousUser(), county_ids={token.county_id})
