"""Fixtures shared by all test modules.

Shared data lives in `../shared` beside the checkout and is never copied into the repository.
Fixtures that need it skip with the reason when it is absent.

- `shared_dir`: the `../shared` directory (Path); skips if absent.
- `corpus_library`: a library file (Path) holding the full shared corpus plus the Kaggle
  snapshot head, 74,928 papers, imported once per test session (about half a minute); skips if
  the corpus is absent. Read it, never write to it.
- `small_library`: a library file (Path) of about 500 real papers (the Kaggle snapshot head and
  the first 300 corpus records), imported once per session; without `../shared` it holds
  `SYNTHETIC_PAPER_COUNT` records made by `make_kaggle_record`. Read it, never write to it.
- `kaggle_record`: the `make_kaggle_record` function, for tests that write their own files.
"""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from agents.sources.importer import import_files

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
CORPUS_FILE = SHARED_DIR / "corpus" / "arxiv-2025-2026.jsonl.gz"
KAGGLE_HEAD_FILE = SHARED_DIR / "corpus" / "kaggle-snapshot-head.jsonl"
CORPUS_PAPER_COUNT = 74_728
KAGGLE_HEAD_PAPER_COUNT = 200
SMALL_CORPUS_RECORDS = 300
SYNTHETIC_PAPER_COUNT = 40

_SYNTHETIC_TOPICS = (
    ("Adaptive gradient optimizers for deep networks", "cs.LG", "We study Adam and optimizers."),
    ("Diffusion models for video generation", "cs.CV", "A video diffusion model is trained."),
    ("Retrieval-augmented generation with language models", "cs.CL", "We retrieve documents."),
    ("Sparse graph decompositions", "math.CO", "We decompose sparse graphs into trees."),
)


def make_kaggle_record(
    arxiv_id: str,
    *,
    versions: int = 1,
    title: str = "A paper title",
    abstract: str = "An abstract.",
    categories: str = "cs.LG",
    first_date: str = "Mon, 02 Jun 2025 10:00:00 GMT",
    last_date: str = "Mon, 09 Jun 2025 10:00:00 GMT",
    **fields: Any,
) -> dict[str, Any]:
    """Build a record in the Kaggle snapshot schema; `fields` override or add any key."""
    version_list = [{"version": "v1", "created": first_date}]
    version_list += [{"version": f"v{n}", "created": last_date} for n in range(2, versions + 1)]
    record: dict[str, Any] = {
        "id": arxiv_id,
        "submitter": None,
        "authors": "Ada Lovelace, Alan Turing",
        "title": title,
        "comments": None,
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": categories,
        "license": None,
        "abstract": abstract,
        "versions": version_list,
        "update_date": None,
        "authors_parsed": [["Lovelace", "Ada", ""], ["Turing", "Alan", ""]],
    }
    record.update(fields)
    return record


def write_jsonl(path: Path, records: Iterable[dict[str, Any] | str]) -> Path:
    """Write records (dicts, or raw strings written as they are) as JSON lines to `path`."""
    lines = (item if isinstance(item, str) else json.dumps(item) for item in records)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared data directory {SHARED_DIR} is absent")
    return SHARED_DIR


@pytest.fixture(scope="session")
def corpus_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS_FILE.is_file() or not KAGGLE_HEAD_FILE.is_file():
        pytest.skip(f"shared corpus {CORPUS_FILE.parent} is absent")
    path = tmp_path_factory.mktemp("corpus-library") / "library.sqlite3"
    import_files([CORPUS_FILE, KAGGLE_HEAD_FILE], path, progress=False)
    return path


@pytest.fixture(scope="session")
def small_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("small-library")
    if CORPUS_FILE.is_file() and KAGGLE_HEAD_FILE.is_file():
        with gzip.open(CORPUS_FILE, "rt", encoding="utf-8") as corpus:
            head = [line.rstrip("\n") for line in itertools.islice(corpus, SMALL_CORPUS_RECORDS)]
        sources = [write_jsonl(directory / "corpus-head.jsonl", head), KAGGLE_HEAD_FILE]
    else:
        sources = [write_jsonl(directory / "synthetic.jsonl", _synthetic_records())]
    path = directory / "library.sqlite3"
    import_files(sources, path, progress=False)
    return path


@pytest.fixture
def kaggle_record() -> Callable[..., dict[str, Any]]:
    return make_kaggle_record


def _synthetic_records() -> list[dict[str, Any]]:
    records = []
    for number in range(SYNTHETIC_PAPER_COUNT):
        title, category, abstract = _SYNTHETIC_TOPICS[number % len(_SYNTHETIC_TOPICS)]
        records.append(
            make_kaggle_record(
                f"2506.{number:05d}",
                title=f"{title} {number}",
                abstract=abstract,
                categories=category,
            )
        )
    return records
