"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import os
import re

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}

# Sync Playwright runs an event loop in this thread; pytest-django's live_server and the
# test's own database calls are safe here because they run in other threads or sequentially.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"Chromium is not installed at {CHROMIUM}, so the browser tests cannot run. "
            "Install Debian's package: sudo apt-get install chromium"
        )
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs Chromium; a skip there would hide a defect.
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A page at a phone's width against the live server. Fails the test on a CSP violation."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, base_url=live_server.url
    )
    page = context.new_page()
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    yield page
    context.close()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


@pytest.fixture
def desktop(browser, live_server):
    """A page at a laptop's width, for staff work. Fails the test on a CSP violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    # The dev provider's page asks a CDN for its stylesheet; the tests stay offline.
    page.route(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda route: route.abort())
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    yield page
    context.close()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def serious_accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
