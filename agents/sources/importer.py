"""Importing arXiv metadata files into the local library.

Accepted formats, recognised by their first bytes rather than their names: JSON lines in the
schema of Kaggle's arXiv metadata snapshot, plain or gzip-compressed, and arXiv API Atom XML
feeds. Records stream through in batches of `batch_size`, each committed in its own
transaction, so memory stays flat and a killed import keeps every committed batch. A
malformed record is logged with its file and line number, counted as skipped, and the import
goes on.
"""

from __future__ import annotations

import gzip
import json
import logging
import queue
import sys
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, cast

from tqdm import tqdm

from agents.errors import LibraryError, SourceError
from agents.sources.atom import papers_from_atom
from agents.sources.kaggle import MalformedRecordError, paper_from_kaggle_record
from agents.sources.library_writer import LibraryWriter
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 5000
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class ImportSummary:
    """Counts of one import; `read` equals added + updated + unchanged + skipped."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    papers: int = 0
    """Papers in the library after the import."""

    def as_dict(self) -> dict[str, int]:
        """Return the counts as a JSON-ready dict."""
        return asdict(self)


def import_files(
    paths: Sequence[Path],
    library_path: Path,
    *,
    progress: bool | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ImportSummary:
    """Import every file into the library at `library_path`, creating the library if needed.

    `progress` shows a tqdm bar on stderr; None shows it only when stderr is a terminal.
    Raises LibraryError, before writing anything, if a file is missing or unreadable.
    """
    for path in paths:
        if path.is_dir():
            raise LibraryError(
                f"cannot import {path}: it is a folder; name the data files inside it"
            )
        if not path.is_file():
            raise LibraryError(f"cannot import {path}: no such file; check the path")
    show_progress = sys.stderr.isatty() if progress is None else progress
    summary = ImportSummary()
    writer = LibraryWriter(library_path)
    pipeline = _WritePipeline(writer, summary)
    try:
        for path in paths:
            _import_file(path, pipeline, summary, show_progress, batch_size)
        pipeline.finish()
        summary.papers = writer.count()
    finally:
        pipeline.finish()
        writer.close()
    logger.info("import into %s finished: %s", library_path, summary)
    return summary


class _WritePipeline:
    """Writes batches on a worker thread while the caller parses the next ones.

    SQLite releases the GIL while it indexes, so parsing in Python and full-text indexing use
    two cores. The queue contains at most two batches, which keeps memory flat.
    """

    def __init__(self, writer: LibraryWriter, summary: ImportSummary) -> None:
        self._writer = writer
        self._summary = summary
        self._queue: queue.Queue[list[Paper] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="library-writer", daemon=True)
        self._thread.start()

    def submit(self, batch: list[Paper]) -> None:
        """Queue a batch for writing; raise the worker's error if an earlier batch failed."""
        self._raise_worker_error()
        if batch:
            self._queue.put(batch)

    def finish(self) -> None:
        """Wait until every queued batch is written; raise the worker's error if any failed."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        self._raise_worker_error()

    def _raise_worker_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue
            try:
                counts = self._writer.write_batch(batch)
            except BaseException as error:  # re-raised in the importing thread
                self._error = error
                continue
            self._summary.added += counts.added
            self._summary.updated += counts.updated
            self._summary.unchanged += counts.unchanged


def _import_file(
    path: Path,
    pipeline: _WritePipeline,
    summary: ImportSummary,
    show_progress: bool,
    batch_size: int,
) -> None:
    with ExitStack() as stack:
        raw = stack.enter_context(path.open("rb"))
        stream: IO[bytes] = raw
        is_gzip = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        if is_gzip:
            stream = cast(IO[bytes], stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb")))
        bar = stack.enter_context(
            tqdm(
                total=path.stat().st_size,
                desc=path.name,
                unit="B",
                unit_scale=True,
                disable=not show_progress,
                file=sys.stderr,
            )
        )
        first = _first_significant_byte(stream)
        papers = _atom_papers(path, stream, summary) if first == b"<" else None
        if papers is None:
            papers = _kaggle_papers(path, stream, summary)

        batch: list[Paper] = []
        for paper in papers:
            batch.append(paper)
            if len(batch) >= batch_size:
                pipeline.submit(batch)
                batch = []
                bar.update(raw.tell() - bar.n)
                bar.set_postfix(papers=summary.read, refresh=False)
        pipeline.submit(batch)
        bar.update(max(0, bar.total - bar.n))


def _first_significant_byte(stream: IO[bytes]) -> bytes:
    """Return the first byte that is not whitespace or a UTF-8 byte order mark, and rewind."""
    head = stream.read(4096)
    stream.seek(0)
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return stripped[:1]


def _kaggle_papers(path: Path, stream: IO[bytes], summary: ImportSummary) -> Iterator[Paper]:
    """Yield the Papers of a JSON lines file, skipping and logging malformed lines."""
    line_number = 0
    try:
        for line_number, line in enumerate(stream, start=1):  # noqa: B007
            if not line.strip():
                continue
            summary.read += 1
            try:
                yield paper_from_kaggle_record(json.loads(line))
            except (ValueError, MalformedRecordError) as error:
                summary.skipped += 1
                logger.warning("%s:%d: skipped malformed record: %s", path, line_number, error)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        summary.read += 1
        summary.skipped += 1
        logger.warning(
            "%s:%d: skipped the rest of the file, its compressed data is truncated or corrupt: %s",
            path,
            line_number + 1,
            error,
        )


def _atom_papers(path: Path, stream: IO[bytes], summary: ImportSummary) -> Iterator[Paper]:
    """Yield the Papers of an Atom feed; a feed that cannot be parsed counts as one skip."""
    try:
        papers = papers_from_atom(stream.read())
    except SourceError as error:
        summary.read += 1
        summary.skipped += 1
        logger.warning("%s:1: skipped, not a readable Atom feed: %s", path, error)
        papers = []
    summary.read += len(papers)
    yield from papers
