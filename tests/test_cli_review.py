"""Tests of `litreview review`: output forms, resuming, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest

REQUEST = "Review 4 recent papers on federated learning"
RESULT_KEYS = {"message", "thread_id", "references", "papers", "bibtex", "mode", "stats"}


def litreview(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],
    )


@pytest.fixture
def cli_env(corpus_library: Path, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LITREVIEW_"))}
    env.update(
        LITREVIEW_LIBRARY=str(corpus_library),
        LITREVIEW_CHECKPOINTS=str(tmp_path / "checkpoints.sqlite3"),
        LITREVIEW_REFERENCE_DATE="2026-07-01",
        LITREVIEW_MODEL="offline",
    )
    return env


@pytest.mark.corpus
def test_review_json_result(cli_env):
    completed = litreview("review", REQUEST, "--json", "--quiet", env=cli_env)
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert set(result) == RESULT_KEYS
    assert result["mode"] == "offline"
    assert len(result["references"]) == 4
    assert len(bibtexparser.parse_string(result["bibtex"]).entries) == 4


@pytest.mark.corpus
def test_review_writes_files(cli_env, tmp_path):
    review, bibtex = tmp_path / "review.md", tmp_path / "refs.bib"
    completed = litreview(
        "review", REQUEST, "--output", str(review), "--bibtex", str(bibtex), env=cli_env
    )
    assert completed.returncode == 0, completed.stderr
    assert review.read_text(encoding="utf-8").startswith("# Literature review:")
    assert bibtex.read_text(encoding="utf-8").count("@misc{") == 4
    assert "thread " in completed.stderr


@pytest.mark.corpus
def test_resume_finished_thread(cli_env):
    first = litreview("review", REQUEST, "--json", "--quiet", env=cli_env)
    thread_id = json.loads(first.stdout)["thread_id"]
    again = litreview("review", "--thread-id", thread_id, "--resume", "--json", env=cli_env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["message"] == json.loads(first.stdout)["message"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["review", ""], "invalid query"),
        (["review"], "invalid query: missing"),
        (["review", "gnn", "--papers", "0"], "invalid papers"),
        (["review", "gnn", "--papers", "99"], "invalid papers"),
        (["review", "gnn", "--since", "2025-13"], "invalid since"),
        (["review", "gnn", "--since", "2026", "--until", "2025"], "invalid since"),
        (["review", "gnn", "--resume"], "invalid --resume"),
        (["review", "gnn", "--output", "/nonexistent/dir/review.md"], "invalid --output"),
        (["review", "gnn", "--model", "nonsense:model"], "invalid model"),
        (["review", "x" * 2001], "invalid query"),
    ],
)
def test_review_bad_input(args, expected, cli_env):
    completed = litreview(*args, env=cli_env)
    assert completed.returncode == 2
    assert expected in completed.stderr
    assert "Traceback" not in completed.stderr


def test_review_missing_library(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LITREVIEW_"))}
    env.update(
        LITREVIEW_LIBRARY=str(tmp_path / "missing.sqlite3"),
        LITREVIEW_CHECKPOINTS=str(tmp_path / "checkpoints.sqlite3"),
    )
    completed = litreview("review", "graph neural networks", env=env)
    assert completed.returncode == 2
    assert "litreview library import" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_resume_unknown_thread(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LITREVIEW_"))}
    env["LITREVIEW_CHECKPOINTS"] = str(tmp_path / "checkpoints.sqlite3")
    completed = litreview("review", "--thread-id", "no-such-thread", "--resume", env=env)
    assert completed.returncode == 2
    assert "no run with thread id 'no-such-thread'" in completed.stderr
    assert "Traceback" not in completed.stderr


SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)


@pytest.mark.corpus
def test_review_with_openai_compatible_server(cli_env, corpus_library):
    from agents.sources.library import Library
    from tests.fake_openai import FakeOpenAI, revise_verdict

    env = dict(cli_env)
    env.pop("LITREVIEW_MODEL")
    with FakeOpenAI() as fake:
        fake.script("critic", revise_verdict("one paper is summarized too briefly", "Expand it."))
        env.update(OPENAI_API_KEY="test", OPENAI_BASE_URL=fake.url)
        completed = litreview("review", SEED_REQUEST, "--json", "--quiet", env=env)
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["mode"] == "llm"
    ids = [reference["arxiv_id"] for reference in result["references"]]
    assert len(set(ids)) == 10
    stored = {p["arxiv_id"]: p for p in Library.open_existing(corpus_library).lookup(ids)}
    for reference in result["references"]:
        assert reference["title"] == stored[reference["arxiv_id"]]["title"]
        assert reference["authors"] == stored[reference["arxiv_id"]]["authors"]
    assert sorted(result["stats"]["revisions"].values())[-1] == 1
    assert result["stats"]["nodes"]["critic"]["model_calls"] > 0
