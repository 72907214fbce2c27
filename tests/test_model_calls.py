"""ModelCaller over HTTP: the real langchain-openai client against the local fake server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel

from agents import models, prompts
from agents.errors import ModelError
from agents.models import ModelCaller
from tests.fake_openai import FakeOpenAI

MODEL = "openai:gpt-4o-mini"
METHODS = ("json_schema", "function_calling", "json_mode")
EXPECTED_KIND = {
    "json_schema": "json_schema",
    "function_calling": "tools",
    "json_mode": "json_object",
}


class Notes(BaseModel):
    """The shape of the reader's reply, declared here so these tests depend on the wire only."""

    problem: str
    method: str
    findings: list[str]
    limitations: str
    relevance: str


READER_MESSAGES = [
    SystemMessage(prompts.READER_SYSTEM),
    HumanMessage(
        prompts.READER_USER.format(
            topic="deep learning optimizers",
            title="A faster optimizer",
            authors="Ada Lovelace",
            abstract="Training is slow. We propose a new optimizer. It converges twice as fast.",
        )
    ),
]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """The server with fresh scripts, and the OpenAI client pointed at it."""
    server.reset()
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    models.chat_model.cache_clear()
    yield server
    models.chat_model.cache_clear()


def caller(method: str = "json_schema", max_retries: int = 2) -> ModelCaller:
    return ModelCaller(
        MODEL,
        timeout_seconds=10,
        max_retries=max_retries,
        max_concurrent_calls=4,
        structured_output_method=method,
    )


@pytest.mark.parametrize("method", METHODS)
def test_structured_answer_parses(fake: FakeOpenAI, method: str) -> None:
    notes = caller(method).structured(Notes, READER_MESSAGES)
    assert notes.problem == "Training is slow."
    assert notes.findings == ["It converges twice as fast."]


@pytest.mark.parametrize("method", METHODS)
def test_structured_request_format(fake: FakeOpenAI, method: str) -> None:
    caller(method).structured(Notes, READER_MESSAGES)
    (request,) = fake.requests_for("reader")
    assert request.output_kind == EXPECTED_KIND[method]


def test_json_mode_sends_schema(fake: FakeOpenAI) -> None:
    caller("json_mode").structured(Notes, READER_MESSAGES)
    (request,) = fake.requests_for("reader")
    last = request.messages[-1]
    assert last["role"] == "system"
    assert '"findings"' in last["content"]


def test_function_calling_forces_tool(fake: FakeOpenAI) -> None:
    caller("function_calling").structured(Notes, READER_MESSAGES)
    (request,) = fake.requests_for("reader")
    assert request.body["tools"][0]["function"]["name"] == "Notes"
    assert request.body.get("tool_choice") not in (None, "auto", "none")


@pytest.mark.parametrize("method", METHODS)
def test_invalid_json_retried(fake: FakeOpenAI, method: str) -> None:
    fake.return_invalid_json("reader", 2)
    notes = caller(method, max_retries=2).structured(Notes, READER_MESSAGES)
    assert notes.method == "We propose a new optimizer."
    assert len(fake.requests_for("reader")) == 3


@pytest.mark.parametrize("method", METHODS)
def test_invalid_json_exhausts_retries(fake: FakeOpenAI, method: str) -> None:
    fake.return_invalid_json("reader", 3)
    with pytest.raises(ModelError) as raised:
        caller(method, max_retries=2).structured(Notes, READER_MESSAGES)
    assert MODEL in str(raised.value)
    assert "Notes" in str(raised.value)
    assert "3 attempts" in str(raised.value)
    assert len(fake.requests_for("reader")) == 3


def test_text_reply(fake: FakeOpenAI) -> None:
    fake.script("writer", "Smith et al. propose a method [@2501.00001].")
    text = caller().text([SystemMessage(prompts.WRITER_SYSTEM), HumanMessage("Write.")])
    assert text == "Smith et al. propose a method [@2501.00001]."


def test_usage_counted(fake: FakeOpenAI) -> None:
    model_caller = caller()
    model_caller.structured(Notes, READER_MESSAGES)
    model_caller.structured(Notes, READER_MESSAGES)
    prompt_tokens, completion_tokens = model_caller.token_counts()
    assert model_caller.calls == 2
    assert prompt_tokens > 0
    assert completion_tokens > 0


def test_scripted_reply_then_default(fake: FakeOpenAI) -> None:
    scripted = {
        "problem": "P.",
        "method": "M.",
        "findings": ["F."],
        "limitations": "L.",
        "relevance": "R.",
    }
    fake.script("reader", scripted)
    model_caller = caller()
    first = model_caller.structured(Notes, READER_MESSAGES)
    second = model_caller.structured(Notes, READER_MESSAGES)
    assert first.problem == "P."
    assert second.problem == "Training is slow."


def test_unknown_role_is_model_error(fake: FakeOpenAI) -> None:
    with pytest.raises(ModelError) as raised:
        caller().text([SystemMessage("You are a pirate."), HumanMessage("Hello")])
    assert "400" in str(raised.value)
    assert "unknown role" in str(raised.value)


# langchain-openai 1.8 streams json_schema output through the SDK's parsed-chunk type, whose
# serializer warns that `parsed` contains a model; the parsed value itself is right.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
@pytest.mark.parametrize("method", ["json_schema", "function_calling"])
def test_streamed_reply(fake: FakeOpenAI, method: str) -> None:
    model = models.chat_model(MODEL, 10.0, 0)
    structured = model.with_structured_output(Notes, method=method)  # type: ignore[arg-type]
    chunks = list(structured.stream(READER_MESSAGES))
    assert chunks[-1].problem == "Training is slow."
    assert fake.requests[-1].body["stream"] is True


def test_streamed_text_usage(fake: FakeOpenAI) -> None:
    model = models.chat_model(MODEL, 10.0, 0)
    messages = [SystemMessage(prompts.CRITIC_SYSTEM), HumanMessage("Section text: x")]
    chunks = list(model.stream(messages, stream_usage=True))
    usage = sum(chunk.usage_metadata["input_tokens"] for chunk in chunks if chunk.usage_metadata)
    assert usage > 0
