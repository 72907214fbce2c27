"""Attribute a paper's sentences to its authors in the third person.

Abstracts speak as "we" ("In this paper, we propose X"). A review speaks about the authors
("Zhang et al. propose X"), so the offline writer rewrites first-person sentences with the
first author's surname as the subject and "their" for "our".
"""

from __future__ import annotations

import re

from agents.offline.sentences import word_list
from agents.sources.paper import Paper

_NAME_PARTICLES = frozenset(
    word_list("""
    van von der den de del della di da du la le dos das ter ten
""")
)
_NAME_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])
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
    r"research|survey)\s+(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
_WE = re.compile(r"\b[Ww]e\b(?P<gap>\s+(?:also\s+|further\s+|then\s+|first\s+|additionally\s+)?)"
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


def surname(author: str) -> str:
    """Return the family name of an author written "First Last", keeping particles ("van Dijk")."""
    parts = author.split()
    while len(parts) > 1 and parts[-1].lower().strip(",") in _NAME_SUFFIXES:
        parts.pop()
    if not parts:
        return ""
    family = [parts[-1].strip(",")]
    for part in reversed(parts[:-1]):
        if part.lower() not in _NAME_PARTICLES:
            break
        family.insert(0, part)
    return " ".join(family)


def author_label(paper: Paper) -> str:
    """Name a paper by its authors: "Zhang", "Zhang and Li" or "Zhang et al."."""
    names = [surname(author) for author in paper["authors"] if surname(author)]
    if not names:
        return f"The authors of “{paper['title']}”"
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


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
            text = f"{label} {verb}{text[match.end() :]}"
    named = named or label in text

    def replace_we(match: re.Match[str]) -> str:
        nonlocal named
        verb = match.group("verb") or ""
        if named:
            return f"they{match.group('gap')}{verb}"
        named = True
        if verb and not plural:
            verb = conjugate(verb, plural=False)
        return f"{label}{match.group('gap')}{verb}"

    text = _WE.sub(replace_we, text)
    for pattern, replacement in _POSSESSIVES:
        text = pattern.sub(replacement, text)
    if text.startswith("they "):
        text = "They " + text[5:]
    return text


def mentions_first_person(sentence: str) -> bool:
    """Whether a sentence still speaks as "we" or "our"."""
    return FIRST_PERSON.search(sentence) is not None
