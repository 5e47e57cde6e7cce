"""scripts/install-system-packages and scripts/check_system.py: what `make test` and CI run first.

The script runs with PATH set to a folder of stubs only (dpkg-query, id, and apt-get and sudo
where a test wants them), so nothing is installed: the stubs record what would be run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = settings.BASE_DIR / "scripts" / "install-system-packages"
CHECK = settings.BASE_DIR / "scripts" / "check_system.py"
ALL_PACKAGES = [
    "chromium",
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "fonts-dejavu-core",
    "gettext",
]

# `dpkg-query -W -f='${Status}' PACKAGE`: installed when $STUB_STATE/installed/PACKAGE exists.
DPKG_QUERY = """#!/bin/sh
for package; do :; done
if [ -e "$STUB_STATE/installed/$package" ]; then printf 'install ok installed'; exit 0; fi
echo "dpkg-query: no packages found matching $package" >&2
exit 1
"""
ID = """#!/bin/sh
echo "$STUB_UID"
"""
# Records the call; `install` marks its packages installed, unless STUB_APT_FAILS is set.
APT_GET = """#!/bin/sh
echo "apt-get $* DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-}" >> "$STUB_STATE/calls"
[ -z "${STUB_APT_FAILS:-}" ] || exit 100
if [ "$1" = install ]; then
    for a; do case $a in install|-*) ;; *) : > "$STUB_STATE/installed/$a" ;; esac; done
fi
"""
SUDO = """#!/bin/sh
echo "sudo $*" >> "$STUB_STATE/calls"
[ "$1" = -n ] && shift
exec "$@"
"""


class Machine:
    """A stub Debian machine: which packages are installed, which tools exist, who we are."""

    def __init__(self, root: Path):
        self.bin = root / "bin"
        self.state = root / "state"
        (self.state / "installed").mkdir(parents=True)
        self.bin.mkdir()
        self.tool("dpkg-query", DPKG_QUERY)
        self.tool("id", ID)
        (self.bin / "env").symlink_to("/usr/bin/env")
        self.uid = 1000

    def tool(self, name: str, text: str) -> None:
        path = self.bin / name
        path.write_text(text)
        path.chmod(0o755)

    def install(self, *packages: str) -> None:
        for package in packages:
            (self.state / "installed" / package).touch()

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["/bin/bash", str(SCRIPT), *args],
            env={
                "PATH": str(self.bin),
                "STUB_STATE": str(self.state),
                "STUB_UID": str(self.uid),
                **env,
            },
            stdin=subprocess.DEVNULL,  # no terminal: sudo must not wait for a password
            capture_output=True,
            text=True,
            timeout=30,
        )

    @property
    def calls(self) -> list[str]:
        path = self.state / "calls"
        return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_nothing_missing_installs_nothing(machine):
    machine.install(*ALL_PACKAGES)
    machine.tool("apt-get", APT_GET)
    result = machine.run()
    assert (result.returncode, result.stderr) == (0, "")
    assert machine.calls == []


@pytest.mark.parametrize(("uid", "sudo"), [(1000, "sudo "), (0, "")])
def test_a_missing_package_without_apt_get_fails_with_the_exact_command(machine, uid, sudo):
    machine.install(*(p for p in ALL_PACKAGES if p != "chromium"))
    machine.uid = uid
    result = machine.run()
    assert result.returncode == 1
    assert "Missing system packages: chromium, and there is no apt-get" in result.stderr
    command = f"{sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends chromium"
    assert f"\n    {command}\n" in result.stderr


def test_installs_what_is_missing_through_sudo_without_waiting_for_a_password(machine):
    machine.install("chromium", "fonts-dejavu-core", "gettext")
    machine.tool("apt-get", APT_GET)
    machine.tool("sudo", SUDO)
    result = machine.run()
    assert result.returncode == 0, result.stderr
    missing = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
    assert f"Installing system packages: {missing} (with sudo)" in result.stderr
    assert machine.calls == [
        "sudo -n apt-get update -qq",
        "apt-get update -qq DEBIAN_FRONTEND=",
        f"sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
        f"--no-install-recommends {missing}",
        f"apt-get install -y -qq --no-install-recommends {missing} DEBIAN_FRONTEND=noninteractive",
    ]


def test_as_root_installs_without_sudo(machine):
    machine.uid = 0
    machine.tool("apt-get", APT_GET)
    result = machine.run("browser")
    assert result.returncode == 0, result.stderr
    assert machine.calls == [
        "apt-get update -qq DEBIAN_FRONTEND=",
        "apt-get install -y -qq --no-install-recommends chromium DEBIAN_FRONTEND=noninteractive",
    ]


def test_without_sudo_it_gives_the_command_for_root(machine):
    machine.tool("apt-get", APT_GET)
    result = machine.run("pdf")
    assert result.returncode == 1
    assert "needs root, and there is no sudo. As root, run:" in result.stderr
    assert (
        "\n    apt-get update && apt-get install -y --no-install-recommends "
        "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core\n"
    ) in result.stderr
    assert machine.calls == []


def test_when_apt_get_fails_it_gives_the_command(machine):
    machine.tool("apt-get", APT_GET)
    machine.tool("sudo", SUDO)
    result = machine.run("messages", STUB_APT_FAILS="1")
    assert result.returncode == 1
    assert "Could not install the system packages gettext" in result.stderr
    assert (
        "\n    sudo apt-get update && sudo apt-get install -y --no-install-recommends gettext\n"
        in result.stderr
    )


def test_not_debian_fails_with_the_debian_command(machine):
    (machine.bin / "dpkg-query").unlink()
    result = machine.run()
    assert result.returncode == 1
    assert "this is not Debian or Ubuntu" in result.stderr
    command = "sudo apt-get update && sudo apt-get install -y --no-install-recommends "
    assert f"\n    {command}{' '.join(ALL_PACKAGES)}\n" in result.stderr
    assert "SKIP_SYSTEM_PACKAGES=1" in result.stderr


def test_skip_browser_tests_leaves_chromium_out_loudly_but_not_in_ci(machine):
    machine.install(*(p for p in ALL_PACKAGES if p != "chromium"))
    result = machine.run(SKIP_BROWSER_TESTS="1")
    assert result.returncode == 0
    assert "SKIP_BROWSER_TESTS=1: NOT installing Chromium" in result.stderr
    in_ci = machine.run(SKIP_BROWSER_TESTS="1", CI="true")
    assert in_ci.returncode == 1
    assert "apt-get install -y --no-install-recommends chromium\n" in in_ci.stderr


def test_an_unknown_group_is_refused(machine):
    result = machine.run("fonts")
    assert result.returncode == 2
    assert "the groups are: browser pdf messages" in result.stderr


def test_check_system_fails_without_chromium_with_the_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SKIP_BROWSER_TESTS", "CI")}
    env["CHROMIUM_PATH"] = str(tmp_path / "no-chromium")
    result = subprocess.run(
        [sys.executable, str(CHECK), "browser"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    sudo = "" if os.geteuid() == 0 else "sudo "
    assert (
        f"\n    {sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends chromium\n"
        in result.stderr
    )
