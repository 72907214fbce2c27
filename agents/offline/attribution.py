"""Attribute a paper's sentences to its authors in the third person.

Abstracts speak as "we" ("In this paper, we propose X"). A review speaks about the authors
("Zhang et al. propose X"), so the offline writer rewrites first-person sentences with the
first author's surname as the subject and "their" for "our".
"""

from __future__ import annotations

import re

from agents.offline.prose import upper_first
from agents.offline.sentences import word_list

_MODALS = frozenset(["can", "could", "may", "might", "must", "shall", "should", "will", "would"])
_SINGULAR_OF = {"are": "is", "have": "has", "were": "was", "do": "does"}
_PLURAL_OF = {"is": "are", "has": "have", "was": "were", "does": "do"}

_FRAME_OPENING = re.compile(
    r"^(?:in|within|through) (?:this|the present|our) (?:paper|work|study|article|letter|note|"
    r"report|manuscript|survey|position paper|technical report)\s*,?\s*|^here(?:in)?\s*,?\s*",
    re.IGNORECASE,
)
_DOCUMENT_SUBJECT = re.compile(
    r"^(?:this|the present|our) (?:paper|work|study|article|letter|note|report|manuscript|"
    r"research|survey|review|thesis|dissertation)\s+(?P<adverb>(?:first|also|further|then|"
    r"additionally|systematically|therefore)\s+)?(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
# "this review" inside a quoted sentence means the authors' document, not the review's.
_THIS_DOCUMENT = re.compile(
    r"(?<=\S )\bthis (?P<noun>paper|review|survey|work|study|article|report)\b"
)
_THIS_DOCUMENT_OPENING = re.compile(r"^This (?P<noun>paper|review|survey|work|study|article)\b")
# Verbs that abstracts coordinate after their subject ("we propose X and introduce Y") and
# that rarely follow "and" as nouns, so their number can follow the new subject.
_COORDINATED_VERBS = frozenset(
    word_list("""
    propose introduce present develop devise formulate derive construct extend explore
    investigate examine analyze analyse evaluate validate demonstrate show prove establish
    provide offer release achieve obtain outperform identify reveal observe find highlight
    discuss characterize quantify benchmark assess measure apply leverage employ adopt
    integrate combine incorporate implement conduct perform introduce compare curate collect
    build contribute report confirm illustrate outline review summarize survey clarify
    unify simplify verify revisit rethink address tackle reveal uncover enable enhance
    improve reduce generalize adapt exploit explain argue suggest validate
""")
)
_CLAUSE_BOUNDARY = re.compile(
    r"\b(?:that|which|who|where|while|whereas|when|whether|it|they|to|how|if)\b", re.IGNORECASE
)
_COORDINATION = re.compile(
    r"(?P<link>\band\s+(?:then\s+|also\s+|further\s+|finally\s+)?)(?P<verb>[a-z]+)\b"
)
_WE = re.compile(r"\b[Ww]e\b(?P<gap>\s+(?:also\s+|further\s+|then\s+|first\s+|[a-z]+ly\s+)?)"
                 r"(?P<verb>[a-z]+)?")  # fmt: skip
_POSSESSIVES = (
    (re.compile(r"\bOurs\b"), "Theirs"),
    (re.compile(r"\bours\b"), "theirs"),
    (re.compile(r"\bOur\b"), "Their"),
    (re.compile(r"\bour\b"), "their"),
    (re.compile(r"\bourselves\b"), "themselves"),
    (re.compile(r"\bus\b"), "them"),
)
FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us|ourselves)\b", re.IGNORECASE)


def is_plural(label: str) -> bool:
    """Whether a label from author_label takes a plural verb ("Zhang et al. propose")."""
    return " and " in label or label.endswith("et al.") or label.startswith("The authors")


def conjugate(verb: str, *, plural: bool) -> str:
    """Inflect a present-tense verb for a third-person subject of the given number."""
    lower = verb.lower()
    if plural:
        if lower in _PLURAL_OF:
            return _PLURAL_OF[lower]
        if lower.endswith("ies") and len(lower) > 4:
            return verb[:-3] + "y"
        if lower.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
            return verb[:-2]
        if lower.endswith("s") and not lower.endswith("ss"):
            return verb[:-1]
        return verb
    if lower in _MODALS or lower.endswith("ed"):
        return verb
    if lower in _SINGULAR_OF:
        return _SINGULAR_OF[lower]
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    return verb + "s"


def third_person(sentence: str, label: str, *, named: bool = False) -> str:
    """Rewrite a sentence so that the authors, named by `label`, replace "we" and "this paper".

    The first "we" becomes the label and later ones "they"; "our" becomes "their". A sentence
    whose subject is the document ("This paper proposes X") takes the label as subject too.
    With `named` (the authors were named in the previous sentence) every "we" becomes "they".
    Sentences without first person pass through unchanged.
    """
    plural = is_plural(label)
    text = _FRAME_OPENING.sub("", sentence.strip())
    if text and text != sentence.strip():
        text = text[0].upper() + text[1:]
    if not named and (match := _DOCUMENT_SUBJECT.match(text)):
        verb = match.group("verb")
        if verb.lower().endswith("s") or verb.lower() in _PLURAL_OF:
            verb = verb if not plural else conjugate(verb, plural=True)
            adverb = match.group("adverb") or ""
            text = f"{label} {adverb}{verb}{text[match.end() :]}"
    named = named or label in text
    # A single author is "the author", never "they", whose number would mislead.
    pronoun = "they" if plural else "the author"

    def replace_we(match: re.Match[str]) -> str:
        nonlocal named
        verb = match.group("verb") or ""
        if verb and not plural:
            verb = conjugate(verb, plural=False)
        if named:
            return f"{pronoun}{match.group('gap')}{verb}"
        named = True
        return f"{label}{match.group('gap')}{verb}"

    text = _WE.sub(replace_we, text)
    text = _replace_possessives(text, label, plural=plural)
    owner = "their" if plural else "the author's"
    text = _THIS_DOCUMENT.sub(lambda m: f"{owner} {m.group('noun')}", text)
    text = _THIS_DOCUMENT_OPENING.sub(lambda m: f"{upper_first(owner)} {m.group('noun')}", text)
    if text.startswith(pronoun + " "):
        text = upper_first(text)
    return _agree_coordinated(text, label, plural=plural)


def _replace_possessives(text: str, label: str, *, plural: bool) -> str:
    """Replace "our" and "us": "their" for several authors, the author's name or "the
    author's" for one, since "their" for one person reads as several."""
    if plural:
        for pattern, replacement in _POSSESSIVES:
            text = pattern.sub(replacement, text)
        return text
    text = re.sub(r"^Our\b", f"{label}'s", text)
    named_at = text.find(label)
    text = re.sub(
        r"\b[Oo]urs?\b",
        lambda m: "the" if 0 <= named_at < m.start() else "the author's",
        text,
    )
    text = re.sub(r"\bourselves\b", "the author", text)
    return re.sub(r"\bus\b", "the author", text)


def _agree_coordinated(text: str, label: str, *, plural: bool) -> str:
    """Give verbs coordinated with the subject's verb the subject's number.

    "Wasif et al. explore X and introduces Y" becomes "... and introduce Y". Only verbs of
    _COORDINATED_VERBS change, since other words after "and" are usually nouns, and only
    between the label and the first subordinate clause, whose verbs have their own subject.
    """

    start = text.find(label)
    if start < 0:
        return text
    start += len(label)
    boundary = _CLAUSE_BOUNDARY.search(text, start)
    end = boundary.start() if boundary else len(text)

    def agree(match: re.Match[str]) -> str:
        verb = match.group("verb")
        base = conjugate(verb, plural=True) if verb.endswith("s") else verb
        if base not in _COORDINATED_VERBS:
            return match.group(0)
        return f"{match.group('link')}{conjugate(base, plural=plural)}"

    return text[:start] + _COORDINATION.sub(agree, text[start:end]) + text[end:]


def mentions_first_person(sentence: str) -> bool:
    """Whether a sentence still speaks as "we" or "our"."""
    return FIRST_PERSON.search(sentence) is not None
