"""Reference list and BibTeX, built by code from paper metadata and never by a model."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from agents.records import Reference
from agents.sources.paper import Paper

MAX_AUTHORS_SHOWN = 10
_NAME_PARTICLES = frozenset(
    ["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos"]
    + ["das", "ter", "ten"]
)
_NAME_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])
_BIBTEX_SPECIALS = re.compile(r"(?<!\\)([&%#_])")
_MATH = re.compile(r"(\$[^$]*\$)")
_TEXT_ACCENTS = {"^": r"\^{}", "~": r"\~{}"}


def build_references(ordered_ids: Sequence[str], papers: Mapping[str, Paper]) -> list[Reference]:
    """Return references numbered 1..N in the order given, with metadata copied unchanged."""
    return [
        Reference(
            number=number,
            arxiv_id=papers[arxiv_id]["arxiv_id"],
            title=papers[arxiv_id]["title"],
            authors=list(papers[arxiv_id]["authors"]),
            published=papers[arxiv_id]["published"],
            url=papers[arxiv_id]["abs_url"],
        )
        for number, arxiv_id in enumerate(ordered_ids, start=1)
    ]


def format_reference(reference: Reference) -> str:
    """Render one reference as a Markdown list item body: authors (year). title. id. URL."""
    authors = reference["authors"]
    shown = ", ".join(authors[:MAX_AUTHORS_SHOWN])
    if len(authors) > MAX_AUTHORS_SHOWN:
        shown += ", et al."
    return (
        f"{shown or 'Anonymous'} ({reference['published'][:4]}). {reference['title']}. "
        f"arXiv:{reference['arxiv_id']}. {reference['url']}"
    )


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


def build_bibtex(papers: Sequence[Paper]) -> str:
    """Return one `@misc` entry per paper (arXiv eprint fields), keys unique within the list."""
    used: set[str] = set()
    entries = []
    for paper in papers:
        key = _unique_key(_base_key(paper), used)
        entries.append(_bibtex_entry(key, paper))
    return "\n\n".join(entries) + ("\n" if entries else "")


def _base_key(paper: Paper) -> str:
    family = surname(paper["authors"][0]) if paper["authors"] else "anonymous"
    first_word = next((w for w in re.findall(r"[A-Za-z]+", paper["title"]) if len(w) > 3), "paper")
    ascii_text = unicodedata.normalize("NFKD", f"{family}{paper['published'][:4]}{first_word}")
    return re.sub(r"[^A-Za-z0-9]", "", ascii_text.encode("ascii", "ignore").decode()).lower()


def _unique_key(base: str, used: set[str]) -> str:
    key, suffix = base, ord("a")
    while key in used:
        key = f"{base}{chr(suffix)}"
        suffix += 1
    used.add(key)
    return key


def _bibtex_value(text: str) -> str:
    """Escape a field value so BibTeX and LaTeX read it back, keeping `$...$` math as it is."""
    pieces = _MATH.split(text)
    escaped = "".join(
        piece if index % 2 else _escape_text(piece) for index, piece in enumerate(pieces)
    )
    if escaped.count("{") != escaped.count("}"):
        escaped = escaped.replace("{", "(").replace("}", ")")
    return escaped


def _escape_text(text: str) -> str:
    """Escape LaTeX's special characters in text outside math mode."""
    escaped = _BIBTEX_SPECIALS.sub(r"\\\1", text)
    return re.sub(r"(?<!\\)([\^~])", lambda match: _TEXT_ACCENTS[match.group(1)], escaped)


def _bibtex_entry(key: str, paper: Paper) -> str:
    fields = [
        ("title", "{" + _bibtex_value(paper["title"]) + "}"),
        ("author", " and ".join(_bibtex_value(author) for author in paper["authors"])),
        ("year", paper["published"][:4]),
        ("eprint", paper["arxiv_id"]),
        ("archivePrefix", "arXiv"),
        ("primaryClass", paper["primary_category"]),
        ("url", paper["abs_url"]),
    ]
    if paper["doi"]:
        fields.append(("doi", paper["doi"]))
    if paper["journal_ref"]:
        fields.append(("note", _bibtex_value(paper["journal_ref"])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}"
