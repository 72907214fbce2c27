"""Key phrases of a group of papers, for naming themes without a model.

Candidate phrases are runs of one to three adjacent content words (stop and academic words end
a run), which in English abstracts are mostly noun phrases or their heads: "adaptive learning
rate", "graph neural networks", "client drift". A phrase describes a cluster when it is
frequent there and rare in the other clusters. This is the class-based TF-IDF weighting of
topic-modelling tools such as BERTopic, applied to phrases instead of single words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from agents.offline.sentences import STOP_WORDS, decode_latex, word_list, words
from agents.relevance.text import fold, word_family
from agents.sources.paper import Paper

MAX_PHRASE_WORDS = 3
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”/]|\s[-–—]+\s")
_SMALL_TITLE_WORDS = frozenset(
    word_list("""
    a an and as at by for from in of on or the to via vs with
""")
)
# Extra credit for multi-word phrases, because "adaptive learning rate" names a theme and
# "adaptive" alone does not.
_LENGTH_WEIGHT = {1: 1.0, 2: 1.6, 3: 1.8}

# Words ending in "-ly" are adverbs ("primarily", "jointly") except these nouns.
_LY_NOUNS = frozenset(
    word_list("""
    family anomaly assembly supply reply monopoly butterfly poly italy ally rally
""")
)

_ADJECTIVE_ENDINGS = (
    "ive", "ous", "ic", "al", "able", "ible", "ful", "less", "ary", "ed", "ish", "ent", "ant",
    "ar", "-based", "-aware", "-free", "-specific", "-level", "-scale", "-like",
)  # fmt: skip

# Words too broad to name a theme alone or with each other ("deep learning", "training data").
_GENERIC_FAMILIES = frozenset(
    word_family(word)
    for word in word_list("""
    data training learning deep neural network networks system systems text image images
    language information analysis feature features accuracy time knowledge potential
    effect process processing application applications architecture architectures
    setting settings domain domains quality scale level performance capability
    capabilities solution solutions design designs component components strategy
    strategies module modules ai ml scenario scenarios task tasks case cases aspect aspects issue
    issues factor factors property properties insight insights choice choices influence
    nature focus input inputs output outputs mechanism mechanisms representation
    representations structure structures usage cost costs gap gaps update updates
    behavior behaviors behaviour result results way ways type types form forms role roles
    part parts step steps stage stages phase phases value values goal goals need needs
    future direction directions research llm llms survey overview trend trends
""")
)

# Adjectives without a telling suffix, which cannot end a heading ("Ensures Robust").
_PLAIN_ADJECTIVES = frozenset(
    word_list("""
    robust accurate short long fast slow deep dense sparse secure safe fair private complex
    strong weak open full fine clear high low wide narrow rich poor hard soft
""")
)
# Words ending in -ing that name a thing or a field ("learning rate", "pruning methods"),
# unlike verb forms that open a clause ("ensuring data", "refining interactions").
_NOMINAL_GERUNDS = frozenset(
    word_list("""
    learning unlearning training pretraining pre-training fine-tuning finetuning tuning
    pruning sampling scaling reasoning computing processing modeling modelling clustering
    editing planning mining matching forecasting ranking encoding embedding rendering
    tracking routing scheduling prompting labeling labelling captioning grounding parsing
    hashing inpainting denoising understanding filtering caching imaging sensing driving
    engineering manufacturing networking programming testing debugging watermarking
    fingerprinting forgetting pooling batching decoding coding streaming recording
    answering reading writing speaking listening hearing healing building
""")
)
# Words after which an abstract's next word is a verb: "it ensures", "can fall short".
_VERB_CONTEXT = re.compile(
    r"\b(?:it|which|also|they|we|can|cannot|could|may|might|must|should|will|would|often|"
    r"still|typically|usually|generally|frequently|not)\s+(?P<word>[a-z][a-z-]+)\b"
)
# A word used as a verb in at least this share of its occurrences cannot be part of a heading.
_VERB_SHARE = 0.25

PhraseKey = tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """A scored key phrase of one cluster."""

    key: PhraseKey
    """Folded lowercase words, the form phrases are compared in."""
    text: str
    """The most common surface form, for example `graph neural networks` or `LoRA`."""
    score: float
    final_share: float
    """Share of occurrences that end a run of content words. English noun phrases end in
    their head noun, so a phrase that usually continues ("medical image" before
    "segmentation") is a fragment."""


class PhraseTable:
    """Phrase occurrences of a set of papers, counted per paper."""

    def __init__(self, papers: Sequence[Paper], methods: Mapping[str, str] | None = None) -> None:
        """Count the phrases of `papers`; `methods` maps arXiv ids to method sentences."""
        self.counts: dict[str, Counter[PhraseKey]] = {}
        self._surfaces: dict[PhraseKey, Counter[str]] = {}
        self._final: Counter[PhraseKey] = Counter()
        self._word_uses: Counter[str] = Counter()
        self._verb_uses: Counter[str] = Counter()
        self.title_keys: dict[str, set[PhraseKey]] = {}
        self.support_keys: dict[str, set[PhraseKey]] = {}
        """Per paper, the phrases of its title and method sentence: what the paper is about,
        unlike a baseline it only names in its results."""
        self._capitalised = Counter(_mid_sentence_capitals(p["abstract"] for p in papers))
        for paper in papers:
            counts: Counter[PhraseKey] = Counter()
            title = decode_latex(paper["title"])
            for text, weight in ((title, 2), (decode_latex(paper["abstract"]), 1)):
                lowered = text.lower()
                self._word_uses.update(w.lower() for w in words(text))
                self._verb_uses.update(m.group("word") for m in _VERB_CONTEXT.finditer(lowered))
                for key, surface, final in _phrases_of(text):
                    counts[key] += weight
                    self._surfaces.setdefault(key, Counter())[surface] += 1
                    self._final[key] += final
            self.counts[paper["arxiv_id"]] = counts
            self.title_keys[paper["arxiv_id"]] = {key for key, _, _ in _phrases_of(title)}
            self.support_keys[paper["arxiv_id"]] = set(self.title_keys[paper["arxiv_id"]])
        for arxiv_id, method in (methods or {}).items():
            if arxiv_id in self.support_keys:
                self.support_keys[arxiv_id] |= phrase_keys(method)

    def surface(self, key: PhraseKey) -> str:
        """Return the surface form of a phrase that its papers use most (ties: alphabetical)."""
        forms = self._surfaces[key]
        lowered: Counter[str] = Counter()
        for form, count in forms.items():
            lowered[self._case_key(form)] += count
        return max(sorted(lowered), key=lambda form: lowered[form])

    def _case_key(self, form: str) -> str:
        """Keep acronyms, mixed case ("LoRA", "GNNs") and names that the abstracts capitalise
        mid-sentence ("Gaussian"); lowercase words capitalised only by position."""
        kept = []
        for word in form.split():
            mixed = any(c.isupper() for c in word[1:]) or word[:1].isdigit()
            if mixed or self._capitalised[word] > self._capitalised[word.lower()]:
                kept.append(word)
            else:
                kept.append(word.lower())
        return " ".join(kept)

    def supporters(self, key: PhraseKey, arxiv_ids: Sequence[str]) -> list[str]:
        """Return the ids among `arxiv_ids` with the phrase in their title or method sentence."""
        return [arxiv_id for arxiv_id in arxiv_ids if key in self.support_keys[arxiv_id]]

    def papers_with(self, key: PhraseKey, arxiv_ids: Sequence[str]) -> list[str]:
        """Return the ids among `arxiv_ids` whose title or abstract contains the phrase."""
        return [arxiv_id for arxiv_id in arxiv_ids if key in self.counts[arxiv_id]]

    def is_well_formed(self, phrase: Phrase) -> bool:
        """Whether a heading phrase is a noun phrase rather than a clause fragment.

        Rejected: a word these abstracts mostly use as a verb ("ensures", "fall"), an opening
        -ing word that is not a known noun ("Ensuring Data"), and a plain adjective at the
        end ("Ensures Robust").
        """
        surface = [word.lower() for word in phrase.text.split()]
        for word in surface:
            uses = self._word_uses[word]
            if uses and self._verb_uses[word] / uses >= _VERB_SHARE:
                return False
        first = surface[0]
        if first.endswith("ing") and first not in _NOMINAL_GERUNDS:
            return False
        return surface[-1] not in _PLAIN_ADJECTIVES

    def rank(
        self,
        clusters: Mapping[str, Sequence[str]],
        *,
        excluded_words: frozenset[str] = frozenset(),
        shared_only: bool = True,
    ) -> dict[str, list[Phrase]]:
        """Score every phrase of every cluster by class-based TF-IDF, best first.

        With `shared_only`, a phrase of a cluster with two or more papers must occur in at least
        two of them, so a theme is named after what its papers share rather than one paper's
        jargon. Phrases made
        only of `excluded_words` (the review topic, which every theme shares) are skipped.
        """
        totals: dict[str, Counter[PhraseKey]] = {}
        paper_counts: dict[str, Counter[PhraseKey]] = {}
        for name, ids in clusters.items():
            totals[name], paper_counts[name] = Counter(), Counter()
            for arxiv_id in ids:
                totals[name].update(self.counts[arxiv_id])
                paper_counts[name].update(self.counts[arxiv_id].keys())
        overall: Counter[PhraseKey] = Counter()
        for counts in totals.values():
            overall.update(counts)
        average_size = sum(sum(c.values()) for c in totals.values()) / max(len(totals), 1)

        ranked: dict[str, list[Phrase]] = {}
        for name, counts in totals.items():
            size = sum(counts.values()) or 1
            min_papers = 2 if shared_only and len(clusters[name]) >= 2 else 1
            phrases = []
            for key, count in counts.items():
                if paper_counts[name][key] < min_papers or only_topic(key, excluded_words):
                    continue
                weight = (count / size) * math.log(1 + average_size / overall[key])
                weight *= _LENGTH_WEIGHT[len(key)] * (1 + 0.1 * paper_counts[name][key])
                occurrences = sum(self._surfaces[key].values())
                share = self._final[key] / occurrences
                phrases.append(Phrase(key, self.surface(key), weight, share))
            phrases.sort(key=lambda p: (-p.score, p.key))
            ranked[name] = phrases
        return ranked


def phrase_keys(text: str) -> set[PhraseKey]:
    """Return the keys of every candidate phrase of a text."""
    return {key for key, _, _ in _phrases_of(text)}


def _phrases_of(text: str) -> list[tuple[PhraseKey, str, bool]]:
    """Return every run of one to MAX_PHRASE_WORDS content words with its surface text and
    whether it ends its run."""
    found = []
    for clause in _CLAUSE_BREAK.split(text):
        run: list[str] = []
        for word in [*words(clause), ""]:
            if word and _is_content(word):
                run.append(word)
                continue
            for start in range(len(run)):
                for length in range(1, MAX_PHRASE_WORDS + 1):
                    piece = run[start : start + length]
                    if len(piece) == length:
                        key = tuple(fold(w.lower()) for w in piece)
                        final = start + length == len(run)
                        found.append((key, " ".join(piece), final))
            run = []
    return found


def only_topic(key: PhraseKey, topic_families: frozenset[str]) -> bool:
    """Whether a phrase says nothing beyond the topic, like "LLM-based agents" for "LLM agents"."""
    if not topic_families:
        return False
    # Parts under three letters ("3d") are dropped as content_terms drops them from the topic.
    parts = [
        part
        for word in key
        for part in word.split("-")
        if part not in STOP_WORDS and len(part) >= 3
    ]
    families = {word_family(part) for part in parts} - _GENERIC_FAMILIES
    return families <= topic_families


def is_heading_phrase(phrase: Phrase, *, require_final: bool = True) -> bool:
    """Whether a phrase can name a theme: it usually ends its noun phrase and ends in a noun.

    Without a part-of-speech tagger, adjective suffixes stand in for the noun test, so
    "adaptive" and "graph neural" are rejected while "learning rate" passes. Without
    `require_final`, a word that usually modifies another ("memory" in "memory mechanisms")
    passes too, for callers that check it in titles.
    """
    last = phrase.text.split()[-1]
    if require_final and phrase.final_share < 0.5:
        return False
    if {word_family(word) for word in phrase.key} <= _GENERIC_FAMILIES:
        return False
    if any(c.isupper() for c in last):
        return True
    return not last.lower().endswith(_ADJECTIVE_ENDINGS)


def _is_content(word: str) -> bool:
    lower = word.lower()
    if lower in STOP_WORDS or lower.isdigit():
        return False
    if lower.endswith("ly") and lower.split("-")[-1] not in _LY_NOUNS:
        return False
    return len(lower) >= 3 or (len(word) >= 2 and word.isupper())


def _mid_sentence_capitals(abstracts: Iterable[str]) -> Iterator[str]:
    """Yield every word of the abstracts that does not open a sentence, in its own case."""
    for abstract in abstracts:
        for sentence in re.split(r"(?<=[.!?])\s+", decode_latex(abstract)):
            yield from words(sentence)[1:]


def drop_contained(phrases: list[Phrase]) -> list[Phrase]:
    """Drop each phrase ranked below a longer phrase that contains it."""
    kept: list[Phrase] = []
    for phrase in phrases:
        if any(_contains(other.key, phrase.key) for other in kept):
            continue
        kept.append(phrase)
    return kept


def _contains(longer: PhraseKey, shorter: PhraseKey) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def title_case(text: str) -> str:
    """Capitalize a phrase for a heading, keeping acronyms and hyphen parts ("Second-Order",
    "Text-to-Speech")."""
    result = []
    for position, word in enumerate(text.split()):
        if position and word.lower() in _SMALL_TITLE_WORDS:
            result.append(word.lower())
        elif any(c.isupper() for c in word):
            result.append(word)
        else:
            parts = word.split("-")
            result.append(
                "-".join(
                    part if index and part in _SMALL_TITLE_WORDS else part[:1].upper() + part[1:]
                    for index, part in enumerate(parts)
                )
            )
    return " ".join(result)
