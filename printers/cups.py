"""`cups://Queue[?server=/path/cups.sock|host[:port]][&timeout=60]`: a badge through a CUPS queue.

DYMO LabelWriters and office printers print through CUPS on Linux and macOS. The badge goes to the queue as
a PDF (CUPS's filters turn it into what the printer speaks), with the command-line tools every CUPS install
has (`lp`, `lpstat`, `cancel`): pycups builds only from source. Without `server`, the tools ask the server
of the environment (CUPS_SERVER, client.conf, else the local scheduler).

"Accepted by CUPS" is not "printed": a queue takes jobs while its printer is unplugged, and would print them
hours later. So `print_document` follows the job until CUPS has sent it to the printer and confirms with the
job id ("Badges-12"). When the queue is stopped, the printer reports an error (paper out), the job is held,
or the wait runs out, it cancels the job (the desk's persistent print queue retries; a badge must not also
come out later by itself) and raises PrinterError in words, with CUPS's own reason.
"""

from __future__ import annotations

import dataclasses
import getpass
import http.client
import itertools
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass

from kiosk.devices import CONNECT_TIMEOUT_S, Document, PrinterError, PrinterStatus

JOB_TIMEOUT_S = 60.0  # a label takes seconds; an office printer waking up can take half a minute
ERROR_GRACE_S = CONNECT_TIMEOUT_S  # how long a job may wait on a printer that reports an error (paper out)
POLL_S = (0.05, 0.1, 0.2, 0.3, 0.5)  # a local job is done in ~50 ms; a slow one is not asked 20 times a second
_REQUEST_ID = re.compile(r"request id is (\S+)-(\d+)")
_FORBIDDEN = re.compile(r"[\s/\\#?'\"]")  # what CUPS does not allow in a queue name
# CUPS translates its messages (LANG=de_DE gives "Drucker … ist deaktiviert"); we read English, in UTF-8
_LOCALE = "en_US.UTF-8" if sys.platform == "darwin" else "C.UTF-8"
# printer-state-reasons ending in -error mean the printer cannot print until a person acts (RFC 8011 5.4.12)
_REASON_WORDS = {"media-empty": "paper out", "media-needed": "paper out", "media-jam": "paper jam",
                 "door-open": "cover open", "cover-open": "cover open", "marker-supply-empty": "ink or toner empty",
                 "toner-empty": "toner empty", "offline": "printer offline", "shutdown": "printer switched off"}
_CANCELED, _ABORTED, _COMPLETED = 7, 8, 9  # IPP job-state


@dataclass(frozen=True, slots=True)
class QueueState:
    enabled: bool
    accepting: bool
    printing: str  # the job id it is printing, or ""
    message: str  # printer-state-message: why it is stopped, or what the printer last said
    reasons: tuple[str, ...] = ()  # printer-state-reasons: "media-empty-error", …

    @property
    def errors(self) -> list[str]:
        return [_REASON_WORDS.get(r[:-6], r[:-6].replace("-", " ")) for r in self.reasons if r.endswith("-error")]


@dataclass(frozen=True, slots=True)
class JobEntry:
    id: str  # "Badges-12"
    message: str  # what the printer said while printing it
    reasons: tuple[str, ...]  # job-state-reasons: "job-printing", "job-hold-until-specified", …


class CupsPrinter:
    def __init__(self, queue: str, server: str | None = None, *, timeout: float = JOB_TIMEOUT_S) -> None:
        if not queue or _FORBIDDEN.search(queue):
            raise PrinterError(f"{queue!r} is not a CUPS queue name: say which queue, e.g. cups://DYMO_LabelWriter")
        self.queue, self.server, self.timeout = queue, server or None, timeout
        settings = {"server": self.server, "timeout": f"{timeout:g}" if timeout != JOB_TIMEOUT_S else None}
        query = urllib.parse.urlencode({k: v for k, v in settings.items() if v}, safe="/:")
        self.name = f"cups://{urllib.parse.quote(queue)}" + (f"?{query}" if query else "")

    @classmethod
    def from_url(cls, url: str) -> CupsPrinter:
        """Only reads the address: nothing is asked of CUPS until something is printed or checked."""
        parts = urllib.parse.urlsplit(url.strip())
        if parts.netloc and parts.path.strip("/"):
            raise PrinterError(f"{url}: the queue's name comes right after cups://; say where CUPS runs with "
                               "?server=, e.g. cups://Badges?server=printhost:631")
        queue = urllib.parse.unquote(parts.netloc or parts.path.lstrip("/"))
        settings = {k: v[-1].strip() for k, v in urllib.parse.parse_qs(parts.query).items()}
        unknown = sorted(set(settings) - {"server", "timeout"})
        if parts.scheme.lower() != "cups" or not queue or unknown:
            raise PrinterError(f"{url}: say which CUPS queue, e.g. cups://DYMO_LabelWriter, optionally "
                               "?server=/run/cups/cups.sock or ?server=printhost:631 and &timeout=60 (seconds)")
        try:
            timeout = float(settings.get("timeout", JOB_TIMEOUT_S))
        except ValueError:
            raise PrinterError(f"{url}: timeout is a number of seconds, e.g. timeout=60") from None
        return cls(queue, settings.get("server"), timeout=timeout)

    def encode(self, document: Document) -> bytes:
        return document.pdf()  # CUPS takes the PDF itself; its filters make the printer's language

    def print_document(self, document: Document) -> str:
        return self.print_pdf(self.encode(document), document.title)

    def print_pdf(self, pdf: bytes, title: str) -> str:
        """Submit, then follow the job to its end; the CUPS job id is the confirmation."""
        return self._follow(self._submit(pdf, title))

    def status(self) -> PrinterStatus:
        state = self._state()
        if not state.enabled:
            return PrinterStatus(False, f"the CUPS queue {self.queue} is stopped: {_reason(state)}")
        if not state.accepting:
            return PrinterStatus(False, f"the CUPS queue {self.queue} refuses new jobs: {_reason(state)}")
        if state.errors:
            return PrinterStatus(False, _printer_says(state))
        said = f": {state.message}" if state.message else ""
        if state.printing:
            return PrinterStatus(True, f"printing {state.printing}{said}")
        return PrinterStatus(True, f"ready (the printer last said{said})" if said else "ready")

    # --- the job ---------------------------------------------------------------------------------------------

    def _submit(self, pdf: bytes, title: str) -> str:
        # On stdin: no temporary file to clean up; lp streams it to the scheduler
        clean_title = "".join(c if c.isprintable() else " " for c in title)[:200] or "badge"
        done = self._run("lp", "-d", self.queue, "-t", clean_title, stdin=pdf)
        found = _REQUEST_ID.search(done.stdout)
        if found is None:
            raise PrinterError(f"CUPS did not say which job it made ({done.stdout.strip() or 'no answer'})")
        return f"{found[1]}-{found[2]}"

    def _follow(self, job: str) -> str:
        started = time.monotonic()
        for poll in itertools.count():
            entry = self._jobs("not-completed").get(_number(job))
            if entry is None:
                return self._finished(job)
            waited = time.monotonic() - started
            problem = self._problem(job, entry, waited)
            if problem:
                return self._give_up(job, problem)
            time.sleep(min(POLL_S[min(poll, len(POLL_S) - 1)], max(0.0, self.timeout - waited)))
        raise AssertionError("unreachable")  # itertools.count() never ends

    def _problem(self, job: str, entry: JobEntry, waited: float) -> str:
        """Why the job will not print by itself (soon enough), or "" while it is on its way."""
        state = self._state()
        if not state.enabled:  # a stopped queue keeps its jobs until a person starts it again
            return f"the CUPS queue {self.queue} is stopped: {_reason(state)}"
        # CUPS keeps the job until someone loads paper or closes the cover. But a reason outlives its cause
        # (cupsd keeps what a backend reported until a backend clears it), so a job that may still be moving
        # gets a moment before the printer's word is taken.
        if state.errors and waited >= min(ERROR_GRACE_S, self.timeout):
            return _printer_says(state)
        held = [r for r in entry.reasons if "hold" in r or "held" in r or r == "job-stopped"]
        if held:  # a held job waits for a person (or a password) to release it
            return f"CUPS holds job {job} ({', '.join(held)})"
        if waited >= self.timeout:
            doing = entry.message or state.message or (
                "printing" if _number(state.printing) == _number(job) else "waiting its turn")
            return f"CUPS still has job {job} after {self.timeout:g} s: {doing}"
        return ""

    def _finished(self, job: str) -> str:
        """The job left the active list: completed, or cancelled or aborted (a backend or filter gave up).
        lpstat cannot tell which (every finished job reads "processing-to-stop-point"), so ask CUPS for the
        job's state over IPP; only if that is refused (an encrypted or password-protected remote server), trust
        the reasons lpstat shows."""
        told = ipp_job_state(int(_number(job)), self.server)
        if told is not None:
            state, reasons, message = told
            if state == _COMPLETED and "job-completed-with-errors" not in reasons:
                return job
            if state in (_CANCELED, _ABORTED, _COMPLETED):
                did = {_CANCELED: "cancelled", _ABORTED: "aborted"}.get(state, "finished with errors")
                raise PrinterError(f"CUPS {did} job {job}: {message or ', '.join(reasons) or 'no reason given'}")
        entry = self._jobs("completed").get(_number(job))
        failed = [r for r in entry.reasons if "canceled" in r or "aborted" in r] if entry else []
        if entry and failed:
            raise PrinterError(f"CUPS did not print job {job} ({', '.join(failed)}): {entry.message}".rstrip(": "))
        return job

    def _give_up(self, job: str, why: str) -> str:
        """Cancel, so that the badge does not come out later behind the desk's back, then say why."""
        try:
            done = self._run("cancel", job, check=False)
        except PrinterError as exc:  # CUPS stopped answering: the job may still be there
            raise PrinterError(f"{why}; and it could not be cancelled ({exc}): it may still print later") from exc
        said = done.stderr.strip()
        which = "" if job in why else f"job {job} "
        if done.returncode == 0 or "already canceled" in said or "already aborted" in said:
            raise PrinterError(f"{why.rstrip('.')} ({which}cancelled, so it will not print later)")
        if "already completed" in said:  # it was sent to the printer between our last look and the cancel
            return job
        raise PrinterError(f"{why.rstrip('.')}; and {which or 'it '}could not be cancelled ({said}): "
                           "it may still print later")

    # --- asking CUPS -----------------------------------------------------------------------------------------

    def _state(self) -> QueueState:
        return parse_state(self._run("lpstat", "-l", "-p", self.queue, "-a", self.queue).stdout)

    def _jobs(self, which: str) -> dict[str, JobEntry]:
        listing = self._run("lpstat", "-l", "-W", which, "-o", self.queue).stdout
        return {_number(entry.id): entry for entry in parse_jobs(listing)}

    def _run(self, *command: str, stdin: bytes = b"", check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_cups(command, self.server, stdin=stdin, check=check, queue=self.queue)


def queues(server: str | None = None) -> list[tuple[str, str, str]]:
    """(name, description, device URI) of every queue the CUPS server has; PrinterError if it does not answer."""
    done = run_cups(("lpstat", "-l", "-p", "-v"), server, check=False)
    if done.returncode != 0 and "No destinations added" not in done.stderr + done.stdout:
        raise PrinterError(_words(done, server))
    names, descriptions, devices = [], {}, {}
    for line in done.stdout.splitlines():
        if line.startswith("printer "):
            names.append(line.split()[1])
        elif line.startswith("\tDescription:") and names:
            descriptions[names[-1]] = line.partition(":")[2].strip()
        elif line.startswith("device for "):
            name, _, uri = line.removeprefix("device for ").partition(": ")
            devices[name] = uri.strip()
    return [(name, descriptions.get(name, ""), devices.get(name, "")) for name in names]


# --- reading lpstat ----------------------------------------------------------------------------------------


def parse_state(listing: str) -> QueueState:
    """`lpstat -l -p Q -a Q`: "printer Q is idle.|now printing Q-3.|disabled since … -", the message on the
    next line, "\\tAlerts: …" (printer-state-reasons); "Q accepting|not accepting requests since …"."""
    state = QueueState(True, True, "", "")
    lines = listing.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("printer "):
            now = re.search(r"now printing (\S+?)\.?\s", line + " ")
            following = lines[index + 1] if index + 1 < len(lines) else ""
            message = following.strip() if following.startswith("\t") and "Form mounted:" not in following else ""
            state = dataclasses.replace(state, enabled=" disabled since " not in line, printing=now[1] if now else "",
                                        message=message)
        elif line.startswith("\tAlerts:"):
            state = dataclasses.replace(state, reasons=tuple(r for r in line.split()[1:] if r != "none"))
        elif " not accepting requests " in line:
            state = dataclasses.replace(state, accepting=False)
    return state


def parse_jobs(listing: str) -> list[JobEntry]:
    """`lpstat -l -o Q`: a line per job ("Q-12  user  3072  date"), then "\\tStatus: …" and "\\tAlerts: …"."""
    entries: list[JobEntry] = []
    for line in listing.splitlines():
        if line and not line[0].isspace():
            entries.append(JobEntry(line.split()[0], "", ()))
        elif entries and line.strip().startswith(("Status:", "Alerts:")):
            key, _, value = line.strip().partition(":")
            last = entries[-1]
            entries[-1] = (dataclasses.replace(last, message=value.strip()) if key == "Status"
                           else dataclasses.replace(last, reasons=tuple(value.split())))
    return entries


def _number(job: str) -> str:
    return job.rpartition("-")[2]  # queue names are case-insensitive to CUPS: compare job numbers


def _reason(state: QueueState) -> str:
    return state.message.lower() if state.message in ("Paused", "Rejecting Jobs") else state.message or "no reason"


def _printer_says(state: QueueState) -> str:
    return f"the printer reports: {', '.join(state.errors)}" + (f" ({state.message})" if state.message else "")


# --- the job's state over IPP (what lpstat does not show) --------------------------------------------------


def ipp_job_state(number: int, server: str | None) -> tuple[int, tuple[str, ...], str] | None:
    """(job-state, job-state-reasons, job-printer-state-message) by IPP Get-Job-Attributes, or None."""
    try:
        status, found = _ipp_parse(_ipp_post(_server(server), _ipp_get_job(number)))
    except (OSError, http.client.HTTPException, PrinterError, ValueError, struct.error):
        return None
    if status >= 0x0100 or "job-state" not in found:
        return None
    reasons = tuple(v.decode(errors="replace") for v in found.get("job-state-reasons", []))
    message = b"".join(found.get("job-printer-state-message", [])).decode(errors="replace")
    return int.from_bytes(found["job-state"][0], "big"), reasons, message


def _ipp_get_job(number: int) -> bytes:
    def attribute(tag: int, name: str, value: str) -> bytes:
        return struct.pack(">BH", tag, len(name)) + name.encode() + struct.pack(">H", len(value)) + value.encode()

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for our uid (a container): CUPS still answers about job-state
        user = "anonymous"
    return b"".join([struct.pack(">BBHI", 2, 0, 0x0009, 1), b"\x01",  # IPP 2.0 Get-Job-Attributes, operation
                     attribute(0x47, "attributes-charset", "utf-8"),
                     attribute(0x48, "attributes-natural-language", "en"),
                     attribute(0x45, "job-uri", f"ipp://localhost/jobs/{number}"),
                     attribute(0x42, "requesting-user-name", user),
                     attribute(0x44, "requested-attributes", "job-state"),
                     attribute(0x44, "", "job-state-reasons"),  # an empty name: another value of the same
                     attribute(0x44, "", "job-printer-state-message"), b"\x03"])


def _ipp_parse(reply: bytes) -> tuple[int, dict[str, list[bytes]]]:
    """The status code and the attributes (name → values) of an IPP response."""
    status: int = struct.unpack_from(">H", reply, 2)[0]
    found: dict[str, list[bytes]] = {}
    at, name = 8, ""
    while at < len(reply) and reply[at] != 0x03:  # 0x03 ends the attributes
        tag = reply[at]
        at += 1
        if tag < 0x10:  # a delimiter: the next group begins
            continue
        name_length = struct.unpack_from(">H", reply, at)[0]
        if name_length:  # an empty name: one more value of the attribute before
            name = reply[at + 2:at + 2 + name_length].decode()
        at += 2 + name_length
        value_length = struct.unpack_from(">H", reply, at)[0]
        found.setdefault(name, []).append(reply[at + 2:at + 2 + value_length])
        at += 2 + value_length
    return status, found


def _ipp_post(where: str, body: bytes) -> bytes:
    if where.startswith("/"):
        connection: http.client.HTTPConnection = _UnixConnection(where)
    else:
        parts = urllib.parse.urlsplit(f"//{where}")
        connection = http.client.HTTPConnection(parts.hostname or "localhost", parts.port or 631,
                                                timeout=CONNECT_TIMEOUT_S)
    try:
        connection.request("POST", "/", body, {"Content-Type": "application/ipp"})
        response = connection.getresponse()
        if response.status != 200:
            raise http.client.HTTPException(f"HTTP {response.status}")
        return response.read()
    finally:
        connection.close()


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=CONNECT_TIMEOUT_S)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def _server(server: str | None) -> str:
    """Where the tools talk to: ours, the environment's, else what lpstat -H says (client.conf, default)."""
    where = server or os.environ.get("CUPS_SERVER") or run_cups(("lpstat", "-H"), None).stdout.strip()
    return where if where.startswith("/") else where.split("/")[0]  # "host:631/version=1.1" → "host:631"


# --- running the tools -------------------------------------------------------------------------------------


def run_cups(command: tuple[str, ...], server: str | None, *, stdin: bytes = b"", check: bool = True,
             queue: str = "") -> subprocess.CompletedProcess[str]:
    """One CUPS tool, bounded by CONNECT_TIMEOUT_S; PrinterError in words when it cannot do its work."""
    env = {**os.environ, "LC_ALL": _LOCALE}
    env.pop("LANGUAGE", None)
    if server:
        env["CUPS_SERVER"] = server
    try:
        raw = subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=CONNECT_TIMEOUT_S,
                             check=False)
    except FileNotFoundError:
        raise PrinterError(f"CUPS is not installed here ({command[0]} is missing)") from None
    except subprocess.TimeoutExpired:
        raise PrinterError(f"CUPS does not answer ({_where(server)}: no reply within {CONNECT_TIMEOUT_S:g} s)") \
            from None
    done = subprocess.CompletedProcess(raw.args, raw.returncode, raw.stdout.decode(errors="replace"),
                                       raw.stderr.decode(errors="replace"))
    if check and done.returncode != 0:
        raise PrinterError(_words(done, server, queue))
    return done


def _words(done: subprocess.CompletedProcess[str], server: str | None, queue: str = "") -> str:
    text = ((done.stderr.strip() or done.stdout.strip()).splitlines() or ["no reason given"])[-1]
    if "Invalid destination" in text or "does not exist" in text:
        if not _scheduler_runs(server):  # lp and lpstat say "no such queue" when they reach no server at all
            return f"CUPS does not answer on {_where(server)} (is the CUPS service running?)"
        return f"no CUPS queue called {queue!r} on {_where(server)}"
    if "not accepting jobs" in text:
        return f"the CUPS queue {queue} refuses new jobs ({text})"
    if "Scheduler is not running" in text or "Unable to connect" in text or "connect to server" in text:
        return f"CUPS does not answer on {_where(server)} ({text})"
    return f"CUPS: {text}"


def _scheduler_runs(server: str | None) -> bool:
    return run_cups(("lpstat", "-r"), server, check=False).stdout.strip() == "scheduler is running"


def _where(server: str | None) -> str:
    return server or os.environ.get("CUPS_SERVER") or "this computer"
