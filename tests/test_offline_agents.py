"""Tests of the offline agents on small hand-made papers and on real papers from the corpus."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from agents.offline import (
    outline_offline,
    plan_offline,
    read_offline,
    write_framing_offline,
    write_section_offline,
)
from agents.offline.sentences import normalize_sentence, split_sentences
from agents.records import OutlineSection, Plan
from agents.request_parsing import parse_request
from agents.sources.paper import Paper, make_paper

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "arxiv-2025-2026.jsonl.gz"
SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)
CITATION = re.compile(r"\[@([^\]]+)\]")
REQUEST_WORDS = ("recent", "novel", "advances", "publications", "literature review")


def paper(arxiv_id: str, title: str, abstract: str, authors: list[str]) -> Paper:
    return make_paper(
        arxiv_id=arxiv_id,
        version=1,
        title=title,
        abstract=abstract,
        authors=authors,
        published="2025-05-01",
        categories=["cs.LG"],
    )


PAPERS = [
    paper(
        "2505.00001",
        "AdaNorm: Adaptive Learning Rates with Gradient Norms",
        "Adaptive learning rate optimizers such as Adam often generalize worse than SGD. "
        "In this paper, we propose AdaNorm, an adaptive learning rate optimizer that rescales "
        "updates by the gradient norm. Experiments on CIFAR-10 show that AdaNorm outperforms "
        "Adam by 1.2% accuracy. However, our analysis does not cover non-convex losses, which "
        "remains an open question.",
        ["Wei Zhang", "Li Chen", "Ana Silva"],
    ),
    paper(
        "2505.00002",
        "Momentum Matters: Adaptive Learning Rates Revisited",
        "Training large networks with adaptive learning rates is costly. We introduce a "
        "momentum correction for adaptive learning rate methods. Results show that the "
        "correction improves convergence speed by 30% on ImageNet.",
        ["Maria Garcia", "John Smith"],
    ),
    paper(
        "2505.00003",
        "Curvature-Aware Second-Order Optimization at Scale",
        "Second-order optimization methods use curvature information but are expensive. "
        "We present a second-order optimizer with a low-rank curvature estimate. Our method "
        "achieves faster convergence than Adam on language models with $O(\\sqrt{T})$ regret.",
        ["Kenji Tanaka"],
    ),
    paper(
        "2505.00004",
        "Scalable Second-Order Optimization with Kronecker Factors",
        "Second-order optimization suffers from memory cost. This work proposes Kronecker "
        "factored curvature preconditioners for second-order optimization. Experiments "
        "demonstrate that the preconditioners reduce training time by 25%.",
        ["Olga Ivanova", "Peter Müller", "Sara Rossi", "Tom Lee"],
    ),
]
PAPERS_BY_ID = {p["arxiv_id"]: p for p in PAPERS}
PLAN = Plan(
    topic="deep learning optimizers",
    focus="optimization algorithms",
    paper_count=4,
    since="2024-07-01",
    until="2026-07-01",
    sections=[],
    queries=["deep learning optimizers"],
)


def notes_of(papers: list[Paper], plan: Plan = PLAN) -> dict:
    return {p["arxiv_id"]: read_offline(p, plan) for p in papers}


def sentences_of(text: str) -> list[str]:
    return [s for paragraph in text.split("\n\n") for s in split_sentences(paragraph)]


def assert_section_valid(text: str, section: OutlineSection) -> None:
    cited = CITATION.findall(text)
    assert set(cited) == set(section["paper_ids"]), "cites exactly the assigned papers"
    for paragraph in text.split("\n\n"):
        assert CITATION.search(paragraph), f"paragraph without citation: {paragraph}"
    keys = [normalize_sentence(s) for s in sentences_of(text)]
    assert len(keys) == len(set(keys)), "a sentence is repeated"
    assert not re.search(r"\b(?:we|our|us)\b", text, re.IGNORECASE), "first person remains"


# Planner


def test_plan_fixes_misspelling_with_vocabulary() -> None:
    constraints = parse_request(SEED_REQUEST, today=date(2026, 7, 1), recency_months=24)
    vocabulary = {"algorithms": 2368, "optimization": 5000, "optimizers": 94, "deep": 6475}
    plan = plan_offline(
        constraints, paper_count=10, since="2024-07-01", until="2026-07-01", vocabulary=vocabulary
    )
    assert plan["focus"] is not None
    assert "algorithms" in plan["focus"]
    assert "algorythms" not in " ".join(plan["queries"])


def test_plan_drops_request_words() -> None:
    constraints = parse_request(SEED_REQUEST, today=date(2026, 7, 1), recency_months=24)
    plan = plan_offline(constraints, paper_count=10, since=None, until=None, vocabulary={})
    assert 1 <= len(plan["queries"]) <= 4
    for query in plan["queries"]:
        for word in REQUEST_WORDS:
            assert word not in query.lower(), f"{word!r} in query {query!r}"


def test_plan_copies_count_and_window() -> None:
    constraints = parse_request(SEED_REQUEST, today=date(2026, 7, 1), recency_months=24)
    plan = plan_offline(constraints, paper_count=7, since="2024-07-01", until="2026-07-01")
    assert plan["paper_count"] == 7
    assert plan["since"] == "2024-07-01"
    assert plan["until"] == "2026-07-01"
    assert len(plan["sections"]) == len(plan["queries"])


def test_plan_keeps_real_words() -> None:
    constraints = parse_request("graph transformers", today=date(2026, 7, 1), recency_months=24)
    vocabulary = {"graph": 900, "transformers": 3, "transformer": 4000}
    plan = plan_offline(constraints, paper_count=5, since=None, until=None, vocabulary=vocabulary)
    assert plan["topic"] == "graph transformers"


def test_plan_keeps_case_of_fixed_word() -> None:
    constraints = parse_request("Algorythms for sorting", today=date(2026, 7, 1), recency_months=24)
    plan = plan_offline(
        constraints, paper_count=5, since=None, until=None, vocabulary={"algorithms": 100}
    )
    assert plan["topic"].startswith("Algorithms")


# Reader


def test_reader_picks_method_sentence() -> None:
    notes = read_offline(PAPERS[0], PLAN)
    assert notes["method"].startswith("In this paper, we propose AdaNorm")


def test_reader_picks_findings_sentence() -> None:
    notes = read_offline(PAPERS[0], PLAN)
    assert notes["findings"] == [
        "Experiments on CIFAR-10 show that AdaNorm outperforms Adam by 1.2% accuracy."
    ]


def test_reader_picks_problem_and_limitation() -> None:
    notes = read_offline(PAPERS[0], PLAN)
    assert notes["problem"].startswith("Adaptive learning rate optimizers")
    assert "open question" in notes["limitations"]


def test_reader_decodes_latex() -> None:
    notes = read_offline(PAPERS[2], PLAN)
    text = " ".join([notes["method"], *notes["findings"]])
    assert "$" not in text
    assert "√" in text


def test_reader_handles_empty_abstract() -> None:
    empty = paper("2505.00009", "A Title Only", "", ["Ann Lee"])
    notes = read_offline(empty, PLAN)
    assert notes["method"] == ""
    assert notes["findings"] == []


def test_reader_handles_one_sentence() -> None:
    single = paper("2505.00008", "One Sentence", "We propose a tiny optimizer.", ["Ann Lee"])
    notes = read_offline(single, PLAN)
    assert notes["method"] == "We propose a tiny optimizer."
    assert notes["problem"] == ""
    assert notes["findings"] == []


# Outline


def test_outline_covers_every_paper_once() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    assigned = [i for section in outline for i in section["paper_ids"]]
    assert sorted(assigned) == sorted(PAPERS_BY_ID)


def test_outline_groups_similar_papers() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    groups = sorted(sorted(section["paper_ids"]) for section in outline)
    assert groups == [["2505.00001", "2505.00002"], ["2505.00003", "2505.00004"]]


def test_outline_titles_readable_and_distinct() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    titles = [section["title"] for section in outline]
    assert len(set(titles)) == len(titles)
    for title in titles:
        assert "," not in title, f"title looks like a word list: {title}"
        assert title[0].isupper()


def test_outline_section_ids_stable() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    assert [section["section_id"] for section in outline] == ["s1", "s2"]


def test_outline_single_paper() -> None:
    outline = outline_offline(PLAN, PAPERS[:1], notes_of(PAPERS[:1]))
    assert len(outline) == 1
    assert outline[0]["paper_ids"] == ["2505.00001"]


# Section writer


def _section(ids: list[str]) -> OutlineSection:
    return OutlineSection(
        section_id="s1", title="Adaptive Learning Rates", purpose="Test.", paper_ids=ids
    )


def test_section_cites_assigned_papers() -> None:
    section = _section(list(PAPERS_BY_ID))
    text = write_section_offline(section, PLAN, PAPERS_BY_ID, notes_of(PAPERS))
    assert_section_valid(text, section)


def test_section_attributes_to_authors() -> None:
    section = _section(["2505.00001", "2505.00002", "2505.00003"])
    text = write_section_offline(section, PLAN, PAPERS_BY_ID, notes_of(PAPERS))
    assert "Zhang et al. propose AdaNorm" in text
    assert "Garcia and Smith introduce" in text
    assert "Tanaka presents" in text


def test_section_rewrites_document_subject() -> None:
    section = _section(["2505.00004"])
    text = write_section_offline(section, PLAN, PAPERS_BY_ID, notes_of(PAPERS))
    assert "Ivanova et al. propose Kronecker" in text


def test_section_repairs_repeated_sentence() -> None:
    section = _section(["2505.00001", "2505.00002"])
    notes = notes_of(PAPERS)
    first = write_section_offline(section, PLAN, PAPERS_BY_ID, notes)
    quoted = [s for s in sentences_of(first) if "CIFAR-10" in s][0]
    problems = [f"repeated sentence: {quoted}"]
    second = write_section_offline(section, PLAN, PAPERS_BY_ID, notes, problems=problems)
    assert "CIFAR-10" not in second
    assert_section_valid(second, section)


def test_section_repairs_too_long() -> None:
    section = _section(list(PAPERS_BY_ID))
    notes = notes_of(PAPERS)
    problems = ["section too long: 812 words (max 60)"]
    text = write_section_offline(section, PLAN, PAPERS_BY_ID, notes, problems=problems)
    assert len(CITATION.sub("", text).split()) < len(
        CITATION.sub("", write_section_offline(section, PLAN, PAPERS_BY_ID, notes)).split()
    )
    assert_section_valid(text, section)


def test_section_repairs_uncited_paper() -> None:
    section = _section(["2505.00001", "2505.00003"])
    problems = ["assigned paper not cited: 2505.00003"]
    text = write_section_offline(section, PLAN, PAPERS_BY_ID, notes_of(PAPERS), problems=problems)
    assert "[@2505.00003]" in text


def test_section_without_abstract_cites_title() -> None:
    empty = paper("2505.00009", "A Title Only", "", ["Ann Lee", "Bo Kim", "Cy Park"])
    section = _section(["2505.00009"])
    text = write_section_offline(section, PLAN, {"2505.00009": empty}, {})
    assert "Lee et al. present “A Title Only” [@2505.00009]." in text


def test_section_deterministic() -> None:
    section = _section(list(PAPERS_BY_ID))
    first = write_section_offline(section, PLAN, PAPERS_BY_ID, notes_of(PAPERS))
    second = write_section_offline(section, PLAN, PAPERS_BY_ID, notes_of(PAPERS))
    assert first == second


# Framing


def test_framing_has_three_parts() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    framing = write_framing_offline(PLAN, outline, PAPERS_BY_ID, notes_of(PAPERS))
    assert sorted(framing) == ["conclusion", "discussion", "introduction"]
    assert "four arXiv papers on deep learning optimizers" in framing["introduction"]


def test_framing_cites_only_known_papers() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    framing = write_framing_offline(PLAN, outline, PAPERS_BY_ID, notes_of(PAPERS))
    for name, text in framing.items():
        assert set(CITATION.findall(text)) <= set(PAPERS_BY_ID), name
        for paragraph in text.split("\n\n"):
            assert CITATION.search(paragraph), f"{name} paragraph without citation"


def test_framing_quotes_limitation() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    framing = write_framing_offline(PLAN, outline, PAPERS_BY_ID, notes_of(PAPERS))
    assert "open question [@2505.00001]" in framing["discussion"]


# Real papers from the shared corpus


CORPUS_TOPICS = {
    "deep learning optimizers": "optimizer",
    "graph neural networks": "graph neural network",
    "federated learning": "federated learning",
    "medical image segmentation": "medical image segmentation",
    "text-to-speech": "text-to-speech",
}


@pytest.fixture(scope="module")
def corpus_papers() -> dict[str, list[Paper]]:
    if not CORPUS.is_file():
        pytest.skip(f"shared corpus not found at {CORPUS}; it lives beside the checkout")
    found: dict[str, list[Paper]] = {topic: [] for topic in CORPUS_TOPICS}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            title = " ".join(record["title"].lower().split())
            for topic, needle in CORPUS_TOPICS.items():
                if len(found[topic]) < 12 and needle in title:
                    found[topic].append(_paper_from_record(record))
            if all(len(papers) >= 12 for papers in found.values()):
                break
    return found


def _paper_from_record(record: dict) -> Paper:
    created = parsedate_to_datetime(record["versions"][0]["created"]).date().isoformat()
    return make_paper(
        arxiv_id=record["id"],
        version=int(record["versions"][-1]["version"].lstrip("v")),
        title=record["title"],
        abstract=record["abstract"],
        authors=[" ".join(p for p in (a[1], a[0]) if p) for a in record["authors_parsed"]],
        published=created,
        categories=record["categories"].split(),
    )


def _review(topic: str, papers: list[Paper]) -> tuple[list[OutlineSection], dict[str, str], dict]:
    plan = Plan(
        topic=topic,
        focus=None,
        paper_count=len(papers),
        since=None,
        until=None,
        sections=[],
        queries=[topic],
    )
    by_id = {p["arxiv_id"]: p for p in papers}
    notes = notes_of(papers, plan)
    outline = outline_offline(plan, papers, notes)
    texts = {s["section_id"]: write_section_offline(s, plan, by_id, notes) for s in outline}
    framing = write_framing_offline(plan, outline, by_id, notes)
    return outline, texts, framing


@pytest.mark.corpus
@pytest.mark.parametrize("topic", sorted(CORPUS_TOPICS))
def test_corpus_review_properties(topic: str, corpus_papers: dict[str, list[Paper]]) -> None:
    papers = corpus_papers[topic][:10]
    outline, texts, framing = _review(topic, papers)
    assert len(outline) >= 2
    assigned = [i for section in outline for i in section["paper_ids"]]
    assert sorted(assigned) == sorted(p["arxiv_id"] for p in papers)
    assert len({section["title"] for section in outline}) == len(outline)
    for section in outline:
        assert section["paper_ids"], "empty section"
        assert "," not in section["title"]
        assert_section_valid(texts[section["section_id"]], section)
    everything = "\n\n".join([*texts.values(), *framing.values()])
    keys = [normalize_sentence(s) for s in sentences_of(everything)]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    assert repeated == []


@pytest.mark.corpus
def test_corpus_review_deterministic(corpus_papers: dict[str, list[Paper]]) -> None:
    papers = corpus_papers["federated learning"][:10]
    first = _review("federated learning", papers)
    second = _review("federated learning", list(reversed(papers)))
    assert first == second
