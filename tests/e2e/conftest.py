"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import os
import re

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# axe runs at both on every page the suite checks (WCAG 1.4.10: 375 px is a small phone).
AXE_WIDTHS = {"375 px": PHONE, "desktop": DESKTOP}
BLOCKING = {"serious", "critical"}

# Sync Playwright runs an event loop in this thread; pytest-django's live_server and the
# test's own database calls are safe here because they run in other threads or sequentially.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The one opt-out: SKIP_BROWSER_TESTS=1 skips the browser tests, loudly (in the skip reason and
# the summary). CI ignores it: there a skip would hide a defect. Without it a missing Chromium
# fails every browser test with the command that installs it.
SKIP_BROWSER_TESTS = os.environ.get("SKIP_BROWSER_TESTS") == "1" and not os.environ.get("CI")


def install_chromium_command() -> str:
    sudo = "" if os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends chromium"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter):
    if SKIP_BROWSER_TESTS:
        terminalreporter.write_line(
            "SKIP_BROWSER_TESTS=1: the browser tests (tests/e2e) were SKIPPED, not run.",
            red=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser():
    if SKIP_BROWSER_TESTS:
        pytest.skip("SKIP_BROWSER_TESTS=1: the browser tests are skipped on request")
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}, so the browser tests cannot run. "
            f"Install Debian's package: {install_chromium_command()} "
            "(`make test` does it through scripts/install-system-packages), or set CHROMIUM_PATH. "
            "SKIP_BROWSER_TESTS=1 skips these tests instead.",
            pytrace=False,
        )
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
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    # The dev provider's page asks a CDN for its stylesheet; the tests stay offline.
    page.route(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda route: route.abort())
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    yield page
    context.close()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def serious_accessibility_violations(page) -> list[str]:
    """axe-core on the page as it is, at 375 px and at a desktop's width: the serious and
    critical violations, each with the width it was found at. The viewport is put back after."""
    from axe_playwright_python.base import AXE_SCRIPT

    original = page.viewport_size
    found = []
    try:
        for width, viewport in AXE_WIDTHS.items():
            page.set_viewport_size(viewport)
            if not page.evaluate("typeof window.axe === 'object'"):
                page.evaluate(AXE_SCRIPT)
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            found += [
                f"{width}: {v['id']} ({v['impact']}): {v['help']} "
                f"{[node['target'] for node in v['nodes'][:3]]}"
                for v in results["violations"]
                if v["impact"] in BLOCKING
            ]
    finally:
        page.set_viewport_size(original)
    return found


def assert_no_sideways_scrolling(page) -> None:
    """The document is no wider than a 375 px phone. (A mobile browser widens its viewport to
    fit content that overflows, so innerWidth is checked against the phone's width too.)"""
    original = page.viewport_size
    page.set_viewport_size(PHONE)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.set_viewport_size(original)
    assert max(widths) <= PHONE["width"], f"{page.url}: {widths} at {PHONE['width']} px"


def log_in_as(page, user, live_server) -> None:
    """Logs `user` in in the page's browser context without the Feide round trip (a session
    made by Django's test client), for tests about the pages rather than the login."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
