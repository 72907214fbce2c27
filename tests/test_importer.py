"""Importer tests: real Kaggle records, malformed input, idempotence and version order."""

from __future__ import annotations

import gzip
import json
import logging
import sqlite3
from pathlib import Path

import pytest

from agents.errors import LibraryError
from agents.sources.importer import import_files
from agents.sources.kaggle import paper_from_kaggle_record
from agents.sources.library import Library
from tests.conftest import (
    CORPUS_PAPER_COUNT,
    KAGGLE_HEAD_FILE,
    KAGGLE_HEAD_PAPER_COUNT,
    make_kaggle_record,
    write_jsonl,
)


def _kaggle_head(shared_dir: Path) -> list[dict]:
    lines = (shared_dir / "corpus" / "kaggle-snapshot-head.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def _paper(library_path: Path, arxiv_id: str) -> dict:
    library = Library.open_existing(library_path)
    try:
        return dict(library.lookup([arxiv_id])[0])
    finally:
        library.close()


def test_kaggle_record_real_schema(shared_dir: Path) -> None:
    paper = paper_from_kaggle_record(_kaggle_head(shared_dir)[0])
    assert paper["arxiv_id"] == "0704.0001"
    assert paper["version"] == 2
    assert paper["published"] == "2007-04-02"
    assert paper["updated"] == "2008-11-26"
    assert paper["authors"][0] == "C. Balázs"
    assert paper["authors"][3] == "C.-P. Yuan"
    assert paper["title"] == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert paper["categories"] == ["hep-ph"]
    assert paper["doi"] == "10.1103/PhysRevD.76.013009"


def test_kaggle_record_suffix_and_math(shared_dir: Path) -> None:
    records = {record["id"]: record for record in _kaggle_head(shared_dir)}
    assert "Neal J. Evans II" in paper_from_kaggle_record(records["0704.0009"])["authors"]
    math_titles = [
        paper_from_kaggle_record(record)["title"]
        for record in records.values()
        if "$" in record["title"]
    ]
    assert "From dyadic $\\Lambda_{\\alpha}$ to $\\Lambda_{\\alpha}$" in math_titles


def test_kaggle_record_latex_names() -> None:
    record = make_kaggle_record(
        "2506.00001",
        authors_parsed=[
            ["Bal\\'azs", "C.", ""],
            ["{\\O}bro", "Mikkel", ""],
            ["Smith & Co", "", ""],
        ],
    )
    assert paper_from_kaggle_record(record)["authors"] == ["C. Balázs", "Mikkel Øbro", "Smith & Co"]


def test_kaggle_record_authors_fallback() -> None:
    record = make_kaggle_record("2506.00001", authors="P\\'eter Frenkel and Ada Lovelace")
    record["authors_parsed"] = []
    assert paper_from_kaggle_record(record)["authors"] == ["Péter Frenkel", "Ada Lovelace"]


def test_import_kaggle_head(tmp_path: Path, shared_dir: Path) -> None:
    summary = import_files([KAGGLE_HEAD_FILE], tmp_path / "lib.sqlite3", progress=False)
    assert summary.read == KAGGLE_HEAD_PAPER_COUNT
    assert summary.added == KAGGLE_HEAD_PAPER_COUNT
    assert summary.skipped == 0
    assert summary.papers == KAGGLE_HEAD_PAPER_COUNT
    assert _paper(tmp_path / "lib.sqlite3", "arXiv:0704.0001v1")["authors"][0] == "C. Balázs"


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_library_count(corpus_library: Path) -> None:
    library = Library.open_existing(corpus_library)
    assert library.count() == CORPUS_PAPER_COUNT + KAGGLE_HEAD_PAPER_COUNT


def test_import_malformed_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            make_kaggle_record("2506.00001"),
            '{"id": "2506.00002", "title": "truncated',
            make_kaggle_record("2506.00003", title=None),
            "[1, 2, 3]",
            make_kaggle_record("not-an-id"),
            make_kaggle_record("2506.00006", first_date="yesterday"),
            make_kaggle_record("2506.00007"),
        ],
    )
    with caplog.at_level(logging.WARNING, logger="agents.sources.importer"):
        summary = import_files([source], tmp_path / "lib.sqlite3", progress=False)
    assert summary.read == 7
    assert summary.added == 2
    assert summary.skipped == 5
    for line_number in (2, 3, 4, 5, 6):
        assert f"mixed.jsonl:{line_number}:" in caplog.text


def test_import_truncated_gzip(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    records = [make_kaggle_record(f"2506.{n:05d}", abstract="word " * 200) for n in range(300)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    source = tmp_path / "cut.jsonl.gz"
    source.write_bytes(data[: len(data) // 2])
    with caplog.at_level(logging.WARNING, logger="agents.sources.importer"):
        summary = import_files([source], tmp_path / "lib.sqlite3", progress=False)
    assert 0 < summary.added < len(records)
    assert summary.skipped == 1
    assert f"cut.jsonl.gz:{summary.added + 1}:" in caplog.text


def test_import_gzip_detected_by_content(tmp_path: Path) -> None:
    source = tmp_path / "no-suffix"
    source.write_bytes(gzip.compress(json.dumps(make_kaggle_record("2506.00001")).encode()))
    assert import_files([source], tmp_path / "lib.sqlite3", progress=False).added == 1


def test_import_twice_no_duplicates(tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "a.jsonl", [make_kaggle_record(f"2506.{n:05d}") for n in range(50)]
    )
    first = import_files([source], tmp_path / "lib.sqlite3", progress=False)
    second = import_files([source], tmp_path / "lib.sqlite3", progress=False)
    assert first.added == 50
    assert second.added == 0
    assert second.unchanged == 50
    assert second.papers == 50


def test_import_newer_version_wins(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite3"
    old = write_jsonl(tmp_path / "old.jsonl", [make_kaggle_record("2506.00001", title="Old")])
    new = write_jsonl(
        tmp_path / "new.jsonl", [make_kaggle_record("2506.00001", versions=2, title="New")]
    )
    assert import_files([old], library, progress=False).added == 1
    assert import_files([new], library, progress=False).updated == 1
    assert import_files([old], library, progress=False).unchanged == 1
    assert _paper(library, "2506.00001")["title"] == "New"
    assert _paper(library, "2506.00001")["version"] == 2


def test_import_newest_within_file(tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "both.jsonl",
        [
            make_kaggle_record("2506.00001", versions=3, title="Third"),
            make_kaggle_record("2506.00001", title="First"),
        ],
    )
    summary = import_files([source], tmp_path / "lib.sqlite3", progress=False)
    assert summary.added == 1
    assert summary.unchanged == 1
    assert _paper(tmp_path / "lib.sqlite3", "2506.00001")["title"] == "Third"


def test_import_fts_in_sync(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite3"
    old = write_jsonl(tmp_path / "old.jsonl", [make_kaggle_record("2506.00001", title="Zebra")])
    new = write_jsonl(
        tmp_path / "new.jsonl", [make_kaggle_record("2506.00001", versions=2, title="Okapi")]
    )
    import_files([old, new], library, progress=False)
    with sqlite3.connect(library) as connection:
        check = "INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)"
        connection.execute(check)
    opened = Library.open_existing(library)
    assert opened.search(["zebra"], limit=5) == []
    assert [p["arxiv_id"] for p in opened.search(["okapi"], limit=5)] == ["2506.00001"]


def test_import_atom_feed(tmp_path: Path, shared_dir: Path) -> None:
    fixture = shared_dir / "arxiv-api-fixtures" / "id_astro-ph_0601001_s0_m100_3150dca9dc76.json"
    source = tmp_path / "feed.xml"
    source.write_text(json.loads(fixture.read_text())["body"], encoding="utf-8")
    summary = import_files([source], tmp_path / "lib.sqlite3", progress=False)
    assert summary.added == 1
    assert _paper(tmp_path / "lib.sqlite3", "astro-ph/0601001")["arxiv_id"] == "astro-ph/0601001"


def test_import_broken_atom(tmp_path: Path) -> None:
    source = tmp_path / "broken.xml"
    source.write_text("<feed><entry>", encoding="utf-8")
    summary = import_files([source], tmp_path / "lib.sqlite3", progress=False)
    assert summary.skipped == 1


def test_import_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="no such file"):
        import_files([tmp_path / "absent.jsonl"], tmp_path / "lib.sqlite3", progress=False)


def _killed_import(path: Path, records: list[dict]) -> None:
    """Write records the way an import does, then stop without closing, as a killed one would."""
    from agents.sources.library_writer import LibraryWriter

    writer = LibraryWriter(path)
    writer.write_batch([paper_from_kaggle_record(record) for record in records])
    writer._connection.close()


def test_killed_first_import_searchable(tmp_path: Path) -> None:
    records = [
        make_kaggle_record(f"2501.{n:05d}", title=f"Adaptive optimizer number {n}")
        for n in range(1, 21)
    ]
    path = tmp_path / "library.sqlite3"
    _killed_import(path, records)
    library = Library.open_existing(path)
    assert library.count() == 20
    assert len(library.search(["adaptive optimizer"], limit=50)) == 20


def test_import_after_killed_import(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    _killed_import(path, [make_kaggle_record("2501.00001", title="Muon optimizer analysis")])
    more = write_jsonl(tmp_path / "more.jsonl", [make_kaggle_record("2501.00002", title="Muon")])
    summary = import_files([more], path, progress=False)
    assert summary.papers == 2
    assert len(Library.open_existing(path).search(["muon"], limit=10)) == 2
