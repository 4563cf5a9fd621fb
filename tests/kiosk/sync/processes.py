"""The processes of the multi-process sync test (tests/kiosk/sync/test_multiprocess.py): a child process that
dies with the test, the `kiosk hub` child restarted on the same port, free ports, and reading the stores from
the outside, read-only."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
CODE = "MULTIPR0C"
EVENT = "conf"

# Children die with the test process even if it is killed itself (Linux: PR_SET_PDEATHSIG survives exec).
_LAUNCH = ("import ctypes, os, sys\n"
           "ctypes.CDLL(None).prctl(1, 9)\n"
           "if os.getppid() != int(sys.argv[1]): os._exit(9)\n"
           "os.execv(sys.executable, [sys.executable, *sys.argv[2:]])")


class ChildFailed(RuntimeError):
    pass


class Child:
    """One child process in a process group of its own; stdout and stderr go to files in the folder."""

    def __init__(self, name: str, argv: list[str], folder: Path, env: dict[str, str]) -> None:
        self.name, self.argv, self.folder, self.env = name, argv, folder, env
        self.popen: subprocess.Popen[bytes] | None = None
        self.incarnation = 0

    def start(self) -> None:
        self.incarnation += 1
        argv = ([sys.executable, "-c", _LAUNCH, str(os.getpid()), *self.argv] if sys.platform == "linux"
                else [sys.executable, *self.argv])
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=REPO,
                                          env=self.env, start_new_session=True)

    @property
    def out_path(self) -> Path:
        return self.folder / f"{self.name}.{self.incarnation}.out"

    @property
    def err_path(self) -> Path:
        return self.folder / f"{self.name}.{self.incarnation}.err"

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def check(self) -> None:
        """A child that ended without being told to is a failure: say what it said."""
        if self.popen is not None and self.popen.poll() is not None:
            raise ChildFailed(f"{self.name} (run {self.incarnation}) exited with {self.popen.returncode}:\n"
                              f"{self.tail()}")

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.err_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL to the whole group: a crash, no clean-up of any kind."""
        if self.popen is None or self.popen.poll() is not None:  # reaped: its pid may belong to another now
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)

    def stop(self, timeout_s: float = 10.0) -> int | None:
        """SIGTERM (a normal stop), SIGKILL if it does not end in time. Returns its exit code."""
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.popen.returncode


class Hub(Child):
    def __init__(self, folder: Path, port: int, env: dict[str, str]) -> None:
        argv = ["-m", "kiosk.cli", "hub", "--host", "127.0.0.1", "--port", str(port), "--data-dir",
                str(folder / "hub-data"), "--event", EVENT, "--enrol-code", CODE, "--backup-every", "0"]
        super().__init__("hub", argv + optional_hub_flags(env), folder, env)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.path = folder / "hub-data" / "hub" / f"{EVENT}.sqlite"

    def start_ready(self, timeout_s: float = 30.0) -> None:
        """Start and wait until it accepts connections (a restart may find the port briefly taken)."""
        for _ in range(5):
            self.start()
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and self.alive():
                if "hub: " in self.out_path.read_text(encoding="utf-8", errors="replace") and accepts(self.port):
                    return
                time.sleep(0.05)
            if self.alive():
                break
            if "cannot listen" not in self.tail():
                self.check()
            time.sleep(0.5)
        self.kill()
        raise ChildFailed(f"the hub did not start on port {self.port}:\n{self.tail()}")


def kill_all(children: list[Child]) -> None:
    for child in children:
        child.kill()


def optional_hub_flags(env: dict[str, str]) -> list[str]:
    """Flags `kiosk hub` may have gained: --no-mdns (loopback only; nothing to announce)."""
    shown = subprocess.run([sys.executable, "-m", "kiosk.cli", "hub", "--help"], capture_output=True, text=True,
                           cwd=REPO, env=env, timeout=60).stdout
    return ["--no-mdns"] if "--no-mdns" in shown else []


def accepts(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def free_port() -> int:
    """A free port BELOW the ephemeral range: while the hub is down, no outgoing connection (the proxy's own,
    trying to reach it) can be given its port, which would block the restart or even connect to itself."""
    low = 32768
    with contextlib.suppress(OSError, ValueError):
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    start = 20000 + os.getpid() % 5000
    for port in itertools.chain(range(start, low), range(10000, start)):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


# --- reading the stores from the outside (read-only) --------------------------------------------------------


@contextlib.contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        yield conn
    finally:
        conn.close()


def own(path: Path, device: str) -> int:
    return count(path, "WHERE device = ?", (device,))


def count(path: Path, where: str = "", args: tuple[str, ...] = ()) -> int:
    """How many events the file holds (0 while its process is still creating it)."""
    if not path.exists():
        return 0
    try:
        with reading(path) as conn:
            return int(conn.execute(f"SELECT count(*) FROM events {where}", args).fetchone()[0])
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        raise


def rows(path: Path) -> list[tuple[Any, ...]]:
    with reading(path) as conn:
        return conn.execute("SELECT id, device, seq, hlc, type, body, actor, at FROM events").fetchall()


def ids(path: Path) -> set[str]:
    with reading(path) as conn:
        return {i for (i,) in conn.execute("SELECT id FROM events")}
