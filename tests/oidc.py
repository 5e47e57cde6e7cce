"""The Feide stand-in for tests: registry.dev_oidc's provider on a thread, and a login helper.

The login goes through the real redirects: our login view, the provider's authorization form,
our callback, which exchanges the code with the provider and validates the ID token.
"""

import copy
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.utils.csp import CSP

from registry.dev_oidc import run_in_thread

LOGIN_PATH = "/konto/oidc/feide/login/"
CALLBACK_PATH = "/konto/oidc/feide/login/callback/"


@pytest.fixture(scope="session")
def oidc_provider():
    """The base URL of a provider serving on a thread for the whole session."""
    with run_in_thread() as url:
        yield url


class Feide:
    def __init__(self, url: str):
        self.url = url

    @property
    def groups_url(self) -> str:
        return f"{self.url}/groups/me/groups"

    def set_user(self, sub: str, *, groups: list[dict], **claims) -> None:
        """Sets the user's claims on the provider (its own `PUT /users/<sub>`)."""
        response = requests.put(
            f"{self.url}/users/{sub}", json={**claims, "groups": groups}, timeout=10
        )
        assert response.status_code == 204, response.text

    def start(self, client, next_url: str = ""):
        """Our login view: a POST answered by a redirect to the provider's authorization URL."""
        response = client.post(LOGIN_PATH + (f"?next={next_url}" if next_url else ""))
        assert response.status_code == 302, response.content.decode()[:500]
        assert response.url.startswith(f"{self.url}/oauth2/authorize?"), response.url
        return response

    def authorize(self, authorize_url: str, sub: str) -> str:
        """The provider's authorization form, submitted as `sub`; returns our callback URL."""
        form = requests.get(authorize_url, timeout=10)
        assert form.status_code == 200, form.text[:500]
        assert 'name="sub"' in form.text
        response = requests.post(
            authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text[:500]
        callback = urlsplit(response.headers["Location"])
        assert callback.path == CALLBACK_PATH, response.headers["Location"]
        assert {"code", "state"} <= parse_qs(callback.query).keys()
        return f"{callback.path}?{callback.query}"

    def login(self, client, sub: str, next_url: str = ""):
        """The whole login; returns the response of our callback."""
        callback = self.authorize(self.start(client, next_url).url, sub)
        return client.get(callback)


@pytest.fixture
def feide(oidc_provider, settings):
    """Points the Feide app, the groups API and the CSP's form-action at the provider thread."""
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    (app,) = providers["openid_connect"]["APPS"]
    app["settings"]["server_url"] = oidc_provider
    settings.SOCIALACCOUNT_PROVIDERS = providers
    feide = Feide(oidc_provider)
    settings.FEIDE_GROUPS_API_URL = feide.groups_url
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, oidc_provider]}
    return feide
