"""Exception types of litreview.

Every error a user can cause or meet carries a message that names the value and the fix, so
the CLI and the REST API can show `str(error)` as it is, without a traceback.
"""

from __future__ import annotations


class LitreviewError(Exception):
    """Base class of every error litreview raises on purpose."""


class InvalidRequestError(LitreviewError, ValueError):
    """A request, option or graph input has an invalid value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"invalid {field}: {message}")
        self.field = field


class InvalidArxivIdError(InvalidRequestError):
    """A string is not an arXiv identifier in any accepted form."""

    def __init__(self, text: str) -> None:
        super().__init__(
            "arXiv id",
            f"{text!r} is not an arXiv identifier; use a form such as 2503.01234, "
            "2503.01234v2, arXiv:2503.01234, astro-ph/0601001 or https://arxiv.org/abs/2503.01234",
        )
        self.text = text


class SourceError(LitreviewError):
    """A paper source (arXiv or the local library) failed."""


class ArxivUnavailableError(SourceError):
    """The arXiv API did not answer usefully after all retries."""

    def __init__(self, url: str, reason: str, attempts: int) -> None:
        super().__init__(
            f"arXiv request failed after {attempts} attempt(s): {reason} ({url}). "
            "Try again in a few minutes, or search the local library with --source library."
        )
        self.url = url
        self.reason = reason
        self.attempts = attempts


class LibraryError(SourceError):
    """The local library is missing, unreadable or empty."""


class ModelError(LitreviewError):
    """A language model call failed or returned output that could not be used."""


class ModelSetupError(InvalidRequestError, ModelError):
    """A model name or its credentials are unusable, so no call could be made."""

    def __init__(self, model: str, reason: str) -> None:
        super().__init__(
            "model",
            f"cannot use {model!r}: {reason} Name a model as provider:model (for example "
            "openai:gpt-4o-mini) with its API key set, or choose the model `offline`.",
        )
        self.model = model


class DeadlineExceededError(LitreviewError):
    """A run went past its deadline."""
