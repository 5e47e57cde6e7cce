"""HTTP to the national registers, with backoff.

One requests session with urllib3's Retry: a 429 or a 5xx (and a dropped connection) is tried
again after a wait that doubles each time, or after the register's Retry-After, each wait at
most REGISTER_HTTP_MAX_WAIT_SECONDS. After REGISTER_HTTP_RETRIES retries the request fails
with RegisterUnavailable, so a run waits at most retries × max wait on one request before it
fails and records the failure. The three settings have defaults here; tests make the waits
tiny.
"""

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)
TIMEOUT_SECONDS = (10, 120)  # connect, read


class RegisterUnavailable(Exception):
    """A register did not answer, or answered with an error, after every retry."""

    def __init__(self, url: str, error: Exception):
        super().__init__(f"{url}: {reason_of(error)}")
        self.url = url


def reason_of(error: Exception) -> str:
    """What went wrong, in a line: "too many 503 error responses", "HTTP 404", …"""
    if isinstance(error, requests.exceptions.RetryError):
        return str(getattr(error.args[0], "reason", None) or error)
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"HTTP {error.response.status_code}"
    if isinstance(error, requests.RequestException):
        return type(error).__name__
    return f"not JSON ({error})"


def http_setting(name: str, default):
    return getattr(settings, name, default)


class RegisterClient:
    def __init__(self):
        retries = int(http_setting("REGISTER_HTTP_RETRIES", 6))
        max_wait = float(http_setting("REGISTER_HTTP_MAX_WAIT_SECONDS", 120))
        retry = Retry(
            total=retries,
            backoff_factor=float(http_setting("REGISTER_HTTP_BACKOFF_SECONDS", 2)),
            backoff_max=max_wait,
            retry_after_max=max_wait,
            status_forcelist=RETRY_STATUSES,
            allowed_methods={"GET"},
            respect_retry_after_header=True,
            raise_on_status=True,
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {"Accept": "application/json", "User-Agent": "Samarbeidsregisteret register refresh"}
        )

    def get_json(self, url: str, params: dict | None = None):
        try:
            response = self.session.get(url, params=params, timeout=TIMEOUT_SECONDS)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise RegisterUnavailable(url, error) from error

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
