"""Checks of whether a key phrase can name a theme and adds anything to the review topic."""

from __future__ import annotations

from agents.offline.phrase_candidates import Phrase, PhraseKey
from agents.offline.sentences import STOP_WORDS, word_list
from agents.relevance.text import word_family

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
