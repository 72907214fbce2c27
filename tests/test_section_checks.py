"""Tests of the critic's code checks on drafted sections."""

from agents.records import OutlineSection, SectionDraft
from agents.section_checks import check_section, split_sentences

SECTION = OutlineSection(
    section_id="s1", title="Adaptive methods", purpose="", paper_ids=["2501.00001", "2501.00002"]
)


def draft(text: str, removed: list[str] | None = None) -> SectionDraft:
    return SectionDraft(
        section_id="s1", title="Adaptive methods", text=text, revision=0, removed_keys=removed or []
    )


GOOD = (
    "Li and Wu propose a variant of Adam that rescales the update with a running estimate of "
    "curvature and keeps memory use close to that of the original method [@2501.00001]. "
    "Zhao et al. study when such rescaling helps and relate it to the sharpness of minima "
    "reached during long training runs on language models [@2501.00002].\n\n"
    "Both works treat the learning rate as a quantity to estimate rather than to tune, and "
    "both report gains that grow with model size [@2501.00001; @2501.00002]."
)


def test_good_section_passes():
    assert check_section(draft(GOOD), SECTION) == []


def test_uncited_assigned_paper():
    text = GOOD.replace("[@2501.00002]", "").replace("; @2501.00002", "")
    assert "assigned paper not cited: 2501.00002" in check_section(draft(text), SECTION)


def test_removed_key_reported():
    problems = check_section(draft(GOOD, ["9999.99999"]), SECTION)
    assert "unknown citation key removed: 9999.99999" in problems


def test_repeated_sentence():
    sentence = "Both methods converge faster than SGD on ImageNet [@2501.00001]."
    problems = check_section(draft(GOOD + "\n\n" + sentence + " " + sentence), SECTION)
    assert any(p.startswith("repeated sentence") for p in problems)


def test_uncited_finding():
    text = GOOD + " The method outperforms Adam by 3% on every benchmark."
    problems = check_section(draft(text), SECTION)
    assert any(p.startswith("sentence states a finding without a citation") for p in problems)


def test_paragraph_without_citation():
    text = GOOD + "\n\nOptimization remains an active field of study with many open questions."
    problems = check_section(draft(text), SECTION)
    assert any(p.startswith("paragraph without a citation") for p in problems)


def test_too_long():
    long_text = (
        GOOD
        + "\n\n"
        + " ".join(
            f"Sentence {i} describes the curvature estimate in more depth [@2501.00001]."
            for i in range(80)
        )
    )
    problems = check_section(draft(long_text), SECTION)
    assert any(p.startswith("section too long") for p in problems)


def test_too_short():
    problems = check_section(draft("Short [@2501.00001] and [@2501.00002]."), SECTION)
    assert any(p.startswith("section too short") for p in problems)


def test_split_sentences_keeps_citations():
    sentences = split_sentences("One claim [@2501.00001]. Another claim [@2501.00002].")
    assert sentences == ["One claim [@2501.00001].", "Another claim [@2501.00002]."]
