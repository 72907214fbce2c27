"""The specific terms of a topic: the words a paper must contain to be about it.

In "iris recognition" the head word "recognition" is shared by gait, face, emotion and action
recognition; only "iris" makes the topic. A topic's main noun phrase therefore has a required
term when one of its words is much rarer in the collection than all the others. A paper that
never names it (nor a derivation of it, nor an abbreviation of the phrase) is about something
else, however well it matches the common words. "federated learning" requires
"federated" and "deep learning optimizers" requires "optimizer" (any derivation, such as
"optimization"). Phrases whose words are about equally common ("graph neural networks",
"medical image segmentation") have no required term, because papers name them in parts.
The required word must come with another word of the phrase outside GENERIC_WORDS, so a
paper about a "basket" dataset does not pass for "underwater basket weaving". A hyphenated
compound ("text-to-speech") is required in its word order, so "speech-to-text" papers fail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agents.relevance.lexical import PaperText
from agents.relevance.query_terms import GENERIC_WORDS, STOPWORDS, Compound, TopicTerms
from agents.relevance.text import word_family

SPECIFIC_FREQUENCY_RATIO = 0.25
"""A word is specific when its document frequency is at most this share of every other word
of the phrase, because then most papers with the common words lack it."""
MIN_EXPANSION_PAPERS = 2
"""Pool papers that must spell an abbreviation out before its expansion is accepted."""
MIN_ACRONYM_LENGTH = 2
MAX_ACRONYM_LENGTH = 6


@dataclass(frozen=True)
class SpecificTerm:
    """A word every relevant paper names, with the other ways of naming it."""

    term: str
    family: str
    """word_family of the term: "optim" accepts "optimizer" and "optimization"."""
    acronym: str | None
    """Initials of the whole phrase ("fl" for "federated learning"), two letters or more."""
    expansions: tuple[tuple[str, ...], ...] = ()
    """Spelled-out forms of the term when it is an abbreviation ("large language model" for
    "llm"), learned from the pool's own "large language models (LLMs)"."""
    companions: tuple[str, ...] = ()
    """The phrase's other words outside GENERIC_WORDS ("underwater", "weaving" beside
    "basket"): a paper must also name one of them, in any derivation."""

    def named_in(self, text: PaperText) -> bool:
        """Tell whether the title or abstract names the term in any accepted form."""
        return self._named(text) and self._accompanied(text)

    def word_in(self, text: PaperText) -> bool:
        """Tell whether the title or abstract contains the term itself (folded), not only
        another derivation, the initials or a spelled-out form."""
        return bool(text.title_counts.get(self.term) or text.abstract_counts.get(self.term))

    def missing_in(self, text: PaperText) -> str | None:
        """Return what the paper fails to name, as a reason fragment, or None."""
        if not self._named(text):
            return f"the specific topic term '{self.term}'"
        if not self._accompanied(text):
            others = " or ".join(f"'{word}'" for word in self.companions)
            return f"{others} beside the specific topic term '{self.term}'"
        return None

    def _named(self, text: PaperText) -> bool:
        if self.family in text.title_families or self.family in text.abstract_families:
            return True
        if self._acronym_in(text):
            return True
        return any(
            _contains(tokens, expansion)
            for expansion in self.expansions
            for tokens in (text.title, text.abstract)
        )

    def _acronym_in(self, text: PaperText) -> bool:
        return bool(
            self.acronym
            and (text.title_counts.get(self.acronym) or text.abstract_counts.get(self.acronym))
        )

    def _accompanied(self, text: PaperText) -> bool:
        """Tell whether the paper names another word of the phrase, or the phrase's initials.

        A paper with "basket" but without "underwater" or "weaving" is about baskets of
        something else; when no paper names the words together, the topic is absent.
        """
        if not self.companions or self._acronym_in(text):
            return True
        families = text.title_families | text.abstract_families
        return any(word_family(word) in families for word in self.companions)


@dataclass(frozen=True)
class RequiredCompound:
    """A hyphenated compound of the main noun phrase, which a paper must name in its order."""

    compound: Compound

    def named_in(self, text: PaperText) -> bool:
        """Tell whether the title or abstract names the compound in any of its forms."""
        return any(
            _contains(tokens, form)
            for form in self.compound.forms
            for tokens in (text.title, text.abstract)
        )

    def missing_in(self, text: PaperText) -> str | None:
        """Return what the paper fails to name, as a reason fragment, or None."""
        if self.named_in(text):
            return None
        return f"the topic term '{self.compound.label}' in its word order"


def specific_terms(
    topic: TopicTerms,
    texts: Sequence[PaperText],
    document_frequencies: Mapping[str, int] | None,
) -> list[SpecificTerm | RequiredCompound]:
    """Return the required terms of the topic's main noun phrase (its first run).

    Document frequencies come from the library when given, else from the pool itself. Later
    runs (the focus, words after "for") add no requirement, because a review may cover
    papers that address only the main topic. Every hyphenated compound of the main phrase is
    required, in its word order or one of its other forms, and then no single word is: "speech
    synthesis" names "text-to-speech" without the word "text".
    """
    if not topic.runs:
        return []
    run = topic.runs[0]
    required: list[SpecificTerm | RequiredCompound] = [
        RequiredCompound(compound)
        for compound in topic.compounds
        if all(word in run for word in compound.words if word not in STOPWORDS)
    ]
    if required or len(run) < 2:
        return required
    frequency = {term: _frequency(term, texts, document_frequencies) for term in run}
    rarest = min(run, key=lambda term: (frequency[term], term))
    others = [frequency[term] for term in run if term != rarest]
    if frequency[rarest] > SPECIFIC_FREQUENCY_RATIO * min(others):
        return required
    acronym = "".join(word[0] for word in run)
    companions = tuple(
        dict.fromkeys(word for word in run if word != rarest and word not in GENERIC_WORDS)
    )
    required.append(
        SpecificTerm(
            rarest,
            word_family(rarest),
            acronym if len(acronym) >= MIN_ACRONYM_LENGTH else None,
            _expansions(rarest, texts),
            companions,
        )
    )
    return required


def _frequency(
    term: str, texts: Sequence[PaperText], document_frequencies: Mapping[str, int] | None
) -> int:
    if document_frequencies:
        return max(document_frequencies.get(form, 0) for form in (term, term + "s"))
    return sum(1 for text in texts if term in text.title_counts or term in text.abstract_counts)


def _expansions(term: str, texts: Sequence[PaperText]) -> tuple[tuple[str, ...], ...]:
    """Find spelled-out forms of `term` in the pool: its initials' words just before it."""
    if not term.isalpha() or not 2 <= len(term) <= MAX_ACRONYM_LENGTH:
        return ()
    size = len(term)
    papers: dict[tuple[str, ...], int] = {}
    for text in texts:
        tokens = text.abstract
        found = {
            tokens[index - size : index]
            for index in range(size, len(tokens))
            if tokens[index] == term
            and "".join(word[0] for word in tokens[index - size : index]) == term
        }
        for expansion in found:
            papers[expansion] = papers.get(expansion, 0) + 1
    return tuple(sorted(e for e, count in papers.items() if count >= MIN_EXPANSION_PAPERS))


def _contains(tokens: Sequence[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1))
