"""Turn a review request into content terms, key phrases and lexical pool queries.

A request such as "Make a search of 10 recent publications and write a literature review on
recent advances in deep learning optimizers" mixes instructions with the topic. Only the topic
may reach a search query: instruction words would match papers that happen to say "recent" or
"novel" and push the topic's own papers out of the pool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.relevance.text import fold


def _words(text: str) -> list[str]:
    return text.split()


# Whole instruction phrases, removed before single words so "state of the art" goes as a unit.
_REQUEST_PHRASES = (
    r"make a search (?:of|for)",
    r"(?:do|run|perform|conduct) a (?:search|survey|review) (?:of|on|for|about)",
    r"search (?:for|of)",
    r"(?:write|prepare|produce|give me|create|compose) (?:a |an |me a )?",
    r"(?:systematic |short |brief |comprehensive )?literature (?:review|survey|overview)s?",
    r"(?:a |an )?(?:review|survey|overview) (?:of|on|about)",
    r"with (?:an|a) (?:accent|focus|emphasis) on",
    r"(?:focusing|focused|concentrating) on",
    r"state[- ]of[- ]the[- ]art",
    r"in the (?:last|past) (?:\w+ )?(?:years?|months?)",
    r"(?:since|after|before|from|until) (?:19|20)\d\d",
)
_REQUEST_PATTERN = re.compile(r"\b(?:" + "|".join(_REQUEST_PHRASES) + r")\b", re.IGNORECASE)

# Single words that describe the request rather than its subject, after folding.
REQUEST_WORDS = frozenset(
    fold(word)
    for word in _words(
        """
    make search find write review reviews literature survey overview summary summarize
    publication paper article work study preprint arxiv recent recently latest new newest
    novel current modern emerging advance advances advancement development progress trend
    accent focus emphasis particular special especially mainly mostly year years month months
    last past please ten twenty five top best important key major main notable
    """
    )
)

STOPWORDS = frozenset(
    _words(
        """
    a an the of on in for and or to with about from by at as into over via using based
    me my we our us you your it its this that these those is are be been being was were
    some any all most more each which what how why when where who whose than then also
    other such their there here do does did can could should would will may might
    """
    )
)

# Words so common in arXiv abstracts that, alone or paired with each other, they select
# nothing; used for query building and as low-weight terms when no corpus statistics are given.
GENERIC_WORDS = frozenset(
    fold(word)
    for word in _words(
        """
    learning deep model network neural method approach system data algorithm framework
    analysis result performance task problem application image language large based training
    """
    )
)

_NUMBER = re.compile(r"^\d+$")
_MIN_ACRONYM = 3
# A hyphenated compound ("text-to-speech") is one token of a topic, so its word order survives.
_TOPIC_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+|[a-z0-9]+")

# Established other names of compounds, folded: a text-to-speech paper may only say "speech
# synthesis". A short fixed list, because the pool cannot tell a synonym from a neighbour.
COMPOUND_SYNONYMS: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
    ("text", "to", "speech"): (("speech", "synthesis"),),
    ("speech", "to", "text"): (("speech", "recognition"), ("asr",)),
}


@dataclass(frozen=True)
class Compound:
    """A hyphenated compound of the topic, whose words count only in their order."""

    words: tuple[str, ...]
    """All folded words, stopwords included: ("text", "to", "speech")."""
    forms: tuple[tuple[str, ...], ...]
    """Token sequences that name the compound: its words, its initials ("tts") when three
    letters or more, and any COMPOUND_SYNONYMS entry."""

    @property
    def label(self) -> str:
        return "-".join(self.words)


@dataclass(frozen=True)
class TopicTerms:
    """The parts of a topic that ranking matches against papers (all folded)."""

    terms: tuple[str, ...]
    """Content words in topic order, without duplicates."""
    phrases: tuple[tuple[str, ...], ...]
    """Runs of adjacent content words ("deep learning optimizer"), two words or more."""
    acronyms: tuple[str, ...]
    """Initials of multi-word phrases ("gnn" for "graph neural network"), three letters or more."""
    heads: tuple[str, ...] = ()
    """The last word of each run that is not generic: what the run is about, the head noun
    of an English noun phrase ("optimizer" in "deep learning optimizer")."""
    runs: tuple[tuple[str, ...], ...] = ()
    """Every run of adjacent content words, single words included. The first is the topic's
    main noun phrase. Later ones come from the focus or from words after a preposition."""
    compounds: tuple[Compound, ...] = ()
    """Hyphenated compounds ("text-to-speech"): a paper names them only in their word order."""


def _content_runs(topic: str) -> list[list[str]]:
    """Split a topic into runs of adjacent content words, cut at request and stop words."""
    cleaned = _REQUEST_PATTERN.sub(" | ", topic)
    runs: list[list[str]] = [[]]
    for token in _split(cleaned):
        if token == "|" or not _is_content(token):
            runs.append([])
        else:
            runs[-1].append(token)
    return [run for run in runs if run]


def _is_content(token: str) -> bool:
    """Tell whether a topic token carries topic: a compound does when one of its words does."""
    if "-" in token:
        return any(_is_content(word) for word in token.split("-"))
    folded = fold(token)
    return not (folded in STOPWORDS or folded in REQUEST_WORDS or _NUMBER.match(token))


def _split(cleaned: str) -> list[str]:
    """Tokenize, compounds whole, keeping the `|` markers that stand for removed phrases."""
    tokens: list[str] = []
    for piece in cleaned.split("|"):
        tokens.extend(_TOPIC_TOKEN.findall(piece.lower()))
        tokens.append("|")
    return tokens


def _words_of(token: str) -> list[str]:
    """Return the content words of a topic token: a compound's words without stopwords."""
    if "-" not in token:
        return [token]
    return [word for word in token.split("-") if _is_content(word)]


def topic_terms(topic: str) -> list[str]:
    """Return the content words of a topic, lowercase, in order, with request words removed.

    Words keep their surface form ("optimizers"), so they can go into a query as typed.
    """
    seen: set[str] = set()
    words: list[str] = []
    for run in _content_runs(topic):
        for word in (word for token in run for word in _words_of(token)):
            if word not in seen:
                seen.add(word)
                words.append(word)
    return words


def analyze_topic(topic: str) -> TopicTerms:
    """Return the folded terms, key phrases and acronyms of a topic for ranking.

    A compound's words join the terms and runs like other words, but no phrase: its word
    order is matched through `compounds` instead, because near-phrase credit would also
    reward "speech-to-text" for "text-to-speech".
    """
    tokens = _content_runs(topic)
    runs = [[fold(word) for token in run for word in _words_of(token)] for run in tokens]
    compounds = [_compound(token) for run in tokens for token in run if "-" in token]
    compound_words = {tuple(_words_of_folded(c)) for c in compounds}
    terms = list(dict.fromkeys(word for run in runs for word in run))
    phrases = [tuple(run) for run in runs if len(run) >= 2 and tuple(run) not in compound_words]
    acronyms = ["".join(word[0] for word in run) for run in runs if len(run) >= _MIN_ACRONYM]
    acronyms += [form[0] for c in compounds for form in c.forms if len(form) == 1]
    heads = [_head(run) for run in runs]
    return TopicTerms(
        tuple(terms),
        tuple(dict.fromkeys(phrases)),
        tuple(dict.fromkeys(acronyms)),
        tuple(dict.fromkeys(heads)),
        tuple(tuple(run) for run in runs),
        tuple(dict.fromkeys(compounds)),
    )


def _compound(token: str) -> Compound:
    words = tuple(fold(word) for word in token.split("-"))
    forms = [words, *COMPOUND_SYNONYMS.get(words, ())]
    if len(words) >= _MIN_ACRONYM and all(word.isalpha() for word in words):
        forms.append(("".join(word[0] for word in words),))
    return Compound(words, tuple(dict.fromkeys(forms)))


def _words_of_folded(compound: Compound) -> list[str]:
    return [word for word in compound.words if _is_content(word)]


def _head(run: list[str]) -> str:
    specific = [word for word in run if word not in GENERIC_WORDS]
    return specific[-1] if specific else run[-1]


def pool_queries(topic: str) -> list[str]:
    """Return plain-word lexical queries whose union gathers a generous candidate pool.

    The list holds each content run of the topic, the two-word pairs inside longer runs, and
    the last word of each run (the head noun in English noun phrases, "optimizers" in "deep
    learning optimizers") in singular and plural. The library matches any word of any query,
    and arXiv matches all words of one query, so runs find the topic's exact wording and
    heads find papers that word it differently. Pairs and heads made only of GENERIC_WORDS
    are left out because they would match a large share of the corpus.

    A hyphenated compound goes in double quotes ('"text to speech"'), with its other names
    ("tts", '"speech synthesis"'), and a run that contains one yields no pairs or heads,
    which would split it.
    """
    queries: list[str] = []
    for run in _content_runs(topic):
        compounds = [_compound(token) for token in run if "-" in token]
        if compounds:
            queries.append(" ".join(_quoted_token(token) for token in run))
            queries.extend(_quoted(form) for c in compounds for form in c.forms[1:])
            continue
        queries.append(" ".join(run))
        if len(run) > 2:
            pairs = (run[i : i + 2] for i in range(len(run) - 1))
            queries.extend(" ".join(pair) for pair in pairs if not _all_generic(pair))
        singular = fold(run[-1])
        if len(run) > 1 and singular not in GENERIC_WORDS:
            queries.extend([singular, _plural(singular)])
    return list(dict.fromkeys(queries))


def _quoted(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"' if len(words) > 1 else words[0]


def _quoted_token(token: str) -> str:
    return _quoted(tuple(token.split("-"))) if "-" in token else token


def _all_generic(words: list[str]) -> bool:
    return all(fold(word) in GENERIC_WORDS for word in words)


def _plural(word: str) -> str:
    if word.endswith("y") and len(word) > 3 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"
