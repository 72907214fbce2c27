"""Key phrases of a group of papers, for naming themes without a model.

A candidate phrase (see `agents.offline.phrase_candidates`) describes a cluster when it is
frequent there and rare in the other clusters. This is the class-based TF-IDF weighting of
topic-modelling tools such as BERTopic, applied to phrases instead of single words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from agents.offline.heading_phrases import only_topic
from agents.offline.phrase_candidates import Phrase, PhraseKey, phrase_keys, phrases_of
from agents.offline.sentences import decode_latex, word_list, words
from agents.sources.paper import Paper

# Extra credit for multi-word phrases, because "adaptive learning rate" names a theme and
# "adaptive" alone does not.
_LENGTH_WEIGHT = {1: 1.0, 2: 1.6, 3: 1.8}

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
                for key, surface, final in phrases_of(text):
                    counts[key] += weight
                    self._surfaces.setdefault(key, Counter())[surface] += 1
                    self._final[key] += final
            self.counts[paper["arxiv_id"]] = counts
            self.title_keys[paper["arxiv_id"]] = {key for key, _, _ in phrases_of(title)}
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


def _mid_sentence_capitals(abstracts: Iterable[str]) -> Iterator[str]:
    """Yield every word of the abstracts that does not open a sentence, in its own case."""
    for abstract in abstracts:
        for sentence in re.split(r"(?<=[.!?])\s+", decode_latex(abstract)):
            yield from words(sentence)[1:]
