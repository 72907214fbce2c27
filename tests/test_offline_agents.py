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
from agents.offline.anaphora import depends_on_context, has_dangling_it, repair_opening
from agents.offline.attribution import third_person
from agents.offline.phrase_candidates import Phrase
from agents.offline.phrases import PhraseTable
from agents.offline.prose import (
    ConnectiveChooser,
    heading_to_phrase,
    lower_first,
    number_word,
    strip_anaphoric_opening,
)
from agents.offline.reader import abstract_sentences
from agents.offline.sentences import normalize_sentence, split_sentences, words
from agents.offline.theme_names import name_themes, paper_kind
from agents.offline.themes import topic_families
from agents.offline.titles import title_case
from agents.records import OutlineSection, Plan
from agents.request_parsing import parse_request
from agents.sources.paper import Paper, make_paper

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "arxiv-2025-2026.jsonl.gz"
SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)
GNN_REQUEST = "Review 10 recent papers on graph neural networks"
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


def test_plan_sections_are_facets() -> None:
    constraints = parse_request(SEED_REQUEST, today=date(2026, 7, 1), recency_months=24)
    plan = plan_offline(
        constraints, paper_count=10, since=None, until=None, vocabulary={"algorithms": 3000}
    )
    titles = [section["title"] for section in plan["sections"]]
    assert titles[:2] == ["Deep learning optimizers", "Novel optimization algorithms"]
    assert len(set(titles)) == len(titles)


def test_plan_has_no_suffix_sections() -> None:
    constraints = parse_request(GNN_REQUEST, today=date(2026, 7, 1), recency_months=24)
    plan = plan_offline(constraints, paper_count=10, since=None, until=None)
    topic = plan["topic"].lower()
    for section in plan["sections"]:
        title = section["title"].lower()
        is_suffix = topic.endswith(title) and title != topic
        assert not is_suffix, f"suffix section {title!r}"
    assert all(query == "graph neural networks" for query in plan["queries"])


def test_plan_purposes_are_sentences() -> None:
    constraints = parse_request(GNN_REQUEST, today=date(2026, 7, 1), recency_months=24)
    plan = plan_offline(constraints, paper_count=10, since=None, until=None)
    for section in plan["sections"]:
        purpose = section["purpose"]
        assert purpose.endswith("."), purpose
        assert len(purpose.split()) >= 8, f"purpose too thin: {purpose!r}"
        assert section["queries"], section["title"]


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


def test_reader_strips_structured_labels() -> None:
    structured = paper(
        "2505.00010",
        "Federated Pretraining for Surgery",
        "Purpose: In this study, we investigate federated pretraining for surgical video. "
        "Results: Our findings demonstrate that federated pretraining improves accuracy by 3%.",
        ["Ann Kirchner", "Bo Li", "Cy Park"],
    )
    notes = read_offline(structured, PLAN)
    assert notes["method"].startswith("In this study")
    assert notes["findings"][0].startswith("Our findings")


def test_reader_skips_dependent_findings() -> None:
    dependent = paper(
        "2505.00011",
        "Private Adaptive Optimizers",
        "Noise undermines adaptive optimizers. We propose ScaleOpt, a private optimizer. "
        "Experiments on CIFAR-10 show that ScaleOpt improves accuracy by 2%. "
        "These variants also converge faster than SGD in experiments.",
        ["Arun Ganesh", "Brendan McMahan", "Abhradeep Thakurta"],
    )
    notes = read_offline(dependent, PLAN)
    assert all("These variants" not in finding for finding in notes["findings"])


def test_reader_keeps_finding_after_its_antecedent() -> None:
    adjacent = paper(
        "2505.00012",
        "Decoupled Optimization",
        "Training from scratch and fine-tuning need different optimizers. We propose DualOpt, "
        "an optimizer that decouples the two regimes. This improves accuracy by 2% on ImageNet.",
        ["Xin Ning", "Qiankun Li", "Feng He"],
    )
    notes = read_offline(adjacent, PLAN)
    assert notes["findings"] == ["This improves accuracy by 2% on ImageNet."]


def test_reader_prefers_standalone_method() -> None:
    survey = paper(
        "2505.00013",
        "Private Adaptive Optimizers",
        "Many private optimizers have been proposed. We survey several of these variants. "
        "We propose scale-then-privatize, a simple technique for private adaptive optimizers.",
        ["Arun Ganesh", "Brendan McMahan", "Abhradeep Thakurta"],
    )
    notes = read_offline(survey, PLAN)
    assert notes["method"].startswith("We propose scale-then-privatize")


def test_reader_repairs_anaphoric_clause() -> None:
    inspired = paper(
        "2505.00014",
        "IC-MoE",
        "Foundation models adapt poorly to medical images. Inspired by these critical problems, "
        "we propose IC-MoE, a mixture-of-experts segmentation model.",
        ["Wei Zhang", "Li Chen", "Ana Silva"],
    )
    notes = read_offline(inspired, PLAN)
    assert notes["method"] == "We propose IC-MoE, a mixture-of-experts segmentation model."


# Sentences that need context


@pytest.mark.parametrize(
    "sentence",
    [
        "We survey several of these variants and develop better intuition for them.",
        "We investigate whether small amounts of speech can mitigate this mismatch.",
        "This ensures consistency in the weight distribution.",
        "It leverages prosodic label alignment.",
        "Meanwhile, further improving the accuracy of pseudo-labels.",
        "In Stage 2, VESSA is integrated into an SSL framework.",
        "Current methods suffer from two limitations:",
        "Conversely, interpretable models can provide immediate explanations.",
        "We verify both trends on three datasets.",
    ],
)
def test_dependent_sentence_detected(sentence: str) -> None:
    assert depends_on_context(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "In this paper, we propose AdaNorm, an optimizer such as Adam.",
        "This paper proposes X and shows that it works.",
        "Experiments show that this approach outperforms Adam.",
        "We compare both SGD and Adam on ImageNet.",
    ],
)
def test_standalone_sentence_kept(sentence: str) -> None:
    assert not depends_on_context(sentence)


def test_repair_drops_anaphoric_clause() -> None:
    assert repair_opening("To cope with these limitations, we propose RRL.") == "We propose RRL."


def test_repair_keeps_frame_opening() -> None:
    sentence = "In this paper, we propose AdaNorm."
    assert repair_opening(sentence) == sentence


# Attribution


def test_attribution_coordinated_verbs_agree() -> None:
    text = third_person("This paper explores X and introduces RESFL.", "Wasif et al.")
    assert text == "Wasif et al. explore X and introduce RESFL."


def test_attribution_singular_coordination() -> None:
    assert third_person("We propose X and introduce Y.", "Tanaka") == (
        "Tanaka proposes X and introduces Y."
    )


def test_attribution_subordinate_verbs_kept() -> None:
    text = third_person("We show that it outperforms Y and achieves Z.", "Li et al.")
    assert text == "Li et al. show that it outperforms Y and achieves Z."


def test_attribution_single_author_possessive() -> None:
    assert third_person("Our evidence points to two failure modes.", "Abouzeid") == (
        "Abouzeid's evidence points to two failure modes."
    )


def test_attribution_single_author_not_they() -> None:
    text = third_person("We show how Transformers act as GNNs.", "Joshi", named=True)
    assert text == "The author shows how Transformers act as GNNs."


def test_attribution_document_subject_with_adverb() -> None:
    text = third_person("This thesis first revisits RL and extends MDPs.", "Cheng et al.")
    assert text == "Cheng et al. first revisit RL and extend MDPs."


# Connectives


def test_connective_neutral_without_evidence() -> None:
    chooser = ConnectiveChooser()
    choices = [chooser.next(0.05, 0.08) for _ in range(6)]
    for choice in choices:
        assert choice not in ("Similarly,", "In contrast,", "Likewise,")
    assert len(set(choices)) > 1


def test_connective_similar_methods() -> None:
    assert ConnectiveChooser().next(0.4, 0.3) == "Similarly,"


def test_connective_different_methods_same_problem() -> None:
    assert ConnectiveChooser().next(0.0, 0.3) == "Taking a different approach,"


def test_heading_to_phrase_hyphenated() -> None:
    assert heading_to_phrase("Test-Time Adaptation") == "test-time adaptation"


def test_title_case_small_hyphen_parts() -> None:
    assert title_case("text-to-speech synthesis") == "Text-to-Speech Synthesis"


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


UNRELATED = [
    paper(
        "2505.00021",
        "Correcting Client Drift in Federated Learning",
        "Client drift slows federated learning on non-IID data. We propose DriftFix, which "
        "corrects client drift with control variates. Experiments show that DriftFix reduces "
        "communication rounds by 40%.",
        ["Ann Lee", "Bo Kim", "Cy Park"],
    ),
    paper(
        "2505.00022",
        "Client Drift under Partial Participation",
        "Partial participation worsens client drift. We introduce a momentum estimate of "
        "client drift for federated learning. Results show faster convergence on CIFAR-10.",
        ["Dan Wu", "Eve Tan"],
    ),
    paper(
        "2505.00023",
        "Iris Recognition with Vision Transformers",
        "Biometric systems need accurate iris recognition. We evaluate vision transformers "
        "for iris recognition with federated learning across hospitals. Accuracy reaches 98%.",
        ["Moh Faiz", "Aviv Rahman", "Rangga Putra"],
    ),
    paper(
        "2505.00024",
        "Federated Radiotherapy Treatment Planning",
        "Radiotherapy treatment plans differ between clinics. We present a federated learning "
        "model that predicts dose distributions for radiotherapy treatment plans. It achieves "
        "a dose error of 2.1 Gy.",
        ["Ivy Novak", "Jon Berg", "Kai Sato"],
    ),
]
FL_PLAN = Plan(
    topic="federated learning",
    focus=None,
    paper_count=4,
    since=None,
    until=None,
    sections=[],
    queries=["federated learning"],
)


def test_outline_names_shared_theme() -> None:
    outline = outline_offline(FL_PLAN, UNRELATED, notes_of(UNRELATED, FL_PLAN))
    by_title = {section["title"]: sorted(section["paper_ids"]) for section in outline}
    assert by_title.get("Client Drift") == ["2505.00021", "2505.00022"]


def test_outline_unrelated_papers_get_generic_title() -> None:
    outline = outline_offline(FL_PLAN, UNRELATED, notes_of(UNRELATED, FL_PLAN))
    for section in outline:
        for jargon in ("Iris", "Radiotherapy", "Treatment", "Transformers"):
            assert jargon not in section["title"], section["title"]
    other = [s for s in outline if "2505.00023" in s["paper_ids"]][0]
    assert "Federated Learning" in other["title"] or "Analyses" in other["title"]


def test_outline_titles_not_glued() -> None:
    outline = outline_offline(FL_PLAN, UNRELATED, notes_of(UNRELATED, FL_PLAN))
    for section in outline:
        assert " and " not in section["title"] or section["title"].startswith("Analyses")


def test_phrase_rejects_verb_fragments() -> None:
    texts = paper(
        "2505.00025",
        "Ensuring Data Privacy",
        "It ensures robust training. The scheme ensures robust privacy while ensuring data "
        "privacy, and the learning rate stays fixed.",
        ["Ann Lee"],
    )
    table = PhraseTable([texts])
    assert not table.is_well_formed(Phrase(("ensuring", "data"), "ensuring data", 1.0, 1.0))
    assert not table.is_well_formed(Phrase(("ensure", "robust"), "ensures robust", 1.0, 1.0))
    assert table.is_well_formed(Phrase(("learning", "rate"), "learning rate", 1.0, 1.0))


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


def test_framing_shared_terms_read_as_counts() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    framing = write_framing_offline(PLAN, outline, PAPERS_BY_ID, notes_of(PAPERS))
    assert "Beyond the topic itself" not in framing["discussion"]
    assert "papers in all" not in framing["discussion"]


def test_framing_quotes_theme_titles() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    framing = write_framing_offline(PLAN, outline, PAPERS_BY_ID, notes_of(PAPERS))
    for section in outline:
        assert f"“{section['title']}”" in framing["introduction"]
        assert f"“{section['title']}”" in framing["conclusion"]


def test_framing_single_theme_wording() -> None:
    papers = PAPERS[:3]
    outline = [
        OutlineSection(
            section_id="s1",
            title="Adaptive Learning Rates",
            purpose="Test.",
            paper_ids=[p["arxiv_id"] for p in papers],
        )
    ]
    framing = write_framing_offline(PLAN, outline, PAPERS_BY_ID, notes_of(papers))
    assert "forms a single theme" in framing["conclusion"]
    assert "three of the three" not in framing["conclusion"]
    assert "spans" not in framing["conclusion"]


def test_framing_singular_own() -> None:
    outline = outline_offline(PLAN, PAPERS, notes_of(PAPERS))
    framing = write_framing_offline(PLAN, outline, PAPERS_BY_ID, notes_of(PAPERS))
    text = " ".join(framing.values())
    assert not re.search(r"\b(?:one of the \w+ papers|neither paper|none of the \w+ papers) "
                         r"\w+ a \w+(?: or \w+ \w+)? of their own", text)  # fmt: skip


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


GENERIC_TITLE = re.compile(r"^(?:(?:Other |Further )?(?:Directions|Methods) (?:in|for) |Analyses )")
DANGLING_OPENING = re.compile(
    r"^(?:(?:In addition|Further|Moreover|Similarly|Likewise), )?(?:These|Those|Such|It|"
    r"Meanwhile|Several of these)\b"
)


@pytest.mark.corpus
@pytest.mark.parametrize("topic", sorted(CORPUS_TOPICS))
def test_corpus_titles_shared_by_most(topic: str, corpus_papers: dict[str, list[Paper]]) -> None:
    papers = corpus_papers[topic][:10]
    by_id = {p["arxiv_id"]: p for p in papers}
    outline, _, _ = _review(topic, papers)
    for section in outline:
        if GENERIC_TITLE.match(section["title"]):
            continue
        stems = [word.lower()[:5] for word in section["title"].split()]
        users = [
            i
            for i in section["paper_ids"]
            if all(stem in f"{by_id[i]['title']} {by_id[i]['abstract']}".lower() for stem in stems)
        ]
        assert len(users) >= 2, f"{section['title']!r} names fewer than two papers"
        assert len(users) * 2 > len(section["paper_ids"]), f"{section['title']!r} not shared"


@pytest.mark.corpus
@pytest.mark.parametrize("topic", sorted(CORPUS_TOPICS))
def test_corpus_no_dangling_openings(topic: str, corpus_papers: dict[str, list[Paper]]) -> None:
    papers = corpus_papers[topic][:10]
    _, texts, framing = _review(topic, papers)
    for text in [*texts.values(), *framing.values()]:
        paragraphs = text.split("\n\n")
        for paragraph in paragraphs:
            for sentence in split_sentences(paragraph)[:1]:
                assert not DANGLING_OPENING.match(sentence), sentence


@pytest.mark.corpus
def test_corpus_review_deterministic(corpus_papers: dict[str, list[Paper]]) -> None:
    papers = corpus_papers["federated learning"][:10]
    first = _review("federated learning", papers)
    second = _review("federated learning", list(reversed(papers)))
    assert first == second


# Problems found by reading offline reviews of the corpus, one test each.


def test_words_keep_leading_digit() -> None:
    assert words("We study 3DGS and 3D scenes.") == ["We", "study", "3DGS", "and", "3D", "scenes"]


def test_phrase_surface_keeps_proper_noun() -> None:
    abstract = "We render 3D Gaussian splatting scenes. Our Gaussian splatting is fast."
    table = PhraseTable([paper("2505.10001", "Fast Gaussian Splatting", abstract, ["A Li"])])
    assert table.surface(("gaussian", "splatting")) == "Gaussian splatting"


def test_phrases_drop_trailing_adverb() -> None:
    abstract = "Current RAG systems primarily retrieve text."
    table = PhraseTable([paper("2505.10002", "On RAG", abstract, ["A Li"])])
    assert ("rag", "system", "primarily") not in table.counts["2505.10002"]


def _theme_papers(titles_and_abstracts: list[tuple[str, str]]) -> list[Paper]:
    return [
        paper(f"2505.2{i:04d}", title, abstract, [f"Author{i} Name"])
        for i, (title, abstract) in enumerate(titles_and_abstracts)
    ]


def test_theme_not_named_after_topic() -> None:
    papers = _theme_papers(
        [
            ("3D Gaussian Splatting for Cities", "We propose CitySplat for 3D Gaussian splatting."),
            ("3D Gaussian Splatting for Faces", "We propose FaceSplat for 3D Gaussian splatting."),
        ]
    )
    table = PhraseTable(papers)
    excluded = topic_families(Plan(**{**PLAN, "topic": "3D Gaussian splatting", "focus": None}))
    themes = name_themes([[0, 1]], papers, table, excluded)
    assert themes[0].phrase is None


def test_theme_needs_title_or_method_support() -> None:
    papers = _theme_papers(
        [
            ("Fair Optimizers", "We study fairness of optimizers. RMSProp is fairer than SGD."),
            ("Iris Recognition", "We evaluate optimizers on iris data. RMSProp is most stable."),
        ]
    )
    table = PhraseTable(papers, {p["arxiv_id"]: p["abstract"].split(".")[0] for p in papers})
    themes = name_themes([[0, 1]], papers, table, frozenset())
    assert themes[0].phrase is None


def test_theme_titles_not_near_duplicates() -> None:
    abstract = "We improve {0} quality of splats. Our {0} quality method is fast."
    papers = _theme_papers(
        [
            ("Rendering Quality of Splats", abstract.format("rendering")),
            ("Rendering Quality for Scenes", abstract.format("rendering")),
            ("Visual Quality of Splats", abstract.format("visual")),
            ("Visual Quality for Scenes", abstract.format("visual")),
        ]
    )
    table = PhraseTable(papers, {p["arxiv_id"]: p["abstract"] for p in papers})
    themes = name_themes([[0, 1], [2, 3]], papers, table, frozenset())
    heads = [theme.phrase.key[-1] for theme in themes if theme.phrase]
    assert len(heads) == len(set(heads))


def test_paper_kind_recognises_surveys() -> None:
    survey = paper("2505.30001", "Federated RAG: A Systematic Mapping Study", "We map.", ["A Li"])
    assert paper_kind(survey, "This paper presents the first systematic mapping study.") == "survey"


def test_paper_kind_recognises_named_methods() -> None:
    method = paper("2505.30002", "Decoupled Optimization", "We propose DualOpt.", ["A Li"])
    assert paper_kind(method, "In this paper, we propose DualOpt, a novel approach.") == "method"


def test_open_questions_skip_non_problems() -> None:
    abstract = (
        "Adaptive optimizers such as Adam have achieved great success in training. "
        "We propose Anon, an optimizer with tunable adaptivity. "
        "Experiments show that Anon outperforms Adam by 2%."
    )
    papers = {"2505.40001": paper("2505.40001", "Anon", abstract, ["Yi Zhang", "Kai Zhao"])}
    outline = [
        OutlineSection(section_id="s1", title="Optimizers", purpose="", paper_ids=["2505.40001"])
    ]
    notes = {"2505.40001": read_offline(papers["2505.40001"], PLAN)}
    framing = write_framing_offline(PLAN, outline, papers, notes)
    assert "great success" not in framing["discussion"]


def test_open_questions_skip_dangling_it() -> None:
    assert has_dangling_it("Due to its efficient rendering, it has been widely adopted.")


def test_opener_keeps_capitals_and_plural() -> None:
    abstract = "We build a knowledge graph with Gaussian kernels. The knowledge graph is large."
    papers = {
        i: paper(i, "Knowledge Graph Kernels", abstract, ["A Li"])
        for i in ("2505.50001", "2505.50002")
    }
    section = OutlineSection(
        section_id="s1", title="Knowledge Graph", purpose="", paper_ids=list(papers)
    )
    text = write_section_offline(section, PLAN, papers, {})
    assert text.startswith("Two papers address knowledge graphs.")


def test_opener_keeps_proper_noun() -> None:
    abstract = "We speed up Gaussian splatting. Our Gaussian splatting renders fast."
    papers = {
        i: paper(i, "Faster Splats", abstract, ["A Li"]) for i in ("2505.50003", "2505.50004")
    }
    section = OutlineSection(
        section_id="s1", title="Gaussian Splatting", purpose="", paper_ids=list(papers)
    )
    text = write_section_offline(section, PLAN, papers, {})
    assert text.startswith("Two papers address Gaussian splatting.")


def test_number_word_spells_large_counts() -> None:
    assert number_word(31) == "thirty-one"


def test_discussion_shared_terms_comma_before_and() -> None:
    both = " with external knowledge and traditional RAG"
    shared_terms = {0: both, 2: both, 4: " with external knowledge"}
    places = ["glaciers", "volcanoes", "orchards", "harbours"]
    places += ["canyons", "meadows", "lagoons", "tundras"]
    papers = {}
    for position, place in enumerate(places):
        arxiv_id = f"2505.6000{position}"
        abstract = f"We map {place}{shared_terms.get(position, '')}."
        papers[arxiv_id] = paper(arxiv_id, place.title(), abstract, ["A Li"])
    ids = list(papers)
    outline = [
        OutlineSection(section_id=f"s{k}", title=f"T{k}", purpose="", paper_ids=ids[k * 2 :][:2])
        for k in range(4)
    ]
    discussion = write_framing_offline(PLAN, outline, papers, {})["discussion"]
    assert ", and two mention traditional RAG" in discussion


def test_introduction_one_paper_singular() -> None:
    papers = {PAPERS[0]["arxiv_id"]: PAPERS[0]}
    outline = [OutlineSection(section_id="s1", title="T", purpose="", paper_ids=list(papers))]
    framing = write_framing_offline(PLAN, outline, papers, {})
    assert "Its first version appeared on" in framing["introduction"]


def test_lower_first_before_acronym() -> None:
    assert lower_first("Evaluating RAG systems is hard.") == "evaluating RAG systems is hard."


def test_hedge_dropped_and_document_owned() -> None:
    sentence = "To the best of our knowledge, this paper presents the first mapping study."
    text = third_person(strip_anaphoric_opening(sentence), "Chakraborty et al.")
    assert text == "Chakraborty et al. present the first mapping study."


def test_this_review_becomes_authors() -> None:
    text = third_person("This review systematically examines five dimensions.", "Chen and Xu")
    assert text == "Chen and Xu systematically examine five dimensions."


def test_this_paper_inside_sentence_becomes_theirs() -> None:
    text = third_person("Results in this paper show gains.", "Gan et al.", named=True)
    assert text == "Results in their paper show gains."


def test_adverb_after_we_not_conjugated() -> None:
    assert (
        third_person("We systematically analyze X.", "Sharma")
        == "Sharma systematically analyzes X."
    )


def test_title_lead_introduces_method_name() -> None:
    abstract = (
        "Existing optimizers, without fully addressing these demands, lag. "
        "In this paper, we propose DualOpt, a novel approach that decouples techniques for these "
        "distinct scenarios. Extensive experiments demonstrate the state-of-the-art performance of "
        "DualOpt."
    )
    item = paper(
        "2505.70001", "Neural Network Optimization Reimagined", abstract, ["Xin Ning", "Q Li"]
    )
    section = OutlineSection(section_id="s1", title="T", purpose="", paper_ids=["2505.70001"])
    text = write_section_offline(section, PLAN, {"2505.70001": item}, {})
    assert "Ning and Li present DualOpt in “Neural Network Optimization Reimagined”" in text


def test_split_period_before_capital() -> None:
    sentences = abstract_sentences("It meets their demands.SAG has also been deployed.")
    assert sentences == ["It meets their demands.", "SAG has also been deployed."]
