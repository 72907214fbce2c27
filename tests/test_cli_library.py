"""Command line tests of `library import`, `library stats` and `search`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from server.cli import main
from tests.conftest import (
    KAGGLE_HEAD_FILE,
    KAGGLE_HEAD_PAPER_COUNT,
    make_kaggle_record,
    write_jsonl,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_and_stats(tmp_path: Path, shared_dir: Path) -> None:
    library = str(tmp_path / "lib.sqlite3")
    imported = _run_cli("library", "import", str(KAGGLE_HEAD_FILE), "--library", library)
    stats = _run_cli("library", "stats", "--json", "--library", library)
    assert imported.returncode == 0, imported.stderr
    assert f"has {KAGGLE_HEAD_PAPER_COUNT} papers" in imported.stdout
    assert f"added {KAGGLE_HEAD_PAPER_COUNT}" in imported.stdout
    assert json.loads(stats.stdout)["papers"] == KAGGLE_HEAD_PAPER_COUNT


def test_search_json(small_library: Path) -> None:
    result = _run_cli(
        "search", "graph", "--json", "--limit", "3", env={"LITREVIEW_LIBRARY": str(small_library)}
    )
    papers = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert 1 <= len(papers) <= 3
    for key in ("arxiv_id", "title", "authors", "abstract", "published", "categories"):
        assert key in papers[0]


def test_search_text(small_library: Path) -> None:
    result = _run_cli(
        "search", "graph", "--source", "library", "--library", str(small_library), "--limit", "2"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. ")
    assert "https://arxiv.org/abs/" in result.stdout


@pytest.mark.corpus
@pytest.mark.slow
def test_search_optimizer_cli(corpus_library: Path) -> None:
    query = "adaptive gradient optimizer for training deep neural networks"
    result = _run_cli(
        "search", query, "--source", "library", "--json", "--library", str(corpus_library)
    )
    titles = [paper["title"].lower() for paper in json.loads(result.stdout)]
    assert sum("optimi" in title for title in titles) >= 5


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "graph", "--limit", "0"], "--limit"),
        (["search", "graph", "--limit", "ten"], "'ten'"),
        (["search", "graph", "--since", "2025-13"], "--since"),
        (["search", "graph", "--until", "yesterday"], "'yesterday'"),
        (["search", "graph", "--source", "scholar"], "'scholar'"),
        (["search", "   "], "query"),
        (["library", "import", "absent.jsonl"], "absent.jsonl"),
    ],
)
def test_cli_bad_input(
    argv: list[str], expected: str, small_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main([*argv, "--library", str(small_library)])
    error = capsys.readouterr().err
    assert status != 0
    assert expected in error
    assert len(error.strip().splitlines()) == 1
    assert "Traceback" not in error


def test_cli_missing_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["library", "stats", "--library", str(tmp_path / "none.sqlite3")])
    error = capsys.readouterr().err
    assert status != 0
    assert "litreview library import" in error
    assert len(error.strip().splitlines()) == 1


def test_cli_import_reports_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_jsonl(tmp_path / "a.jsonl", [make_kaggle_record("2506.00001"), "{broken"])
    status = main(["library", "import", str(source), "--library", str(tmp_path / "l.sqlite3")])
    output = capsys.readouterr().out
    assert status == 0
    assert "skipped 1" in output
    assert "has 1 papers" in output
