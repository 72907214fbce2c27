"""A local HTTP server that plays an OpenAI-compatible chat completions API, scripted per role.

It serves `POST /v1/chat/completions` on 127.0.0.1 in the OpenAI wire format: plain text,
`response_format` of type `json_schema` or `json_object`, forced `tools` calls and streamed
replies (server-sent events), each with `usage`. The agent role is recognised from the first
line of the request's system message (the prompts in `agents.prompts`). A reply comes from the
role's queue of scripted replies if it has one, else from the role's default, which builds a
valid reply from the request itself (see `default_reply`). Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agents import prompts
from agents.sentence_splitting import segment_sentences

ROLE_BY_FIRST_LINE = {
    prompts.PLANNER_SYSTEM.splitlines()[0]: "planner",
    prompts.SCREENER_SYSTEM.splitlines()[0]: "screener",
    prompts.READER_SYSTEM.splitlines()[0]: "reader",
    prompts.WRITER_SYSTEM.splitlines()[0]: "writer",
    prompts.CRITIC_SYSTEM.splitlines()[0]: "critic",
    prompts.FRAMING_SYSTEM.splitlines()[0]: "framing",
}
INVALID_JSON = "I cannot put that into JSON, sorry."
"""Reply sent in place of JSON by `return_invalid_json`; no JSON parser accepts it."""


@dataclass
class ChatRequest:
    """One chat completions request as the server received it."""

    role: str
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def system(self) -> str:
        """Text of the first system message."""
        return next((_text(m) for m in self.messages if m.get("role") == "system"), "")

    @property
    def user(self) -> str:
        """Text of the last user message."""
        return next((_text(m) for m in reversed(self.messages) if m.get("role") == "user"), "")

    @property
    def output_kind(self) -> str:
        """`tools`, `json_schema`, `json_object` or `text`: what the reply must look like."""
        if self.body.get("tools"):
            return "tools"
        return str((self.body.get("response_format") or {}).get("type", "text"))

    def field(self, name: str) -> str:
        """Return the value of a `Name: value` line of the user message, or ''."""
        match = re.search(rf"^{re.escape(name)}: (.*)$", self.user, re.MULTILINE)
        return match.group(1).strip() if match else ""

    def cited_keys(self) -> list[str]:
        """Return the distinct `[@id]` keys of the user message, in order."""
        return list(dict.fromkeys(re.findall(r"\[@([^\]\s;,]+)\]", self.user)))


Reply = dict[str, Any] | str | Callable[[ChatRequest], "dict[str, Any] | str"]


def _text(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


class FakeOpenAI:
    """The server and its scripts; use as a context manager, or call start() and stop()."""

    def __init__(self) -> None:
        self.requests: list[ChatRequest] = []
        self._queues: dict[str, deque[Reply]] = defaultdict(deque)
        self._defaults: dict[str, Reply] = {}
        self._invalid_left: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = False  # server_close() joins handler threads
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai"
        )

    @property
    def url(self) -> str:
        """The API base URL, to set as OPENAI_BASE_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, role: str, *replies: Reply) -> None:
        """Reply to the next requests of `role` with `replies`, one each, then with the default."""
        with self._lock:
            self._queues[role].extend(replies)

    def set_default(self, role: str, reply: Reply | None) -> None:
        """Reply to every unscripted request of `role` with `reply` (None restores the default)."""
        with self._lock:
            if reply is None:
                self._defaults.pop(role, None)
            else:
                self._defaults[role] = reply

    def return_invalid_json(self, role: str, times: int) -> None:
        """Reply to the next `times` requests of `role` with text that is not JSON."""
        with self._lock:
            self._invalid_left[role] += times

    def reset(self) -> None:
        """Forget recorded requests, scripts and default overrides."""
        with self._lock:
            self.requests.clear()
            self._queues.clear()
            self._defaults.clear()
            self._invalid_left.clear()

    def requests_for(self, role: str) -> list[ChatRequest]:
        """Return the recorded requests of one role, in arrival order."""
        with self._lock:
            return [request for request in self.requests if request.role == role]

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, join every handler thread and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any] | None, str]:
        """Record a request and return (status, error body or None, reply text)."""
        system = ChatRequest("", body).system
        role = ROLE_BY_FIRST_LINE.get(system.splitlines()[0] if system else "")
        if role is None:
            error = {"message": f"unknown role for system message {system[:80]!r}"}
            return 400, {"error": {**error, "type": "invalid_request_error"}}, ""
        request = ChatRequest(role, body)
        with self._lock:
            self.requests.append(request)
            if self._invalid_left[role] > 0:
                self._invalid_left[role] -= 1
                return 200, None, INVALID_JSON
            queue = self._queues[role]
            reply: Reply = queue.popleft() if queue else self._defaults.get(role, default_reply)
        if callable(reply):
            reply = reply(request)
        return 200, None, reply if isinstance(reply, str) else json.dumps(reply)


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_json(404, {"error": {"message": f"no route {self.path}"}})
                return
            status, error, text = fake.answer(body)
            if error is not None:
                self._send_json(status, error)
            elif body.get("stream"):
                self._send_stream(body, text)
            else:
                self._send_json(200, completion(body, text))

        def _send_json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send_stream(self, body: dict[str, Any], text: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            for chunk in stream_chunks(body, text):
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    """Count words as tokens: enough for tests that check usage is recorded and summed."""
    prompt = sum(len(_text(m).split()) for m in body.get("messages", [])) + 1
    completion_tokens = len(text.split()) + 1
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
    }


def _tool_call(body: dict[str, Any], text: str) -> dict[str, Any]:
    name = body["tools"][0]["function"]["name"]
    return {"id": "call_1", "type": "function", "function": {"name": name, "arguments": text}}


def completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    """Build a non-streamed chat completion carrying `text` as content or as tool arguments."""
    message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
    finish_reason = "stop"
    if body.get("tools"):
        message.update(content=None, tool_calls=[_tool_call(body, text)])
        finish_reason = "tool_calls"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_767_225_600,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": _usage(body, text),
    }


def stream_chunks(body: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """Build the chunks of a streamed reply: the whole delta, the finish, then the usage."""
    delta: dict[str, Any] = {"role": "assistant", "content": text}
    finish_reason = "stop"
    if body.get("tools"):
        delta = {"role": "assistant", "tool_calls": [{"index": 0, **_tool_call(body, text)}]}
        finish_reason = "tool_calls"
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_767_225_600}
    base["model"] = body.get("model", "fake")
    chunks = [
        {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
        {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish_reason}]},
    ]
    if (body.get("stream_options") or {}).get("include_usage"):
        chunks.append({**base, "choices": [], "usage": _usage(body, text)})
    return chunks


def default_reply(request: ChatRequest) -> dict[str, Any] | str:
    """Build a valid reply for the request's role from the request itself."""
    builders: dict[str, Callable[[ChatRequest], dict[str, Any] | str]] = {
        "planner": _plan,
        "screener": _screen,
        "reader": _notes,
        "writer": _section_text,
        "critic": lambda _request: accept_verdict(),
        "framing": _framing,
    }
    return builders[request.role](request)


def accept_verdict() -> dict[str, Any]:
    """A critic reply that accepts the section."""
    return {"coverage": 5, "faithfulness": 5, "coherence": 5, "decision": "accept",
            "problems": [], "instructions": ""}  # fmt: skip


def revise_verdict(problem: str, instructions: str) -> dict[str, Any]:
    """A critic reply that sends the section back with one problem and instructions."""
    return {"coverage": 3, "faithfulness": 4, "coherence": 4, "decision": "revise",
            "problems": [problem], "instructions": instructions}  # fmt: skip


def _plan(request: ChatRequest) -> dict[str, Any]:
    match = re.search(r"^Topic as parsed by code[^:]*: (.*)$", request.user, re.MULTILINE)
    topic = match.group(1).strip() if match else "the topic"
    focus = request.field("Emphasis requested")
    extra = focus if focus and focus != "none" else "new methods"
    return {
        "topic": topic,
        "sections": [
            {"title": f"Foundations of {topic}", "purpose": f"Core ideas of {topic}.",
             "queries": [topic]},
            {"title": f"New {topic}", "purpose": f"Proposed methods: {extra}.",
             "queries": [f"{topic} {extra}"]},
            {"title": "Evaluation and analysis", "purpose": "Benchmarks and theory.",
             "queries": [f"{topic} convergence analysis"]},
        ],
        "queries": [topic, f"{topic} {extra}"],
    }  # fmt: skip


def _screen(request: ChatRequest) -> dict[str, Any]:
    ids = re.findall(r"^\[([^\]]+)\] ", request.user, re.MULTILINE)
    return {"decisions": [{"arxiv_id": i, "include": True, "reason": "on topic"} for i in ids]}


def _split_sentences(text: str) -> list[str]:
    pieces = segment_sentences(" ".join(text.split()))
    return [piece.strip() for piece in pieces if piece.strip()]


def _notes(request: ChatRequest) -> dict[str, Any]:
    abstract = request.user.split("Abstract: ", 1)[-1]
    sentences = _split_sentences(abstract) or [request.field("Title")]
    return {
        "problem": sentences[0],
        "method": sentences[1] if len(sentences) > 1 else sentences[0],
        "findings": sentences[2:4] or sentences[-1:],
        "limitations": "Not stated in the abstract.",
        "relevance": f"It is about {request.field('Review topic')}.",
    }


def _section_text(request: ChatRequest) -> str:
    """Write one paragraph per paper from its notes, within the word range the prompt requests."""
    low, high = (int(n) for n in re.findall(r"Write (\d+) to (\d+) words", request.system)[0])
    papers = _noted_sentences(request.user.split("Papers for this section:", 1)[-1])
    chosen: dict[str, list[str]] = {key: sentences[:1] for key, sentences in papers.items()}
    words = sum(len(s.split()) for sentences in chosen.values() for s in sentences)
    for depth in range(1, 4):
        for key, sentences in papers.items():
            extra = len(sentences[depth].split()) if depth < len(sentences) else 0
            if extra and words < (low + high) // 2 and words + extra <= high - 20:
                chosen[key].append(sentences[depth])
                words += extra
    return "\n\n".join(
        " ".join(f"{sentence.rstrip('.')} [@{key}]." for sentence in sentences)
        for key, sentences in chosen.items()
    )


def _noted_sentences(notes: str) -> dict[str, list[str]]:
    """Map each `[@id]` block of notes (as `format_notes` renders them) to its sentences."""
    papers: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=\[@)", notes.split("\nYour previous draft:", 1)[0]):
        key = re.match(r"\s*\[@([^\]]+)\]", block)
        if key is None:
            continue
        header = block.strip().splitlines()[0]
        title = re.sub(r"^\[@[^\]]+\]\s*|\s*\([^()]*\)$", "", header)
        sentences = []
        for line in block.splitlines():
            if line.startswith(("- Problem: ", "- Method: ")):
                sentences.append(line.split(": ", 1)[1])
            elif line.startswith("  - ") and line != "  - (none stated)":
                sentences.append(line[4:])
        sentences.append(f"The paper is titled {title}")
        papers[key.group(1)] = list(dict.fromkeys(s for s in sentences if s.strip()))
    return papers


def _framing(request: ChatRequest) -> dict[str, Any]:
    topic = request.field("Review topic")
    return {
        "introduction": f"This review surveys work on {topic} in the sections that follow.",
        "discussion": f"The papers on {topic} share aims but differ in their assumptions.",
        "conclusion": f"Work on {topic} remains active.",
    }
