"""The arXiv source against a local server replaying real arXiv API responses."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest

from agents.errors import ArxivUnavailableError, InvalidArxivIdError, SourceError
from agents.sources import open_source
from agents.sources.arxiv_client import parse_retry_after
from agents.sources.arxiv_source import ArxivSource, get_arxiv_source
from agents.sources.atom import papers_from_atom
from tests.fake_arxiv import FIXTURES, FakeArxiv, Reply, closed_port_url, load_recordings

pytestmark = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"recorded arXiv responses not found at {FIXTURES}"
)

FAST: dict[str, Any] = {
    "min_interval_seconds": 0.0,
    "backoff_base_seconds": 0.01,
    "cache_enabled": False,
}


@pytest.fixture
def fake_arxiv() -> Iterator[FakeArxiv]:
    with FakeArxiv(load_recordings()) as server:
        yield server


def recorded_papers(name_prefix: str) -> list:
    (path,) = FIXTURES.glob(f"{name_prefix}_*.json")
    return papers_from_atom(json.loads(path.read_text(encoding="utf-8"))["body"])


def gaps(server: FakeArxiv) -> list[float]:
    times = [request.arrived for request in server.requests]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


@pytest.mark.parametrize(
    ("requested", "fixture"),
    [
        ("2104.12255v1", "id_2104.12255v1_s0"),
        ("arXiv:2104.12255v1", "id_2104.12255v1_s0"),
        ("https://arxiv.org/pdf/2104.12255v1", "id_2104.12255v1_s0"),
        ("astro-ph/0601001", "id_astro-ph_0601001_s0"),
        ("quant-ph/0201082v1", "id_quant-ph_0201082v1_s0"),
        ("1707.08567", "id_1707.08567_s0"),
        ("https://arxiv.org/abs/1605.08386", "id_1605.08386_s0"),
    ],
)
def test_lookup_id_forms(fake_arxiv: FakeArxiv, requested: str, fixture: str) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, **FAST)
    papers = source.lookup([requested])
    assert papers == recorded_papers(fixture)
    assert len(papers) == 1
    assert len(fake_arxiv.requests) == 1


def test_lookup_paper_fields(fake_arxiv: FakeArxiv) -> None:
    (paper,) = ArxivSource(base_url=fake_arxiv.url, **FAST).lookup(["astro-ph/0601001"])
    assert paper["arxiv_id"] == "astro-ph/0601001"
    assert paper["version"] == 1
    assert paper["title"].startswith("Frequency of Hot Jupiters and Very Hot Jupiters")
    assert paper["abstract"].startswith("We derive the frequencies of hot Jupiters (HJs)")
    assert paper["authors"] == [
        "Andrew Gould",
        "Susan Dorsher",
        "B. Scott Gaudi",
        "Andrzej Udalski",
    ]
    assert paper["published"] == "2006-01-02"
    assert paper["updated"] == "2006-01-02"
    assert paper["primary_category"] == "astro-ph"
    assert paper["categories"] == ["astro-ph"]
    assert paper["doi"] is None
    assert paper["journal_ref"] == "ActaAstron.56:1-50,2006"
    assert (paper["comment"] or "").startswith("62 pages including 16 figures and 9 tables.")
    assert paper["abs_url"] == "https://arxiv.org/abs/astro-ph/0601001"
    assert paper["pdf_url"] == "https://arxiv.org/pdf/astro-ph/0601001"


def test_lookup_two_ids_one_request(fake_arxiv: FakeArxiv) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, **FAST)
    papers = source.lookup(["0808.05394", "1707.08567"])
    assert [paper["arxiv_id"] for paper in papers] == ["1707.08567"]
    assert len(fake_arxiv.requests) == 1
    assert fake_arxiv.requests[0].params["id_list"] == "0808.05394,1707.08567"


def test_lookup_unknown_id_empty_feed(fake_arxiv: FakeArxiv) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, **FAST)
    assert source.lookup(["0000.0000"]) == []
    assert len(fake_arxiv.requests) == 1


def test_lookup_invalid_id_sends_nothing(fake_arxiv: FakeArxiv) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, **FAST)
    with pytest.raises(InvalidArxivIdError, match="'abc'"):
        source.lookup(["abc"])
    assert fake_arxiv.requests == []


def test_error_feed_raises_source_error(fake_arxiv: FakeArxiv) -> None:
    """arXiv's HTTP 400 error feed for `id_list=abc` becomes a clear error, not retried."""
    source = ArxivSource(base_url=fake_arxiv.url, max_retries=3, **FAST)
    url = fake_arxiv.url + "?search_query=&id_list=abc&sortBy=relevance&sortOrder=descending"
    with pytest.raises(SourceError, match="incorrect id format for abc") as raised:
        source.client.fetch_feed(url + "&start=0&max_results=100")
    assert not isinstance(raised.value, ArxivUnavailableError)
    assert len(fake_arxiv.requests) == 1


def test_lookup_chunks_of_100_ids(fake_arxiv: FakeArxiv) -> None:
    body = json.loads(next(FIXTURES.glob("id_0000.0000_s0_*.json")).read_text())["body"]
    fake_arxiv.answer_every_request(Reply(body=body))
    ids = [f"2101.{number:05d}" for number in range(250)]
    assert ArxivSource(base_url=fake_arxiv.url, **FAST).lookup(ids) == []
    sizes = [len(request.params["id_list"].split(",")) for request in fake_arxiv.requests]
    assert sizes == [100, 100, 50]


@pytest.mark.parametrize(("limit", "page_size", "pages"), [(60, 10, 6), (15, 15, 1), (25, 10, 3)])
def test_query_paging(fake_arxiv: FakeArxiv, limit: int, page_size: int, pages: int) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, page_size=page_size, **FAST)
    papers = source.run_query("testing", limit=limit)
    expected = []
    for start in range(0, pages * page_size, page_size):
        expected += recorded_papers(f"q_testing_s{start}_m{page_size}")
    assert papers == expected[:limit]
    assert len(fake_arxiv.requests) == pages


def test_search_request_syntax(fake_arxiv: FakeArxiv) -> None:
    body = json.loads(next(FIXTURES.glob("q_testing_s0_m10_*.json")).read_text())["body"]
    fake_arxiv.answer_every_request(Reply(body=body))
    source = ArxivSource(base_url=fake_arxiv.url, page_size=10, **FAST)
    papers = source.search(
        ["mutation testing", '"property based" testing'],
        limit=5,
        since=date(2020, 1, 1),
        until=date(2022, 12, 31),
        categories=["cs.SE"],
        sort_by="date",
    )
    params = fake_arxiv.requests[0].params
    assert len(papers) == 5
    assert params["search_query"] == (
        '((all:mutation AND all:testing) OR (all:"property based" AND all:testing))'
        " AND (submittedDate:[202001010000 TO 202212312359]) AND (cat:cs.SE)"
    )
    assert params["sortBy"] == "submittedDate"
    assert params["max_results"] == "5"


def test_retry_after_429(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.queue(Reply(status=429, headers={"Retry-After": "1"}))
    papers = ArxivSource(base_url=fake_arxiv.url, **FAST).lookup(["1707.08567"])
    assert papers == recorded_papers("id_1707.08567_s0")
    assert len(fake_arxiv.requests) == 2
    assert gaps(fake_arxiv)[0] >= 1.0


def test_retry_after_too_long(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.queue(Reply(status=429, headers={"Retry-After": "3600"}))
    source = ArxivSource(base_url=fake_arxiv.url, max_backoff_seconds=5, **FAST)
    with pytest.raises(ArxivUnavailableError, match="asked to wait 3600 s"):
        source.lookup(["1707.08567"])
    assert len(fake_arxiv.requests) == 1


def test_503_every_time(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.answer_every_request(Reply(status=503, body="busy"))
    source = ArxivSource(base_url=fake_arxiv.url, max_retries=2, **FAST)
    started = time.monotonic()
    with pytest.raises(ArxivUnavailableError, match="HTTP 503") as raised:
        source.lookup(["1707.08567"])
    assert time.monotonic() - started < 5
    assert raised.value.attempts == 3
    assert len(fake_arxiv.requests) == 3
    assert gaps(fake_arxiv)[1] >= gaps(fake_arxiv)[0]


def test_server_never_answers(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.answer_every_request(Reply(hang=True))
    source = ArxivSource(base_url=fake_arxiv.url, timeout_seconds=0.3, max_retries=1, **FAST)
    with pytest.raises(ArxivUnavailableError, match="no response within 0.3 s"):
        source.lookup(["1707.08567"])
    assert len(fake_arxiv.requests) == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Service temporarily unavailable", "not XML"),
        ("<html><body>Proxy error</body></html>", "root element is <html>"),
        ("", "not XML"),
    ],
)
def test_body_not_atom(fake_arxiv: FakeArxiv, body: str, message: str) -> None:
    fake_arxiv.answer_every_request(Reply(body=body))
    source = ArxivSource(base_url=fake_arxiv.url, **FAST)
    with pytest.raises(ArxivUnavailableError, match=message):
        source.lookup(["1707.08567"])


def test_connection_refused() -> None:
    source = ArxivSource(base_url=closed_port_url(), max_retries=1, **FAST)
    with pytest.raises(ArxivUnavailableError, match="connection failed") as raised:
        source.lookup(["1707.08567"])
    assert raised.value.attempts == 2


def test_unrecorded_request_404(fake_arxiv: FakeArxiv) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, **FAST)
    with pytest.raises(SourceError, match="HTTP 404.*LITREVIEW_ARXIV_URL"):
        source.run_query("nothing recorded", limit=3)


def test_cache_skips_server(fake_arxiv: FakeArxiv, tmp_path: Path) -> None:
    settings: dict[str, Any] = {"base_url": fake_arxiv.url, "min_interval_seconds": 0.0}
    first = ArxivSource(cache_path=tmp_path / "cache.sqlite3", **settings).lookup(["1707.08567"])
    again = ArxivSource(cache_path=tmp_path / "cache.sqlite3", **settings).lookup(["1707.08567"])
    assert again == first
    assert len(fake_arxiv.requests) == 1


def test_cache_expired_refetches(fake_arxiv: FakeArxiv, tmp_path: Path) -> None:
    source = ArxivSource(
        base_url=fake_arxiv.url,
        min_interval_seconds=0.0,
        cache_path=tmp_path / "cache.sqlite3",
        cache_ttl_seconds=0.0,
    )
    source.lookup(["1707.08567"])
    source.lookup(["1707.08567"])
    assert len(fake_arxiv.requests) == 2


def test_spacing_across_threads(fake_arxiv: FakeArxiv) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, min_interval_seconds=0.3, cache_enabled=False)
    workers = [
        threading.Thread(target=source.lookup, args=([paper_id],))
        for paper_id in ["1707.08567", "1605.08386", "astro-ph/0601001", "0000.0000"]
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(fake_arxiv.requests) == 4
    assert min(gaps(fake_arxiv)) >= 0.3


@pytest.mark.slow
def test_spacing_default_3s(fake_arxiv: FakeArxiv) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, cache_enabled=False)
    source.lookup(["1707.08567"])
    source.lookup(["1605.08386"])
    assert gaps(fake_arxiv)[0] >= 3.0


def test_open_source_uses_environment(
    fake_arxiv: FakeArxiv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LITREVIEW_ARXIV_URL", fake_arxiv.url)
    monkeypatch.setenv("LITREVIEW_CACHE", str(tmp_path))
    source = open_source("arxiv")
    papers = source.lookup(["astro-ph/0601001"])
    assert source is get_arxiv_source()
    assert source.name == "arxiv"
    assert papers == recorded_papers("id_astro-ph_0601001_s0")
    assert list(tmp_path.iterdir()) == [tmp_path / "arxiv-cache.sqlite3"]


def test_lookup_duplicate_id_forms(fake_arxiv: FakeArxiv) -> None:
    source = ArxivSource(base_url=fake_arxiv.url, **FAST)
    papers = source.lookup(["1707.08567", "arXiv:1707.08567", "https://arxiv.org/abs/1707.08567"])
    assert papers == recorded_papers("id_1707.08567_s0")
    assert fake_arxiv.requests[0].params["id_list"] == "1707.08567"


@pytest.mark.parametrize(
    ("header", "low", "high"),
    [("7", 7.0, 7.0), (" 0 ", 0.0, 0.0), (None, None, None), ("soon", None, None)],
)
def test_retry_after_forms(header: str | None, low: float | None, high: float | None) -> None:
    seconds = parse_retry_after(header)
    if low is None:
        assert seconds is None
    else:
        assert seconds is not None
        assert low <= seconds <= (high or 0.0)


def test_retry_after_http_date() -> None:
    in_a_minute = formatdate(time.time() + 60, usegmt=True)
    seconds = parse_retry_after(in_a_minute)
    assert seconds is not None
    assert 55 <= seconds <= 61
