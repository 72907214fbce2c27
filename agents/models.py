"""Chat model access for the agents: one place for timeouts, retries, concurrency and usage.

Models are named by `init_chat_model` strings (`openai:gpt-4o-mini`). The OpenAI client reads
`OPENAI_BASE_URL`, so any OpenAI-compatible server (vLLM, Ollama, llama.cpp) works unchanged.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TypeVar

from langchain.chat_models import init_chat_model
from langchain_core.callbacks import UsageMetadataCallbackHandler
from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, SystemMessage
from langchain_core.runnables.config import ensure_config, merge_configs
from pydantic import BaseModel, ValidationError

from agents.errors import ModelError, ModelSetupError
from agents.records import NodeStats

logger = logging.getLogger(__name__)

SchemaT = TypeVar("SchemaT", bound=BaseModel)

_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _model_slots(limit: int) -> threading.BoundedSemaphore:
    """Return the process-wide semaphore that caps concurrent model calls at `limit`."""
    with _slots_lock:
        if limit not in _slots:
            _slots[limit] = threading.BoundedSemaphore(limit)
        return _slots[limit]


@lru_cache(maxsize=16)
def chat_model(name: str, timeout_seconds: float, max_retries: int) -> BaseChatModel:
    """Create (once per process) the chat model `name` with a request timeout and retries."""
    try:
        model = init_chat_model(name, timeout=timeout_seconds, max_retries=max_retries)
    except Exception as error:
        # Providers fail here in their own ways: an unknown provider (ValueError), a missing
        # package (ImportError), a missing API key (openai.OpenAIError), and more.
        raise ModelSetupError(name, _first_line(error)) from error
    return model  # type: ignore[return-value]


class ModelCaller:
    """Makes the model calls of one node task and counts them, their tokens and their time."""

    def __init__(
        self,
        model_name: str,
        *,
        timeout_seconds: float,
        max_retries: int,
        max_concurrent_calls: int,
        structured_output_method: str,
    ) -> None:
        self.model_name = model_name
        self.max_retries = max_retries
        self.structured_output_method = structured_output_method
        self._model = chat_model(model_name, timeout_seconds, max_retries)
        self._slots = _model_slots(max_concurrent_calls)
        self._usage = UsageMetadataCallbackHandler()
        self.calls = 0

    def structured(self, schema: type[SchemaT], messages: Sequence[BaseMessage]) -> SchemaT:
        """Request a response of type `schema`, retrying output that does not parse.

        Raises ModelError after `max_retries` retries, naming the model and the schema.
        """
        prompt = list(messages)
        if self.structured_output_method == "json_mode":
            prompt = [*prompt, SystemMessage(_json_mode_instructions(schema))]
        runnable = self._model.with_structured_output(
            schema,
            method=self.structured_output_method,  # type: ignore[arg-type]
            include_raw=True,
        )
        problem = "no answer"
        for attempt in range(1, self.max_retries + 2):
            try:
                answer = self._invoke(runnable, prompt)
            except (OutputParserException, ValidationError, json.JSONDecodeError) as error:
                problem = _first_line(error)
            else:
                parsed = _parsed_answer(answer, schema)
                if parsed is not None:
                    return parsed
                problem = _parse_problem(answer)
            logger.warning(
                "model %s returned an invalid %s (attempt %d): %s",
                self.model_name,
                schema.__name__,
                attempt,
                problem,
            )
        raise ModelError(
            f"model {self.model_name!r} did not return a valid {schema.__name__} after "
            f"{self.max_retries + 1} attempts: {problem}. Try another structured output "
            "method (LITREVIEW_STRUCTURED_OUTPUT=function_calling or json_mode) or another model."
        )

    def text(self, messages: Sequence[BaseMessage]) -> str:
        """Ask for free text and return the message content as a string."""
        message = self._invoke(self._model, list(messages))
        content = getattr(message, "content", message)
        if isinstance(content, list):
            content = "".join(
                part.get("text", "") if isinstance(part, dict) else str(part) for part in content
            )
        return str(content)

    def _invoke(self, runnable: Any, messages: list[BaseMessage]) -> Any:
        with self._slots:
            self.calls += 1
            try:
                # Merge with the node's config so LangGraph's callbacks (message streaming,
                # tracing) still see the call.
                config = merge_configs(ensure_config(), {"callbacks": [self._usage]})
                return runnable.invoke(messages, config=config)
            except (OutputParserException, ValidationError, json.JSONDecodeError):
                raise
            except Exception as error:
                # The provider clients raise many unrelated types (HTTP, timeout, auth);
                # each becomes one ModelError that names the model.
                raise ModelError(
                    f"model {self.model_name!r} call failed: {type(error).__name__}: {error}. "
                    "Check the model name, the API key and OPENAI_BASE_URL, or use --model offline."
                ) from error

    def token_counts(self) -> tuple[int, int]:
        """Return (prompt tokens, completion tokens) of the calls so far."""
        prompt = completion = 0
        for usage in self._usage.usage_metadata.values():
            prompt += usage.get("input_tokens", 0)
            completion += usage.get("output_tokens", 0)
        return prompt, completion


def _parsed_answer(answer: Any, schema: type[SchemaT]) -> SchemaT | None:
    """Return the parsed object of an `include_raw=True` response, or None if it did not parse."""
    parsed = answer.get("parsed") if isinstance(answer, dict) else answer
    if isinstance(parsed, schema):
        return parsed
    if isinstance(parsed, dict):
        try:
            return schema.model_validate(parsed)
        except ValidationError:
            return None
    return None


def _parse_problem(answer: Any) -> str:
    """Describe in one line why an `include_raw=True` response did not parse."""
    if not isinstance(answer, dict):
        return f"unexpected answer of type {type(answer).__name__}"
    if answer.get("parsing_error") is not None:
        return _first_line(answer["parsing_error"])
    invalid_calls = getattr(answer.get("raw"), "invalid_tool_calls", None)
    if invalid_calls:
        return f"invalid tool call arguments: {str(invalid_calls[0].get('error'))[:200]}"
    return "the answer contained no structured output"


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def _json_mode_instructions(schema: type[BaseModel]) -> str:
    return (
        "Answer with one JSON object and nothing else. It must match this JSON schema:\n"
        + json.dumps(schema.model_json_schema())
    )


class TaskMeter:
    """Measures one node task: wall time plus the usage of any ModelCaller it made."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self.callers: list[ModelCaller] = []

    def stats(self) -> NodeStats:
        """Return this task's counters as NodeStats."""
        prompt = completion = calls = 0
        for caller in self.callers:
            tokens = caller.token_counts()
            prompt += tokens[0]
            completion += tokens[1]
            calls += caller.calls
        return NodeStats(
            runs=1,
            model_calls=calls,
            prompt_tokens=prompt,
            completion_tokens=completion,
            seconds=round(time.perf_counter() - self._started, 3),
        )
