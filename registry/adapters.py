"""allauth adapters: staff sign up and log in only through Feide, never with a local password."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """No local signup: an account is made only from a Feide login."""
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        """Anyone Feide vouches for gets an account; rights come from Feide's groups."""
        return True
