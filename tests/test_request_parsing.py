"""Tests of count, date-window and topic parsing of review requests."""

from datetime import date

import pytest

from agents.request_parsing import extract_topic, parse_request, subtract_months

TODAY = date(2026, 12, 4)
SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)


def parse(text: str, recency_months: int = 24):
    return parse_request(text, today=TODAY, recency_months=recency_months)


def test_seed_request_count_and_window():
    constraints = parse(SEED_REQUEST)
    assert constraints.paper_count == 10
    assert constraints.since == date(2024, 12, 4)
    assert constraints.until == TODAY


def test_seed_request_topic_and_focus():
    constraints = parse(SEED_REQUEST)
    assert constraints.topic == "deep learning optimizers"
    assert constraints.focus == "novel optimization algorythms"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("ten papers on graph neural networks", 10),
        ("a dozen studies about federated learning", 12),
        ("Find 5 most recent arXiv preprints on LLM agents", 5),
        ("review of text-to-speech", None),
        ("twenty-five publications on diffusion models", 25),
    ],
)
def test_paper_count_forms(text, count):
    assert parse(text).paper_count == count


def test_count_clamped_with_warning():
    constraints = parse("summarize 120 papers on graph neural networks")
    assert constraints.paper_count == 50
    assert "120" in constraints.warnings[0]


def test_count_zero_clamped_to_one():
    assert parse("0 papers on federated learning").paper_count == 1


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("papers on GNNs since 2023", date(2023, 1, 1), None),
        ("papers on GNNs between 2025 and 2024", date(2024, 1, 1), date(2025, 12, 31)),
        ("federated learning papers from the last year", date(2025, 12, 4), TODAY),
        ("LLM agents in the past 6 months", date(2026, 6, 4), TODAY),
        ("speech synthesis published in 2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("speech synthesis before 2024", None, date(2023, 12, 31)),
        ("federated learning published since 2025-06", date(2025, 6, 1), None),
        ("federated learning published since June 2025", date(2025, 6, 1), None),
        ("GNN papers after 2024", date(2025, 1, 1), None),
        ("GNN papers after 2025-03-14", date(2025, 3, 15), None),
        ("GNN papers before March 2026", None, date(2026, 2, 28)),
        ("LLM agents up to 2025-06", None, date(2025, 6, 30)),
        ("LLM agents between 2025-03 and 2025-09", date(2025, 3, 1), date(2025, 9, 30)),
        ("deep learning in May 2025", date(2025, 5, 1), date(2025, 5, 31)),
    ],
)
def test_date_windows(text, since, until):
    constraints = parse(text)
    assert constraints.since == since
    assert constraints.until == until


def test_recent_uses_recency_window():
    constraints = parse("recent work on medical image segmentation", recency_months=6)
    assert constraints.since == date(2026, 6, 4)


def test_no_window_without_recency_words():
    constraints = parse("graph neural networks")
    assert constraints.since is None
    assert constraints.until is None


def test_subtract_months_clamps_day():
    assert subtract_months(date(2026, 3, 31), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Write a literature review on federated learning", "federated learning"),
        ("Find 12 papers on diffusion models published in 2025", "diffusion models"),
        ("Please write a survey about LLM agents", "LLM agents"),
        ("text-to-speech", "text-to-speech"),
        ("Review federated learning published since 2025-06", "federated learning"),
        ("papers on LLM agents between 2025-03 and 2025-09", "LLM agents"),
        ("federated learning published since June 2025", "federated learning"),
    ],
)
def test_topic_drops_request_words(text, topic):
    assert extract_topic(text)[0] == topic


@pytest.mark.parametrize(
    ("text", "topic", "count"),
    [
        (
            "What are the latest results on diffusion models for video generation? "
            "Give me 5 papers.",
            "diffusion models for video generation",
            5,
        ),
        (
            "I need a literature review about federated learning with differential privacy, "
            "around eight papers, only from 2025",
            "federated learning with differential privacy",
            8,
        ),
        (
            "Write a review of the last year of work on Mixture-of-Experts routing (6 papers)",
            "Mixture-of-Experts routing",
            6,
        ),
        ("Can you give me 3 papers about LLM agents?", "LLM agents", 3),
    ],
)
def test_conversational_requests(text, topic, count):
    constraints = parse(text)
    assert constraints.topic == topic
    assert constraints.paper_count == count


@pytest.mark.parametrize(
    "text",
    ["5 papers on speculative decoding, only from 2025", "speculative decoding from 2025 only"],
)
def test_only_year_is_whole_year(text):
    constraints = parse(text)
    assert constraints.since == date(2025, 1, 1)
    assert constraints.until == date(2025, 12, 31)
    assert constraints.topic == "speculative decoding"
