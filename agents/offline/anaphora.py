"""Detect abstract sentences that lean on context the review leaves out, and repair some.

An abstract is read in order, so "These variants", "this mismatch" or "It then ..." point back
to an earlier sentence. Quoted alone in a review they point at nothing. A sentence whose only
dependency is an opening clause ("To cope with these limitations, we propose X") is repaired
by dropping that clause; any other dependent sentence is left out unless the sentence it
depends on is quoted just before it.
"""

from __future__ import annotations

import re

from agents.offline.prose import strip_anaphoric_opening, upper_first

# Nouns that let "this" name the document itself ("this paper"), which attribution rewrites.
_DOCUMENT_NOUNS = (
    r"paper|work|study|article|letter|note|report|manuscript|thesis|survey|research|"
    r"dissertation|chapter|tutorial|review|position paper|technical report"
)
# "this approach" in a sentence about a paper's results names the paper's own method.
_OWN_METHOD_NOUNS = (
    r"approach|method|framework|model|technique|algorithm|system|pipeline|strategy|"
    r"architecture|optimizer|scheme|design|benchmark|dataset|tool|formulation"
)
_DEPENDENT_OPENING = re.compile(
    r"^(?:this\b(?!\s+(?:" + _DOCUMENT_NOUNS + "|" + _OWN_METHOD_NOUNS + r")\b)"
    r"|(?:that|these|those|such)\b"
    r"|(?:it|its|they|them|their|both|each|the latter|the former|the above|here|meanwhile|"
    r"conversely|similarly|likewise|nevertheless|nonetheless|still|yet|besides|otherwise|"
    r"in contrast|by contrast|on the other hand|as a result|in turn|in doing so|"
    r"to do so|to this end|then|also|next|finally|lastly|subsequently)\b"
    r"|(?:in|at|during)\s+(?:the\s+)?(?:\w+\s+)?(?:stage|step|phase)\b"
    r"|to\s+\w+(?:\s+\w+)?\s+(?:the|this|these|such)\s+(?:\w+\s+)?(?:problem|issue|"
    r"challenge|gap|limitation|bottleneck|shortcoming)s?\b)",
    re.IGNORECASE,
)
_DEPENDENT_ANYWHERE = re.compile(
    r"\b(?:these|those|aforementioned|above-mentioned|the above|the former|the latter|them)\b"
    r"|\bsuch\b(?!\s+(?:as|that)\b)"
    r"|\bboth\s+(?!and\b)[a-z-]+s\b(?![^.;:]{0,80}\band\b)"
    r"|\bthis\s+(?!(?:" + _DOCUMENT_NOUNS + "|" + _OWN_METHOD_NOUNS + r")\b)[a-z-]+\b",
    re.IGNORECASE,
)
_MARKER_WORDS = re.compile(
    r"\bthis\b(?!\s+(?:" + _DOCUMENT_NOUNS + r")\b)"
    r"|\b(?:these|those|such|that|it|them|they|the above|the problem|the issue|"
    r"the challenge|the gap|the limitation|aforementioned)\b",
    re.IGNORECASE,
)
# An opening clause, then the authors or the document as subject: "To fill this gap, we ...".
_OPENING_CLAUSE = re.compile(
    r"^(?P<clause>[^,;:]{3,120}),\s*(?P<rest>(?:we|in this|this (?:" + _DOCUMENT_NOUNS + r")|"
    r"our|here(?:in)?)\b.*)$",
    re.IGNORECASE,
)
_LIST_LEAD = re.compile(r":\s*[\"”’)]*\s*$")


# "Due to its efficiency, it has been adopted": "it" names something the sentence never does.
_DANGLING_IT = re.compile(r"^(?:it|its)\b|^[^,]*\bits\b[^,]*,\s*it\b", re.IGNORECASE)


def has_dangling_it(sentence: str) -> bool:
    """Whether "it" or "its" in a sentence's opening refers to nothing named in the sentence."""
    return _DANGLING_IT.search(sentence.strip()) is not None


def depends_on_context(sentence: str) -> bool:
    """Whether a sentence needs an earlier sentence of its abstract to be understood.

    True for an anaphoric subject ("These variants", "It", "Meanwhile"), an anaphoric noun
    phrase anywhere ("this mismatch", "several of these", "them") and a sentence that only
    announces a list ("... suffer from two limitations:").
    """
    text = sentence.strip()
    if _LIST_LEAD.search(text):
        return True
    if _DEPENDENT_OPENING.match(text):
        return True
    return _DEPENDENT_ANYWHERE.search(text) is not None


def refers_to_previous_only(sentence: str) -> bool:
    """Whether a sentence's only dependency is its subject ("This improves X", "It uses Y"),
    which the sentence just before it in the abstract resolves."""
    words = sentence.strip().split(" ", 1)
    if len(words) < 2 or words[0].lower() not in {"this", "it", "they", "its", "their"}:
        return False
    return not _LIST_LEAD.search(sentence) and not _DEPENDENT_ANYWHERE.search(words[1])


def repair_opening(sentence: str) -> str:
    """Drop an opening clause that points back when the authors or the document follow it.

    "Inspired by these problems, we propose X." becomes "We propose X."; a sentence without
    such a clause is returned unchanged.
    """
    match = _OPENING_CLAUSE.match(sentence.strip())
    if not match or not _MARKER_WORDS.search(match.group("clause")):
        return sentence
    return upper_first(match.group("rest"))


def standalone(sentence: str) -> str | None:
    """Return the sentence, repaired if needed, when it reads alone; None when it cannot."""
    repaired = repair_opening(strip_anaphoric_opening(sentence))
    return None if depends_on_context(repaired) else repaired
