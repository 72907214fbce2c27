"""A local HTTP server that plays the arXiv API from recorded responses, with fault modes.

Each recorded response is `{"url", "status_code", "body"}`; each request gets the
recording whose URL has the same query parameters, in any order and encoding. Faults are
queued replies (one per request, then back to replaying) or a reply given to every request.
The server listens on 127.0.0.1 only and logs each request with its arrival time.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "arxiv-api-fixtures"
API_PATH = "/api/query"

Params = frozenset[tuple[str, str]]


@dataclass
class Reply:
    """One HTTP reply; `hang=True` sends nothing and keeps the connection open instead."""

    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False


@dataclass
class ReceivedRequest:
    """A request as the server saw it."""

    arrived: float
    """`time.monotonic()` at arrival."""
    params: dict[str, str]


def request_params(url: str) -> Params:
    """Return the query parameters of `url` as a set of decoded (name, value) pairs."""
    return frozenset(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def load_recordings(folder: Path = FIXTURES) -> dict[Params, Reply]:
    """Read every recorded response in `folder`, keyed by its request parameters."""
    recordings = {}
    for path in sorted(folder.glob("*.json")):
        recorded = json.loads(path.read_text(encoding="utf-8"))
        recordings[request_params(recorded["url"])] = Reply(
            status=recorded["status_code"],
            body=recorded["body"],
            headers={"Content-Type": "application/atom+xml; charset=utf-8"},
        )
    return recordings


class FakeArxiv:
    """The server and its state; use as a context manager, or call start() and stop()."""

    def __init__(self, recordings: dict[Params, Reply]) -> None:
        self.recordings = recordings
        self.requests: list[ReceivedRequest] = []
        self._queued: list[Reply] = []
        self._every: Reply | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = False  # server_close() joins handler threads
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-arxiv"
        )

    @property
    def url(self) -> str:
        """The API endpoint, to pass as `base_url` or `LITREVIEW_ARXIV_URL`."""
        return f"http://127.0.0.1:{self._server.server_port}{API_PATH}"

    def queue(self, *replies: Reply) -> None:
        """Reply to the next requests with `replies`, one each, before replaying again."""
        with self._lock:
            self._queued.extend(replies)

    def answer_every_request(self, reply: Reply | None) -> None:
        """Reply to every request with `reply` (None goes back to replaying recordings)."""
        with self._lock:
            self._every = reply

    def start(self) -> FakeArxiv:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging requests, stop serving, join every handler thread, close the socket."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeArxiv:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reply_for(self, path: str) -> Reply:
        """Log a request and choose its reply: queued, fixed, recorded, else 404."""
        params = request_params(path)
        with self._lock:
            self.requests.append(ReceivedRequest(time.monotonic(), dict(params)))
            if self._queued:
                return self._queued.pop(0)
            if self._every is not None:
                return self._every
        if urlsplit(path).path != API_PATH:
            return Reply(status=404, body=f"no such path {urlsplit(path).path}")
        recorded = self.recordings.get(params)
        if recorded is None:
            return Reply(status=404, body=f"no recorded response for {sorted(params)}")
        return recorded

    def wait_while_hanging(self) -> None:
        self._stopping.wait()


def _handler_for(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (name fixed by http.server)
            reply = fake.reply_for(self.path)
            if reply.hang:
                fake.wait_while_hanging()
                return
            body = reply.body.encode("utf-8")
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Keep test output quiet; the server records requests itself."""

    return Handler


def closed_port_url() -> str:
    """Return an endpoint URL on a 127.0.0.1 port that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{API_PATH}"
