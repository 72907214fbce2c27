"""Whether a paper centres on the words that narrow its topic, or names them in passing.

"Diffusion models for video generation" is narrowed by "video": diffusion-transformer
acceleration papers for "image and video generation" name it once or twice and match every
other topic word, so they rank beside the video papers. A paper about video generation puts
"video" in its title or keeps returning to it in its abstract. The narrowing words are the
modifiers rarer than the head of their run (see `weights.specific_modifiers`).
"""

from __future__ import annotations

from collections.abc import Collection

from agents.relevance.lexical import PaperText
from agents.relevance.query_terms import TopicTerms

CENTRE_MENTIONS = 3
"""Abstract mentions of a narrowing word that make it central without a title mention."""
PASSING_FACTOR = 0.85
"""Score share kept by a paper that names a narrowing word of the topic only in passing."""


def centres_on(text: PaperText, words: Collection[str]) -> bool:
    """Tell whether every word is in the title or at least CENTRE_MENTIONS times in the
    abstract."""
    return all(
        text.title_counts.get(word) or text.abstract_counts.get(word, 0) >= CENTRE_MENTIONS
        for word in words
    )


def narrowing_words(topic: TopicTerms, specific: Collection[str]) -> set[str]:
    """Return the specific modifiers outside the topic's main noun phrase.

    Words after "for" or in the focus narrow a method to an application ("video" in
    "diffusion models for video generation"). A rare word of the main phrase is left out:
    papers name it in other forms ("QLDPC" for "quantum"), and it is required anyway.
    """
    main = set(topic.runs[0]) if topic.runs else set()
    return {word for word in specific if word not in main}
