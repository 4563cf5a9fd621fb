"""A private CUPS scheduler for tests: its own config, spool, logs and socket in a temporary folder, so it
never touches (or needs) the machine's CUPS, and several test runs on one machine never meet.

    with private_cupsd() as cups:                       # skips the test only when cupsd is not installed
        cups.add_raw_queue("Badges", "socket://127.0.0.1:9100")
        CupsPrinter("Badges", server=cups.server)       # or env=cups.env for the command-line tools

Nothing is started for us in a container (no systemd, no socket activation), so cupsd runs in the
foreground (-f) as our child and is stopped by its process id: terminate, wait, kill. Every command and
every wait here is bounded in time.

Set KIOSK_REQUIRE_CUPSD=1 (CI does) to make a missing cupsd a failure instead of a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
COMMAND_TIMEOUT_S = 10.0
SERVER_BINS = ("/usr/lib/cups", "/usr/libexec/cups", "/usr/local/lib/cups")  # Debian, macOS, built from source
# lpadmin, cupsdisable and cupsd itself live in sbin, which is not on every user's PATH
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/sbin"])
# CUPS translates its own messages (LANG=de_DE gives "Drucker … ist deaktiviert"): tests read English
LOCALE = "en_US.UTF-8" if sys.platform == "darwin" else "C.UTF-8"

# No authentication anywhere: the scheduler is reachable only through a socket in our own temp folder, and
# tests must manage queues without being root (a developer's laptop) as well as as root (CI).
CUPSD_CONF = """\
Listen {root}/cups.sock
LogLevel info
MaxLogSize 0
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
# The socket backend retries a refused connection for days: tests time out long before a policy applies
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

# cups-files.conf holds every path cupsd writes to. (PidFile is not a directive in CUPS 2.4: cupsd refuses
# to start with it; we know the pid because cupsd is our child.) FileDevice lets a test use file: devices.
CUPS_FILES_CONF = """\
ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
FileDevice Yes
"""


class CupsdError(RuntimeError):
    """The private cupsd did not start or a CUPS admin command failed (with its log, to see why)."""


def find_tool(name: str) -> str | None:
    return shutil.which(name, path=SEARCH_PATH)


@dataclass
class PrivateCupsd:
    root: Path
    process: subprocess.Popen[bytes]

    @property
    def server(self) -> str:
        """What CUPS_SERVER, `cups://Queue?server=…` and CupsPrinter(server=…) take."""
        return str(self.root / "cups.sock")

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server, "LC_ALL": LOCALE}

    def run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A CUPS command-line tool against this scheduler (found in sbin too), bounded in time."""
        tool = find_tool(command[0]) or command[0]
        done = subprocess.run([tool, *command[1:]], env=self.env, capture_output=True, text=True,
                              timeout=COMMAND_TIMEOUT_S, check=False)
        if check and done.returncode != 0:
            raise CupsdError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}\n"
                             f"{self.log_tail()}")
        return done

    def add_raw_queue(self, name: str, device_uri: str, description: str = "") -> None:
        """A queue that passes the document to the device unchanged (no filter, no PPD). `-m raw` still works
        in CUPS 2.4; it only warns that raw queues are deprecated, on stderr."""
        self.run("lpadmin", "-p", name, "-E", "-v", device_uri, "-m", "raw", "-D", description or name)

    def remove_queue(self, name: str) -> None:
        self.run("lpadmin", "-x", name, check=False)  # cancels whatever jobs it still holds

    def jobs(self, queue: str, which: str = "not-completed") -> list[str]:
        """Job ids ("Badges-3") CUPS lists for `queue`: not-completed, completed (incl. cancelled), or all."""
        listing = self.run("lpstat", "-W", which, "-o", queue).stdout
        return [line.split()[0] for line in listing.splitlines() if line and not line[0].isspace()]

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = (self.root / "log" / "error_log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no cupsd error_log)"
        return "cupsd error_log:\n" + "\n".join(text.splitlines()[-lines:])


def cupsd_or_skip() -> str:
    cupsd = find_tool("cupsd")
    if cupsd is None:
        reason = "cupsd is not installed (Debian: apt-get install cups cups-client)"
        if os.environ.get("KIOSK_REQUIRE_CUPSD") == "1":
            pytest.fail(f"KIOSK_REQUIRE_CUPSD=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return cupsd


@contextmanager
def private_cupsd(backends: Mapping[str, str] | None = None) -> Iterator[PrivateCupsd]:
    """`backends`: extra CUPS backends (scheme → script) a test's queues may use as `scheme://…` devices."""
    cupsd = cupsd_or_skip()
    # A short path of our own (a Unix socket path must stay under ~104 bytes), readable by the `lp` user that
    # cupsd runs backends as when it runs as root: mkdtemp's 0700 would hide the spool files from them.
    root = Path(tempfile.mkdtemp(prefix="cupsd-"))
    try:
        root.chmod(0o755)
        _write_config(root, backends or {})
        with open(root / "log" / "stderr", "wb") as stderr:  # the child keeps its own copy of the handle
            process = subprocess.Popen(
                [cupsd, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        scheduler = PrivateCupsd(root, process)
        try:
            _wait_until_running(scheduler)
            yield scheduler
        finally:
            _stop(process)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _write_config(root: Path, backends: Mapping[str, str]) -> None:
    for folder in ("spool", "tmp", "cache", "state", "log"):
        (root / folder).mkdir()
    files = CUPS_FILES_CONF.format(root=root) + (_server_bin(root, backends) if backends else "")
    (root / "cupsd.conf").write_text(CUPSD_CONF.format(root=root), encoding="utf-8")
    (root / "cups-files.conf").write_text(files, encoding="utf-8")


def _server_bin(root: Path, backends: Mapping[str, str]) -> str:
    """cupsd runs backends only from ServerBin/backend, so a test backend needs a ServerBin of our own: links to
    the system's filters, daemons and backends, plus the test's scripts (0755: cupsd runs them as `lp`)."""
    system = next((Path(p) for p in SERVER_BINS if Path(p, "backend").is_dir()), None)
    if system is None:
        raise CupsdError(f"no CUPS ServerBin with backends in {', '.join(SERVER_BINS)}")
    ours = root / "serverbin"
    (ours / "backend").mkdir(parents=True)
    for entry in system.iterdir():
        if entry.name != "backend":
            (ours / entry.name).symlink_to(entry)
    for entry in (system / "backend").iterdir():
        (ours / "backend" / entry.name).symlink_to(entry)
    for scheme, script in backends.items():
        (ours / "backend" / scheme).write_text(script, encoding="utf-8")
        (ours / "backend" / scheme).chmod(0o755)
    return f"ServerBin {ours}\n"


def _wait_until_running(scheduler: PrivateCupsd) -> None:
    """`lpstat -r` answers "scheduler is running" once cupsd listens; it usually takes a few milliseconds."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if scheduler.process.poll() is not None:
            stderr = (scheduler.root / "log" / "stderr").read_text(errors="replace").strip()
            raise CupsdError(f"cupsd exited with {scheduler.process.returncode}: {stderr}\n{scheduler.log_tail()}")
        done = scheduler.run("lpstat", "-r", check=False)
        if done.returncode == 0 and "scheduler is running" in done.stdout:
            return
        time.sleep(0.05)
    raise CupsdError(f"cupsd did not answer within {START_TIMEOUT_S:g} s\n{scheduler.log_tail()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """cupsd stops its jobs (and their backends) on SIGTERM; SIGKILL only if it hangs."""
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT_S)
