"""Sentence splitting and word handling shared by the offline agents.

Abstracts arrive as arXiv serves them, with LaTeX math and commands left in. They are decoded
to plain Unicode before splitting, so a `.` inside `$...$` cannot end a sentence and the
review shows `O(√(T))` rather than `$O(\\sqrt{T})$`.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexWalkerError
from pylatexenc.macrospec import LatexContextDb
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from agents.relevance.text import fold
from agents.sentence_splitting import segment_sentences


def word_list(text: str) -> list[str]:
    """Split a whitespace-separated word list written as a block of text."""
    return text.split()


# LatexNodes2Text is not documented as thread-safe; parallel graph tasks each get their own.
_latex_local = threading.local()
logger = logging.getLogger(__name__)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
# A word starts with a letter or with digits glued to a capital, so "3DGS" and "2D" stay whole.
_WORD = re.compile(r"(?:\d+[A-Z]|[A-Za-z])[A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)])")

# Words that carry no topic in an abstract: English stop words plus the vocabulary of
# scientific prose ("we propose a novel method and show results").
ACADEMIC_WORDS = frozenset(
    word_list("""
    propose proposed proposes introduce introduced introduces present presented presents
    paper work study approach approaches method methods methodology framework technique
    novel new existing prior previous current recent various different several many
    result results show shows shown demonstrate demonstrates demonstrated experiment
    experiments experimental extensive comprehensive evaluation evaluate evaluated
    achieve achieves achieved outperform outperforms outperforming improve improves
    improved improvement improvements performance effective effectively efficient
    efficiently significant significantly state art sota based using use used uses
    leverage leverages leveraging enable enables enabling address addresses addressing
    problem problems task tasks challenge challenges key important critical crucial
    remain remains however furthermore moreover additionally specifically particular
    particularly respectively typically often widely commonly code available github com
    https http www publicly release released datasets dataset benchmark benchmarks
    compared comparison baselines baseline strong superior better best high low large
    small simple general wide range variety number set way ways terms provide provides
    providing allow allows lead leads make makes making need needs model models despite
    challenging capture captures generate generates generated require requires rely
    relies aim aims across within without toward towards due thus hence whereas while
    yet able ability given obtain obtained consider considers diverse multiple enhance
    enhances enhanced enhancing boost boosts boosting handle handles exhibit exhibits
    offer offers perform performs performed explore explores investigate investigates
    studies called named designed trained conducted help helps including include
    includes introduce particular overall recently finally first second third end real
    world paradigm limited lack lacks remained integrate integrates integrating
    integrated fail fails reduce reduces reducing align aligns refine refines
""")
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | ACADEMIC_WORDS


def decode_latex(text: str) -> str:
    """Replace LaTeX math and commands with their plain-text reading; plain text passes through."""
    if "\\" not in text and "$" not in text:
        return text
    return _decode_latex_cached(text)


@lru_cache(maxsize=4096)
def _decode_latex_cached(text: str) -> str:
    decoder: LatexNodes2Text | None = getattr(_latex_local, "decoder", None)
    if decoder is None:
        decoder = LatexNodes2Text(math_mode="text")
        _latex_local.decoder = decoder
    # `%` starts a comment in LaTeX but means percent in abstracts, so escape it first.
    escaped = _UNESCAPED_PERCENT.sub(r"\\%", text)
    try:
        return decoder.latex_to_text(escaped, latex_context=_parser_context())
    except (IndexError, ValueError, LatexWalkerError) as error:
        logger.debug("could not decode LaTeX, keeping the text as it is: %s", error)
        return text


@lru_cache(maxsize=1)
def _parser_context() -> LatexContextDb:
    """Return pylatexenc's parser context with `\\href{url}{text}` taking its two arguments.

    pylatexenc 2.10's default parser gives `\\href` no arguments while its text converter
    expects two, which raises IndexError on abstracts that link somewhere.
    """
    context = latexwalker.get_default_latex_context_db()
    context.add_context_category(
        "litreview-href", prepend=True, macros=[macrospec.std_macro("href", False, 2)]
    )
    return context


def split_sentences(text: str) -> list[str]:
    """Split plain or LaTeX text into trimmed sentences, dropping empty pieces."""
    plain = " ".join(decode_latex(text or "").split())
    if not plain:
        return []
    return [piece.strip() for piece in segment_sentences(plain) if piece.strip()]


def words(text: str) -> list[str]:
    """Return the words of a text in their surface form (hyphenated words stay whole)."""
    return _WORD.findall(text)


def content_terms(text: str) -> list[str]:
    """Return the folded, lowercase words of a text that are not stop or academic words."""
    terms = []
    for word in words(text):
        lower = word.lower()
        if lower in STOP_WORDS or len(lower) < 3 or lower.isdigit():
            continue
        terms.append(fold(lower))
    return terms


def normalize_sentence(sentence: str) -> str:
    """Return the comparison key of a sentence: lowercase words only, citations removed."""
    without_citations = re.sub(r"\[@[^\]]*\]", " ", sentence)
    return " ".join(word.lower() for word in words(without_citations))


def tidy(sentence: str) -> str:
    """Collapse spaces and remove spaces before punctuation."""
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(sentence.split()))


def word_count(text: str) -> int:
    """Count words the way a reader would, ignoring citation keys."""
    return len(re.sub(r"\[@[^\]]*\]", " ", text).split())
