"""Logging of the thread id on every line a graph run emits.

LangGraph runs each node with its RunnableConfig in a context variable, so a handler filter can
read the thread id there; lines outside a run show `-`.
"""

from __future__ import annotations

import logging

from langchain_core.runnables.config import var_child_runnable_config

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [thread %(thread_id)s]: %(message)s"


class ThreadIdFilter(logging.Filter):
    """Adds `thread_id` to every record: the current LangGraph thread, else `-`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "thread_id"):
            config = var_child_runnable_config.get() or {}
            record.thread_id = config.get("configurable", {}).get("thread_id", "-")
        return True


def install_thread_ids(logger: logging.Logger | None = None) -> None:
    """Add ThreadIdFilter and LOG_FORMAT to every handler of `logger` (the root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, ThreadIdFilter) for f in handler.filters):
            handler.addFilter(ThreadIdFilter())
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
