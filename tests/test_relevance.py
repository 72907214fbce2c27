"""Tests of offline relevance: topic terms, ranking with screening, diverse selection."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest

from agents.planner import ReviewRequest, plan_review, resolve_request
from agents.relevance import (
    ScoredPaper,
    expansion_queries,
    pool_queries,
    rank_candidates,
    select_diverse,
    topic_terms,
)
from agents.relevance.article_kind import non_research_kind
from agents.relevance.centring import centres_on, narrowing_words
from agents.relevance.lexical import PaperText
from agents.relevance.query_terms import analyze_topic
from agents.relevance.text import folded_tokens
from agents.relevance.title_role import title_uses_topic
from agents.searcher import SearchOutcome, find_papers
from agents.sources.library import Library
from agents.sources.paper import Paper, make_paper

SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)
OPTIMIZER_TOPIC = "deep learning optimizers"

TRAINING_OPTIMIZERS = (
    (
        "Momentum Orthogonalized Optimizers for Training Deep Networks",
        "We propose an optimizer that orthogonalizes the momentum of SGD before each update. "
        "Training transformers with this optimizer converges faster than Adam and AdamW at "
        "the same learning rate, and we prove convergence under standard assumptions.",
    ),
    (
        "Adaptive Learning Rate Optimizers Revisited",
        "Adaptive optimizers such as Adam scale each gradient coordinate by a running second "
        "moment. We analyze their convergence in deep learning and propose a variant whose "
        "learning rate adapts to the loss curvature during training of neural networks.",
    ),
    (
        "Second-Order Optimizers for Large-Scale Neural Network Training",
        "Preconditioned optimizers like Shampoo approximate curvature of the loss. We present "
        "a memory-efficient optimizer that matches Adam's cost per step and reduces training "
        "time of deep networks by a fifth, with momentum and weight decay.",
    ),
    (
        "Sign-Based Optimizers with Momentum for Deep Learning",
        "Sign-based optimizers update weights with the sign of the momentum of the gradient. "
        "We show the optimizer trains vision and language networks as well as AdamW with half "
        "the optimizer memory, and study the learning rate schedule it needs.",
    ),
)
PROMPT_OPTIMIZER = (
    "Prompt Optimizers for Large Language Models",
    "Prompt optimization searches for instructions that improve a large language model on a "
    "task. Our prompt optimizer uses an LLM to rewrite the prompt, and prompt optimization "
    "with feedback beats manual prompts on reasoning benchmarks.",
)
OPTIMIZED_SYSTEM = (
    "An Optimized Inference Server for Video Analytics",
    "We present an optimized serving system that schedules video analytics jobs on GPUs and "
    "reduces latency by half compared with existing inference servers.",
)


def make_test_paper(number: int, title: str, abstract: str, category: str = "cs.LG") -> Paper:
    return make_paper(
        arxiv_id=f"2501.{number:05d}",
        version=1,
        title=title,
        abstract=abstract,
        authors=["A. Author"],
        published="2025-01-15",
        categories=[category],
    )


def optimizer_pool() -> list[Paper]:
    papers = [make_test_paper(i + 1, t, a) for i, (t, a) in enumerate(TRAINING_OPTIMIZERS)]
    papers.append(make_test_paper(50, *PROMPT_OPTIMIZER, category="cs.CL"))
    papers.append(make_test_paper(60, *OPTIMIZED_SYSTEM, category="cs.DC"))
    return papers


def position(ranked: list[ScoredPaper], arxiv_id: str) -> int:
    return [scored.paper["arxiv_id"] for scored in ranked].index(arxiv_id)


def test_topic_terms_seed_request() -> None:
    assert topic_terms(SEED_REQUEST) == [
        "deep",
        "learning",
        "optimizers",
        "optimization",
        "algorythms",
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        SEED_REQUEST,
        "Write a literature review on the latest publications about federated learning",
        "Find 5 novel papers since 2024 on medical image segmentation",
        "a survey of recent advances in graph neural networks, state of the art",
    ],
)
def test_topic_terms_drop_request_words(request_text: str) -> None:
    request_words = {"make", "search", "write", "literature", "review", "publications", "papers"}
    request_words |= {"recent", "novel", "advances", "accent", "latest", "survey", "2024", "5"}
    request_words |= {"state", "art", "find", "10"}
    terms = set(topic_terms(request_text))
    assert not terms & request_words, terms & request_words


def test_topic_terms_keep_topic() -> None:
    assert topic_terms("Find 5 novel papers since 2024 on medical image segmentation") == [
        "medical",
        "image",
        "segmentation",
    ]


def test_pool_queries_contain_no_request_words() -> None:
    words = {word for query in pool_queries(SEED_REQUEST) for word in query.split()}
    assert "recent" not in words
    assert "publications" not in words
    assert "optimizers" in words


def test_pool_queries_empty_topic() -> None:
    assert pool_queries("Make a search of 10 recent publications") == []


def test_rank_training_optimizer_above_prompt_optimizer() -> None:
    ranked = rank_candidates(OPTIMIZER_TOPIC, optimizer_pool())
    prompt = position(ranked, "2501.00050")
    for number in range(1, len(TRAINING_OPTIMIZERS) + 1):
        assert position(ranked, f"2501.{number:05d}") < prompt


def test_rank_excludes_prompt_optimizer_with_reason() -> None:
    ranked = rank_candidates(OPTIMIZER_TOPIC, optimizer_pool())
    prompt = ranked[position(ranked, "2501.00050")]
    assert not prompt.included
    assert "prompt optimization" in prompt.reason


def test_rank_excludes_optimized_system() -> None:
    ranked = rank_candidates(OPTIMIZER_TOPIC, optimizer_pool())
    assert not ranked[position(ranked, "2501.00060")].included


def test_rank_includes_training_optimizers() -> None:
    ranked = rank_candidates(OPTIMIZER_TOPIC, optimizer_pool())
    included = {scored.paper["arxiv_id"] for scored in ranked if scored.included}
    assert included == {f"2501.{n:05d}" for n in range(1, len(TRAINING_OPTIMIZERS) + 1)}


def test_rank_reason_is_one_line() -> None:
    for scored in rank_candidates(OPTIMIZER_TOPIC, optimizer_pool()):
        assert scored.reason
        assert "\n" not in scored.reason


def test_rank_keeps_prompt_papers_for_prompt_topic() -> None:
    ranked = rank_candidates("prompt optimization for language models", optimizer_pool())
    assert ranked[0].paper["arxiv_id"] == "2501.00050"
    assert ranked[0].included


def test_rank_reads_misspelled_topic() -> None:
    ranked = rank_candidates(
        "novel optimization algorythms for deep learning optimizers", optimizer_pool()
    )
    assert ranked[0].paper["arxiv_id"] != "2501.00050"


def test_rank_deterministic_under_shuffle() -> None:
    pool = optimizer_pool()
    expected = [(s.paper["arxiv_id"], s.score) for s in rank_candidates(SEED_REQUEST, pool)]
    shuffled = pool[:]
    random.Random(7).shuffle(shuffled)
    again = [(s.paper["arxiv_id"], s.score) for s in rank_candidates(SEED_REQUEST, shuffled)]
    assert again == expected


def test_rank_empty_pool() -> None:
    assert rank_candidates(OPTIMIZER_TOPIC, []) == []


def test_rank_uses_document_frequencies() -> None:
    frequencies = {"deep": 5000, "learning": 20000, "optimizers": 100, "optimizer": 200}
    ranked = rank_candidates(
        OPTIMIZER_TOPIC, optimizer_pool(), document_frequencies=frequencies, document_count=75000
    )
    assert ranked[-1].paper["arxiv_id"] in {"2501.00050", "2501.00060"}


def test_expansion_queries_name_field_words() -> None:
    ranked = rank_candidates(OPTIMIZER_TOPIC, optimizer_pool())
    queries = expansion_queries(OPTIMIZER_TOPIC, ranked, count=8)
    assert "momentum" in queries
    assert not {"optimizer", "optimizers", "deep", "learning"} & set(queries)


def scored(number: int, title: str, abstract: str, score: float) -> ScoredPaper:
    return ScoredPaper(make_test_paper(number, title, abstract), score, True, "test")


def diverse_candidates() -> list[ScoredPaper]:
    base = TRAINING_OPTIMIZERS[0]
    near_copy = (base[0] + " (extended version)", base[1] + " Code is available.")
    return [
        scored(1, *base, 0.9),
        scored(2, *near_copy, 0.89),
        scored(3, *TRAINING_OPTIMIZERS[1], 0.8),
        scored(4, *TRAINING_OPTIMIZERS[2], 0.7),
        scored(5, *TRAINING_OPTIMIZERS[3], 0.6),
    ]


def test_select_diverse_exact_count() -> None:
    selected = select_diverse(diverse_candidates(), 3)
    assert len(selected) == 3
    assert len({s.paper["arxiv_id"] for s in selected}) == 3


def test_select_diverse_drops_near_duplicate() -> None:
    selected = {s.paper["arxiv_id"] for s in select_diverse(diverse_candidates(), 4)}
    assert "2501.00001" in selected
    assert "2501.00002" not in selected


def test_select_diverse_uses_duplicates_last() -> None:
    assert len(select_diverse(diverse_candidates(), 5)) == 5


def test_select_diverse_fewer_than_count() -> None:
    assert len(select_diverse(diverse_candidates(), 50)) == 5


def test_select_diverse_skips_excluded() -> None:
    candidates = diverse_candidates()
    candidates[0].included = False
    ids = {s.paper["arxiv_id"] for s in select_diverse(candidates, 10)}
    assert "2501.00001" not in ids


def test_select_diverse_fills_from_excluded() -> None:
    candidates = diverse_candidates()
    candidates[0].included = False
    assert len(select_diverse(candidates, 5, fill_from_excluded=True)) == 5


def test_select_diverse_deterministic() -> None:
    first = [s.paper["arxiv_id"] for s in select_diverse(diverse_candidates(), 4)]
    second = [s.paper["arxiv_id"] for s in select_diverse(diverse_candidates(), 4)]
    assert first == second


# Real papers of the shared corpus: a study of optimizers for differentially private training
# and a paper about optimizers of prompts.
PRIVATE_ADAPTIVE_OPTIMIZERS = "2507.01129"
PROMPT_OPTIMIZERS = "2505.09930"


@pytest.mark.corpus
def test_rank_corpus_optimizer_above_prompt_optimizer(corpus_library: Path) -> None:
    library = Library.open_existing(corpus_library)
    try:
        pool = library.search(pool_queries(SEED_REQUEST), limit=200)
        known = {paper["arxiv_id"] for paper in pool}
        extra = library.lookup([PRIVATE_ADAPTIVE_OPTIMIZERS, PROMPT_OPTIMIZERS])
        pool += [paper for paper in extra if paper["arxiv_id"] not in known]
        ranked = rank_candidates(
            SEED_REQUEST,
            pool,
            document_frequencies=library.term_document_frequencies(),
            document_count=library.document_count(),
        )
    finally:
        library.close()
    training = ranked[position(ranked, PRIVATE_ADAPTIVE_OPTIMIZERS)]
    prompt = ranked[position(ranked, PROMPT_OPTIMIZERS)]
    assert position(ranked, PRIVATE_ADAPTIVE_OPTIMIZERS) < position(ranked, PROMPT_OPTIMIZERS)
    assert training.included
    assert not prompt.included


IRIS_PAPERS = (
    (
        "Iris Recognition with Vision Transformers",
        "We study iris recognition from near-infrared eye images. A vision transformer matches "
        "iris codes across sessions and lowers the equal error rate of iris recognition.",
    ),
    (
        "Robust Iris Segmentation and Recognition in the Wild",
        "Iris recognition fails on off-angle images. We segment the iris and normalize it "
        "before recognition, which improves iris recognition accuracy on mobile captures.",
    ),
)
GENERIC_RECOGNITION_PAPERS = (
    (
        "Gait Recognition from Skeleton Sequences",
        "Gait recognition identifies people by the way they walk. Our recognition model "
        "reads skeleton sequences and improves gait recognition across views.",
    ),
    (
        "Facial Emotion Recognition with Attention",
        "Emotion recognition from faces is hard under occlusion. An attention network "
        "improves facial emotion recognition and expression recognition benchmarks.",
    ),
    (
        "Skeleton-Based Action Recognition: A Survey",
        "Action recognition from skeletons has grown fast. We survey recognition methods, "
        "datasets and benchmarks for human action recognition.",
    ),
)


def recognition_pool() -> list[Paper]:
    papers = [make_test_paper(i + 1, t, a, "cs.CV") for i, (t, a) in enumerate(IRIS_PAPERS)]
    papers += [
        make_test_paper(i + 10, t, a, "cs.CV")
        for i, (t, a) in enumerate(GENERIC_RECOGNITION_PAPERS)
    ]
    return papers


def test_rank_requires_specific_term() -> None:
    frequencies = {"iris": 80, "recognition": 4300}
    ranked = rank_candidates(
        "iris recognition",
        recognition_pool(),
        document_frequencies=frequencies,
        document_count=75000,
    )
    included = {scored.paper["arxiv_id"] for scored in ranked if scored.included}
    assert included == {"2501.00001", "2501.00002"}


def test_rank_names_missing_specific_term() -> None:
    frequencies = {"iris": 80, "recognition": 4300}
    ranked = rank_candidates(
        "iris recognition",
        recognition_pool(),
        document_frequencies=frequencies,
        document_count=75000,
    )
    gait = ranked[position(ranked, "2501.00010")]
    assert "missing the specific topic term 'iris'" in gait.reason


def test_select_diverse_never_pads_with_excluded() -> None:
    frequencies = {"iris": 80, "recognition": 4300}
    ranked = rank_candidates(
        "iris recognition",
        recognition_pool(),
        document_frequencies=frequencies,
        document_count=75000,
    )
    assert len(select_diverse(ranked, 50)) == 2


def test_rank_accepts_acronym_for_specific_term() -> None:
    frequencies = {"federated": 300, "learning": 21000}
    abbreviated = make_test_paper(
        30,
        "Personalized FL under Client Drift",
        "We propose a personalized FL method in which clients share prototypes, and FL "
        "training converges under drift.",
    )
    pool = [*recognition_pool(), abbreviated]
    ranked = rank_candidates(
        "federated learning", pool, document_frequencies=frequencies, document_count=75000
    )
    assert "specific" not in ranked[position(ranked, "2501.00030")].reason


def seed_labels() -> dict[str, int]:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "judgments"
    labels = {}
    for line in (path / "deep-learning-optimizers.jsonl").read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            labels[record["id"]] = int(record["label"])
    return labels


@pytest.mark.corpus
def test_find_papers_seed_selection_relevant(corpus_library: Path) -> None:
    library = Library.open_existing(corpus_library)
    try:
        resolved = resolve_request(
            ReviewRequest(query=SEED_REQUEST),
            today=date(2026, 7, 1),
            recency_months=24,
            default_papers=10,
        )
        plan = plan_review(
            resolved,
            request=SEED_REQUEST,
            caller=None,
            vocabulary=library.term_document_frequencies(),
        )
        outcome = find_papers(plan, library, pool_size=200, caller=None)
    finally:
        library.close()
    labels = seed_labels()
    relevant = [p["arxiv_id"] for p in outcome.papers if labels.get(p["arxiv_id"], 0) >= 1]
    assert len(outcome.papers) == 10
    assert len(relevant) >= 9, [p["title"] for p in outcome.papers]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Random-Set Graph Neural Networks", False),
        ("Calibrating Graph Neural Networks with Temperature Scaling", False),
        ("Explainable Scene Understanding with Graph Neural Networks", True),
        ("Graph Neural Networks for Surgical Scene Segmentation", True),
        ("Conformal Prediction for Temporal Graph Neural Networks", False),
    ],
)
def test_title_uses_topic(title: str, expected: bool) -> None:
    topic = analyze_topic("graph neural networks")
    assert title_uses_topic(folded_tokens(title), topic) is expected


QUANTUM_CODES = (
    (
        "Decoding Quantum LDPC Codes with Belief Propagation",
        "Quantum error correction protects logical qubits. We propose a decoder for quantum "
        "LDPC codes that corrects errors on the surface code and lowers the logical error rate.",
    ),
    (
        "Quantum Error Correction with Bosonic Codes",
        "We study quantum error correction with bosonic codes and derive thresholds for the "
        "correction of photon loss errors in a quantum memory.",
    ),
)
GRAMMAR_CORRECTION = (
    (
        "Grammatical Error Correction with Large Language Models",
        "Grammatical error correction rewrites sentences with errors. We evaluate error "
        "correction by large language models on learner essays and correction benchmarks.",
    ),
    (
        "Error Correction of Spelling in Chinese Text",
        "Spelling error correction finds and fixes misspelled characters. Our error correction "
        "model retrieves similar characters and corrects errors in text.",
    ),
    (
        "Evaluating Error Correction for Second-Language Writing",
        "We compare error correction systems for second-language writing and the correction "
        "edits that teachers accept, with error types annotated by hand.",
    ),
)
QUANTUM_FREQUENCIES = {"quantum": 274, "error": 4485, "correction": 1459}


def correction_pool() -> list[Paper]:
    papers = [make_test_paper(i + 1, t, a, "quant-ph") for i, (t, a) in enumerate(QUANTUM_CODES)]
    papers += [
        make_test_paper(i + 10, t, a, "cs.CL") for i, (t, a) in enumerate(GRAMMAR_CORRECTION)
    ]
    return papers


def test_rank_quantum_topic_not_swapped() -> None:
    ranked = rank_candidates(
        "quantum error correction",
        correction_pool(),
        document_frequencies=QUANTUM_FREQUENCIES,
        document_count=75000,
    )
    included = {scored.paper["arxiv_id"] for scored in ranked if scored.included}
    assert included == {"2501.00001", "2501.00002"}


QUANTUM_WITHOUT_HEAD = (
    "Sequential Decoding of Quantum LDPC Codes",
    "Quantum LDPC codes protect qubits from errors. We propose a sequential decoder for "
    "quantum LDPC codes that lowers the logical error rate of quantum memories.",
)
CLASSICAL_CODE = (
    "Codes with Constrained Parity Checks",
    "We bound the rate of classical linear codes whose parity checks have constrained "
    "support, with applications to storage and to quantum error correction.",
)


def test_rank_required_term_stands_for_head() -> None:
    pool = [
        *correction_pool(),
        make_test_paper(20, *QUANTUM_WITHOUT_HEAD, "quant-ph"),
        make_test_paper(21, *CLASSICAL_CODE, "cs.IT"),
    ]
    ranked = rank_candidates(
        "quantum error correction",
        pool,
        document_frequencies=QUANTUM_FREQUENCIES,
        document_count=75000,
    )
    assert position(ranked, "2501.00020") < position(ranked, "2501.00021")


OBITUARY = (
    "Scientific Rigor and Human Warmth: Remembering a Coding Theorist (1949-2025)",
    "A memorial session was held in honor of a coding theorist. This report summarizes the "
    "biographical tribute and his work on quantum error correction and cryptography.",
)


def test_rank_excludes_obituary() -> None:
    pool = [*correction_pool(), make_test_paper(22, *OBITUARY, "cs.IT")]
    ranked = rank_candidates(
        "quantum error correction",
        pool,
        document_frequencies=QUANTUM_FREQUENCIES,
        document_count=75000,
    )
    obituary = ranked[position(ranked, "2501.00022")]
    assert not obituary.included
    assert obituary.reason == "excluded: not a research article: obituary"


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        ("In Memoriam: A Pioneer of Coding Theory", "His work shaped the field.", "obituary"),
        ("Erratum: Bounds on Quantum Codes", "We correct Lemma 3.", "erratum or retraction"),
        ("Correction to: Fast Decoders", "A sign was wrong in Eq. 2.", "erratum or retraction"),
        (
            "Proceedings of the Second Workshop on Theory of Mind",
            "This volume contains the accepted papers.",
            "proceedings volume or listing",
        ),
        (
            "Remembering More, Risking More: Safety Risks in Memory-Equipped Agents",
            "Agents that keep memories across sessions leak more private data.",
            None,
        ),
        (
            "A Corpus of Discussion Boards (1996-2024)",
            "We release a corpus of forum posts for language modeling.",
            None,
        ),
        ("Error Correction Codes for Storage", "We correct errors in flash memory.", None),
    ],
)
def test_non_research_kind(title: str, abstract: str, expected: str | None) -> None:
    assert non_research_kind(make_test_paper(1, title, abstract)) == expected


VIDEO_FREQUENCIES = {"diffusion": 6692, "model": 47470, "video": 7095, "generation": 16584}
VIDEO_DIFFUSION = (
    "Sparse Attention for Video Diffusion",
    "Video diffusion models denoise every frame of a video. Our sparse attention skips "
    "redundant video tokens and speeds up generation of long clips.",
)
GENERAL_ACCELERATION = (
    (
        "Caching Features to Accelerate Diffusion Models",
        "Diffusion models denoise slowly. We cache features of diffusion transformers across "
        "denoising steps, which speeds up image and video generation by two times.",
    ),
    (
        "Learned Caching Schedules for Diffusion Models",
        "Diffusion models repeat similar computation across denoising steps. We learn when "
        "to cache features of diffusion transformers, for image and video generation.",
    ),
    (
        "Token Pruning for Diffusion Transformers",
        "Diffusion transformers spend computation on redundant tokens in denoising steps. "
        "Pruning tokens of diffusion models speeds up image and video generation.",
    ),
)


def video_ranking() -> list[ScoredPaper]:
    pool = [make_test_paper(i + 10, t, a, "cs.CV") for i, (t, a) in enumerate(GENERAL_ACCELERATION)]
    pool.append(make_test_paper(1, *VIDEO_DIFFUSION, "cs.CV"))
    return rank_candidates(
        "diffusion models for video generation",
        pool,
        document_frequencies=VIDEO_FREQUENCIES,
        document_count=75000,
    )


def test_rank_video_above_passing_mention() -> None:
    ranked = video_ranking()
    assert position(ranked, "2501.00001") < position(ranked, "2501.00010")


def test_narrowing_words_skip_main_phrase() -> None:
    topic = analyze_topic("quantum error correction for video codecs")
    assert narrowing_words(topic, {"quantum", "video"}) == {"video"}


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        ("Fast Video Diffusion", "We speed up diffusion.", True),
        ("Fast Diffusion", "A video model. Each video frame. Long video clips.", True),
        ("Fast Diffusion", "Images and video. Video too.", False),
    ],
)
def test_centres_on_narrowing_word(title: str, abstract: str, expected: bool) -> None:
    text = PaperText.of(make_test_paper(1, title, abstract))
    assert centres_on(text, {"video"}) is expected


SPEECH_PAPERS = (
    (
        "Zero-Shot Text-to-Speech with Flow Matching",
        "Text-to-speech systems turn text into natural speech. Our zero-shot text-to-speech "
        "model clones a voice from three seconds of audio.",
    ),
    (
        "Expressive Speech Synthesis for Audiobooks",
        "We present a speech synthesis model that reads long text with expressive prosody, "
        "and listeners prefer its speech to earlier synthesis systems.",
    ),
    (
        "Streaming Speech-to-Text Translation",
        "Speech-to-text translation turns speech into text in another language. Our streaming "
        "model writes text while the speaker talks.",
    ),
    (
        "Speech-Text Alignment for Spoken Language Models",
        "We align speech and text representations so a spoken language model understands "
        "speech as well as text, and transcribe speech to text more accurately.",
    ),
)


def test_analyze_topic_keeps_compound_order() -> None:
    compound = analyze_topic("text-to-speech").compounds[0]
    assert compound.words == ("text", "to", "speech")


def test_pool_queries_quote_compound() -> None:
    assert pool_queries("text-to-speech") == ['"text to speech"', '"speech synthesis"', "tts"]


def test_rank_compound_word_order() -> None:
    pool = [make_test_paper(i + 1, t, a, "eess.AS") for i, (t, a) in enumerate(SPEECH_PAPERS)]
    ranked = rank_candidates("text-to-speech", pool)
    included = {scored.paper["arxiv_id"] for scored in ranked if scored.included}
    assert included == {"2501.00001", "2501.00002"}


def test_rank_compound_reason_names_order() -> None:
    pool = [make_test_paper(i + 1, t, a, "eess.AS") for i, (t, a) in enumerate(SPEECH_PAPERS)]
    ranked = rank_candidates("text-to-speech", pool)
    assert "in its word order" in ranked[position(ranked, "2501.00003")].reason


FIREWORKS_PAPER = (
    "Language Models Boost the Fireworks Algorithm on Hard Optimization Tasks",
    "Optimization problems grow complex. We propose to let a language model design operators "
    "of the fireworks algorithm, which improves optimization on black-box benchmarks.",
)
APPLIED_COMPARISON = (
    "Optimizer Choice in Transformer-Based Iris Recognition: AdamW vs SGD vs RMSprop",
    "Iris recognition secures biometric systems. This work evaluates how the optimizers AdamW, "
    "SGD and RMSprop influence the accuracy of deep learning models for iris recognition.",
)


def test_rank_excludes_fireworks_title() -> None:
    pool = optimizer_pool() + [make_test_paper(40, *FIREWORKS_PAPER, "cs.NE")]
    ranked = rank_candidates(SEED_REQUEST, pool)
    fireworks = ranked[position(ranked, "2501.00040")]
    assert not fireworks.included
    assert "evolutionary" in fireworks.reason


def test_rank_novel_focus_prefers_proposals() -> None:
    pool = optimizer_pool() + [make_test_paper(41, *APPLIED_COMPARISON, "cs.CV")]
    ranked = rank_candidates(SEED_REQUEST, pool)
    proposing = position(ranked, "2501.00001")
    assert proposing < position(ranked, "2501.00041")


BASKET_PAPERS = (
    (
        "BASKET: A Video Dataset for Fine-Grained Skill Estimation",
        "We release a basketball video dataset, BASKET, for estimating the skill of players.",
    ),
    (
        "Weaving Silk: Auto-Regressive Mesh Generation",
        "We generate meshes by weaving faces one at a time, like weaving silk.",
    ),
    (
        "Underwater Image Enhancement with Diffusion",
        "Underwater images lose colour. We enhance underwater images with a diffusion model.",
    ),
)


def test_rank_absent_topic_selects_nothing() -> None:
    pool = [make_test_paper(i + 1, t, a, "cs.CV") for i, (t, a) in enumerate(BASKET_PAPERS)]
    frequencies = {"underwater": 203, "basket": 4, "weaving": 30}
    ranked = rank_candidates(
        "underwater basket weaving", pool, document_frequencies=frequencies, document_count=75000
    )
    assert select_diverse(ranked, 5) == []


def test_rank_weak_reason_has_no_scores() -> None:
    ranked = rank_candidates(SEED_REQUEST, optimizer_pool())
    weak = [s.reason for s in ranked if s.reason.startswith("excluded: weak match")]
    assert all("cut-off 0." not in reason for reason in weak), weak


def corpus_outcome(library_path: Path, request: str) -> SearchOutcome:
    library = Library.open_existing(library_path)
    try:
        resolved = resolve_request(
            ReviewRequest(query=request),
            today=date(2026, 7, 1),
            recency_months=24,
            default_papers=10,
        )
        plan = plan_review(
            resolved, request=request, caller=None, vocabulary=library.term_document_frequencies()
        )
        return find_papers(plan, library, pool_size=200, caller=None)
    finally:
        library.close()


@pytest.mark.corpus
def test_find_papers_quantum_error_correction(corpus_library: Path) -> None:
    outcome = corpus_outcome(corpus_library, "Review 6 papers on quantum error correction")
    titles = [paper["title"] for paper in outcome.papers]
    assert outcome.papers, outcome.screening
    assert all("quantum" in f"{p['title']} {p['abstract']}".lower() for p in outcome.papers), titles


@pytest.mark.corpus
def test_find_papers_text_to_speech(corpus_library: Path) -> None:
    outcome = corpus_outcome(corpus_library, "Review 3 papers on text-to-speech")
    names = ("text-to-speech", "text to speech", "tts", "speech synthesis")
    texts = [f"{p['title']} {p['abstract']}".lower() for p in outcome.papers]
    assert len(outcome.papers) == 3
    assert all(any(name in text for name in names) for text in texts), texts


@pytest.mark.corpus
def test_find_papers_seed_top_is_central(corpus_library: Path) -> None:
    request = SEED_REQUEST.replace("10 recent", "4 recent")
    outcome = corpus_outcome(corpus_library, request)
    labels = seed_labels()
    central = [p["arxiv_id"] for p in outcome.papers if labels.get(p["arxiv_id"]) == 2]
    assert len(central) == 4, [p["title"] for p in outcome.papers]


@pytest.mark.corpus
def test_find_papers_absent_topic_empty(corpus_library: Path) -> None:
    outcome = corpus_outcome(corpus_library, "Review 5 papers on underwater basket weaving")
    assert outcome.papers == [], [p["title"] for p in outcome.papers]


@pytest.mark.corpus
def test_find_papers_groups_weak_matches(corpus_library: Path) -> None:
    outcome = corpus_outcome(corpus_library, SEED_REQUEST)
    reasons = outcome.screening["exclusion_reasons"]
    assert "weak match" in reasons
    assert not [reason for reason in reasons if "cut-off" in reason], reasons
