"""A local stand-in for the registers' APIs, for the refresh's tests and benchmark.

An HTTP server on 127.0.0.1 in a thread that answers as Enhetsregisteret, NSR and Grep do, in
their shapes: the update feeds (`oppdateringsid` and `dato` "from and including", `size`,
`page`, the changes under `_embedded.oppdaterteEnheter` / `oppdaterteUnderenheter` and a
`page` object; no `_embedded` when there is nothing), the unit search by a comma-separated
`organisasjonsnummer` list, NSR's `/v4/enheter` pages (`sidenummer`, `antallPerSide`,
`AntallSider`, `EnhetListe`) and Grep's three lists. `fail()` makes it answer with an error a
given number of times, after a given number of good answers, with an optional Retry-After.

    with RegisterStandIn() as registers:
        registers.add_unit("enheter", {...})
        registers.change("enheter", "923609016", "Endring")
        settings.ENHETSREGISTERET_API_URL = registers.enhetsregisteret_url
"""

import datetime
import json
import math
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

ER = "/enhetsregisteret/api"
GREP = "/kl06/v201906"
CHANGE_LISTS = {"enheter": "oppdaterteEnheter", "underenheter": "oppdaterteUnderenheter"}


@dataclass
class Fault:
    path: str
    status: int
    times: int
    after: int
    retry_after: str | None
    seen: int = 0

    def strikes(self, path: str) -> bool:
        if not path.startswith(self.path) or self.times <= 0:
            return False
        self.seen += 1
        if self.seen <= self.after:
            return False
        self.times -= 1
        return True


class RegisterStandIn:
    def __init__(self):
        self.units = {"enheter": {}, "underenheter": {}}
        self.changes = {"enheter": [], "underenheter": []}
        self.nsr_units: list[dict] = []
        self.grep = {"utdanningsprogram": [], "programomraader": [], "laerefag": []}
        self.faults: list[Fault] = []
        self.requests: list[str] = []  # the path and query of every request, in order
        self.next_id = 10_000
        self.lock = threading.Lock()
        self.server = None

    # --- What the registers hold ------------------------------------------------------------

    def add_unit(self, units: str, record: dict) -> None:
        """A unit the search finds ("enheter" or "underenheter")."""
        self.units[units][record["organisasjonsnummer"]] = record

    def change(self, units: str, orgnr: str, kind: str = "Endring", published=None) -> int:
        """Adds a change to the update feed; returns its update id. A deletion also takes the
        unit out of the search, as the register does."""
        with self.lock:
            self.next_id += 1
            published = (published or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC)
            self.changes[units].append(
                {
                    "oppdateringsid": self.next_id,
                    "dato": f"{published:%Y-%m-%dT%H:%M:%S}.{published.microsecond // 1000:03d}Z",
                    "organisasjonsnummer": orgnr,
                    "endringstype": kind,
                    "_links": {"enhet": {"href": f"{self.url}{ER}/{units}/{orgnr}"}},
                }
            )
            if kind in ("Sletting", "Fjernet"):
                self.units[units].pop(orgnr, None)
            return self.next_id

    def fail(self, path: str, status: int, *, times=1, after=0, retry_after=None) -> None:
        """Answers `status` to the next `times` requests whose path starts with `path`,
        after letting `after` of them through."""
        self.faults.append(Fault(path, status, times, after, retry_after))

    def hits(self, path: str) -> int:
        return sum(1 for request in self.requests if request.startswith(path))

    # --- Where it listens -------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def settings(self) -> dict:
        """The base URL settings that point the refresh here."""
        return {
            "ENHETSREGISTERET_API_URL": f"{self.url}{ER}",
            "NSR_API_URL": self.url,
            "GREP_API_URL": f"{self.url}{GREP}",
        }

    def start(self) -> "RegisterStandIn":
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- The answers ------------------------------------------------------------------------

    def answer(self, path: str, query_string: str) -> tuple[int, dict, object]:
        """(status, headers, body) for one GET."""
        query = dict(parse_qsl(query_string))
        with self.lock:
            self.requests.append(f"{path}?{query_string}" if query_string else path)
            fault = next((f for f in self.faults if f.strikes(path)), None)
        if fault:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return fault.status, headers, {"status": fault.status, "error": "stand-in fault"}
        if path.startswith(f"{ER}/oppdateringer/"):
            units = path.removeprefix(f"{ER}/oppdateringer/")
            if units in self.changes:
                return 200, {}, self.feed_page(units, query)
        elif path.startswith(f"{ER}/") and path.removeprefix(f"{ER}/") in self.units:
            return 200, {}, self.search_page(path.removeprefix(f"{ER}/"), query)
        if path == "/v4/enheter":
            return 200, {}, self.nsr_page(query)
        if path.startswith(f"{GREP}/") and path.removeprefix(f"{GREP}/") in self.grep:
            return 200, {}, self.grep[path.removeprefix(f"{GREP}/")]
        return 404, {}, {"status": 404, "error": "Not Found", "path": path}

    def feed_page(self, units: str, query: dict) -> dict:
        changes = self.changes[units]
        if "oppdateringsid" in query:
            changes = [c for c in changes if c["oppdateringsid"] >= int(query["oppdateringsid"])]
        elif "dato" in query:
            changes = [c for c in changes if c["dato"] >= query["dato"]]
        return self.paged(changes, query, CHANGE_LISTS[units])

    def search_page(self, units: str, query: dict) -> dict:
        numbers = [n for n in query.get("organisasjonsnummer", "").split(",") if n]
        found = [self.units[units][n] for n in numbers if n in self.units[units]]
        return self.paged(found, query, units)

    @staticmethod
    def paged(items: list, query: dict, key: str) -> dict:
        size, number = int(query.get("size", 20)), int(query.get("page", 0))
        body = {
            "_links": {"self": {"href": "stand-in"}},
            "page": {
                "size": size,
                "totalElements": len(items),
                "totalPages": math.ceil(len(items) / size),
                "number": number,
            },
        }
        page = items[number * size : (number + 1) * size]
        if page:
            body["_embedded"] = {key: page}
        return body

    def nsr_page(self, query: dict) -> dict:
        per_page = int(query.get("antallPerSide", 100))
        number = int(query.get("sidenummer", 1))
        units = self.nsr_units
        return {
            "Sidenummer": number,
            "AntallPerSide": per_page,
            "AntallSider": max(1, math.ceil(len(units) / per_page)),
            "TotaltAntallEnheter": len(units),
            "EnhetListe": units[(number - 1) * per_page : number * per_page],
        }


def handler_for(stand_in: RegisterStandIn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the registers' servers do

        def do_GET(self):
            parts = urlsplit(self.path)
            status, headers, body = stand_in.answer(parts.path, parts.query)
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    return Handler
