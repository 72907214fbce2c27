"""Other senses of a topic's key words, read from the words around each occurrence.

"Optimizer" in a request about deep learning means a training algorithm (Adam, SGD), but
papers also use it for prompt optimizers, language models acting as optimizers, Bayesian
hyperparameter search or an "optimized" system. A paper whose occurrences of the key word
mostly sit in another sense's context is a look-alike. Two sources name the contexts:

- LOOK_ALIKES, a short list of known senses, each with the words that signal it just before
  or after the key word;
- learn_look_alikes, which finds a word that often precedes the key word in the pool but only
  in papers far from the pool's core (the pseudo-relevance centroid), such as "prompt" before
  "optimizer" when the core is about training.

A context never counts against a paper when the topic itself contains its signal word, so
"prompt optimization" as a topic keeps its own papers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from agents.relevance.lexical import PaperText
from agents.relevance.query_terms import STOPWORDS
from agents.relevance.text import word_family

BEFORE_WINDOW = 2
"""Tokens before an occurrence searched for a signal word."""
TITLE_OCCURRENCE_WEIGHT = 3
LEARNED_MIN_PAPERS = 4
LEARNED_MAX_CLOSENESS = 0.3
"""A learned look-alike's papers average at most this share of the core's closeness."""


@dataclass(frozen=True)
class LookAlikeSense:
    """Another sense of a word family, recognized by the words around an occurrence."""

    family: str
    """word_family of the key word, for example "optim" for optimizer and optimization."""
    label: str
    """The sense in a few words, for screening reasons: "prompt optimization"."""
    before: frozenset[str] = frozenset()
    """Words that signal the sense within BEFORE_WINDOW tokens before the key word."""
    sequences_before: tuple[tuple[str, ...], ...] = ()
    """Token sequences that signal the sense right before the key word ("llm", "as")."""
    sequences_after: tuple[tuple[str, ...], ...] = ()
    """Token sequences that signal the sense right after the key word ("of", "prompt")."""
    title_words: frozenset[str] = frozenset()
    """Words that put a whole paper in this sense when its title names them anywhere: a
    "fireworks algorithm" title is about evolutionary search even where its abstract says
    "optimization problems" with no signal word nearby."""
    signal_words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        words = set(self.before) | self.title_words
        for sequence in (*self.sequences_before, *self.sequences_after):
            words.update(w for w in sequence if w not in STOPWORDS)
        object.__setattr__(self, "signal_words", frozenset(words))

    def matches(self, tokens: Sequence[str], index: int) -> bool:
        """Tell whether the occurrence at `index` of `tokens` is in this sense."""
        window = tokens[max(0, index - BEFORE_WINDOW) : index]
        if self.before.intersection(window):
            return True
        for sequence in self.sequences_before:
            if tuple(tokens[max(0, index - len(sequence)) : index]) == sequence:
                return True
        following = tuple(tokens[index + 1 : index + 4])
        return any(following[: len(s)] == s for s in self.sequences_after)


def _sense(
    family: str, label: str, before: str = "", title: str = "", **sequences: Iterable[str]
) -> LookAlikeSense:
    return LookAlikeSense(
        family,
        label,
        frozenset(before.split()),
        tuple(tuple(s.split()) for s in sequences.get("before_seq", ())),
        tuple(tuple(s.split()) for s in sequences.get("after_seq", ())),
        frozenset(title.split()),
    )


# Words are folded (singular, American spelling), as the tokens they are compared with.
LOOK_ALIKES: tuple[LookAlikeSense, ...] = (
    _sense("optim", "prompt optimization", "prompt prompting instruction", after_seq=["of prompt"]),
    _sense(
        "optim",
        "language models used as optimizers",
        "agentic textual",
        before_seq=[
            "llm as",
            "model as",
            "llm based",
            "llm driven",
            "llm guided",
            "agent as",
            "language model",
        ],
    ),
    _sense(
        "optim",
        "black-box, Bayesian or evolutionary search",
        "bayesian evolutionary metaheuristic swarm genetic combinatorial heuristic box whale wolf "
        "colony firework annealing",
        title="evolutionary metaheuristic swarm genetic firework whale wolf colony annealing",
    ),
    _sense(
        "optim",
        "optimization of agents or workflows",
        "agent workflow harness skill pipeline",
        after_seq=["agent"],
    ),
    _sense("optim", "hyperparameter tuning", "hyperparameter", after_seq=["of hyperparameter"]),
    _sense("optim", "policy or preference optimization", "policy preference reward reinforcement"),
    _sense("optim", "query, compiler or code optimization", "query compiler code kernel sql"),
    _sense(
        "optim",
        "optimization of a design, schedule or operation",
        "portfolio design topology shape route routing scheduling resource energy power supply "
        "trajectory structural layout allocation logistic beamforming placement inventory traffic",
    ),
    _sense("optim", "optimized inference or systems", "inference serving latency throughput"),
    _sense(
        "diffusion",
        "diffusion of information in a population",
        "information social rumor opinion innovation influence news epidemic",
        after_seq=["of information", "of innovation"],
    ),
    _sense(
        "diffusion",
        "physical diffusion or diffusion imaging",
        "heat thermal anomalous molecular particle ion lithium hydrogen brownian fickian",
        after_seq=["coefficient", "weighted", "mri", "tensor"],
    ),
    _sense("segment", "text or market segmentation", "word sentence text customer market topic"),
    _sense(
        "agent",
        "chemical or biological agent",
        "chemical contrast therapeutic antimicrobial anticancer pathogenic nerve",
    ),
    _sense("agent", "agent-based simulation", after_seq=["based model", "based simulation"]),
    _sense("transform", "electrical transformer", "voltage substation electrical distribution"),
)


@dataclass(frozen=True)
class SenseReading:
    """How a paper uses the topic's key words: the share of occurrences in other senses."""

    foreign_share: float
    label: str | None
    """The commonest other sense, when there is one."""
    title_foreign: bool = False
    """Whether the title uses the key words only in another sense, or names a title word of
    another sense."""


def applicable_senses(
    key_families: Iterable[str], topic_words: Iterable[str], extra: Iterable[LookAlikeSense] = ()
) -> list[LookAlikeSense]:
    """Return the look-alike senses of the key families whose signals the topic does not use."""
    families = set(key_families)
    words = set(topic_words)
    return [
        sense
        for sense in (*LOOK_ALIKES, *extra)
        if sense.family in families and not sense.signal_words & words
    ]


def read_senses(text: PaperText, senses: Sequence[LookAlikeSense]) -> SenseReading:
    """Weigh the occurrences of the senses' families in a paper by the sense they are in."""
    families = {sense.family for sense in senses}
    if not families:
        return SenseReading(0.0, None)
    total = 0
    foreign: Counter[str] = Counter()
    title_uses = [0, 0]
    for tokens, weight in ((text.title, TITLE_OCCURRENCE_WEIGHT), (text.abstract, 1)):
        for index, token in enumerate(tokens):
            family = word_family(token)
            if family not in families:
                continue
            total += weight
            label = next(
                (s.label for s in senses if s.family == family and s.matches(tokens, index)), None
            )
            if label:
                foreign[label] += weight
            if tokens is text.title:
                title_uses[label is None] += 1
    title_sense = next((s.label for s in senses if s.title_words.intersection(text.title)), None)
    if not total or not foreign:
        return SenseReading(0.0, title_sense, title_sense is not None)
    label, _ = min(foreign.items(), key=lambda item: (-item[1], item[0]))
    title_foreign = title_sense is not None or (title_uses[0] > 0 and title_uses[1] == 0)
    return SenseReading(sum(foreign.values()) / total, title_sense or label, title_foreign)


def learn_look_alikes(
    texts: Sequence[PaperText],
    key_families: Iterable[str],
    topic_words: Iterable[str],
    closeness: Mapping[str, float],
    core_ids: Iterable[str],
    core_vocabulary: Iterable[str] = (),
) -> list[LookAlikeSense]:
    """Find words right before a key word whose papers lie far from the pool's core.

    `closeness` maps arXiv ids to similarity with the pseudo-relevance centroid and
    `core_ids` are the papers the centroid was built from. A preceding word qualifies when
    at least LEARNED_MIN_PAPERS papers use it, none of them is in the core, and their mean
    closeness is at most LEARNED_MAX_CLOSENESS of the core's. Words of `core_vocabulary` (the
    centroid's top terms) never qualify: the core uses them, so they belong to the topic.
    """
    families = set(key_families)
    excluded = set(topic_words) | STOPWORDS | set(core_vocabulary)
    core = set(core_ids)
    users: dict[tuple[str, str], set[str]] = defaultdict(set)
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for text in texts:
        for tokens in (text.title, text.abstract):
            for index in range(1, len(tokens)):
                family = word_family(tokens[index])
                previous = tokens[index - 1]
                if family in families and previous not in excluded and not previous.isdigit():
                    users[(family, previous)].add(text.paper["arxiv_id"])
                    forms[(family, previous)][tokens[index]] += 1
    core_closeness = sum(closeness[i] for i in core) / len(core) if core else 0.0
    learned = []
    for (family, word), ids in sorted(users.items()):
        if len(ids) < LEARNED_MIN_PAPERS or ids & core:
            continue
        mean = sum(closeness[i] for i in ids) / len(ids)
        if mean <= LEARNED_MAX_CLOSENESS * core_closeness:
            form, _ = min(forms[(family, word)].items(), key=lambda item: (-item[1], item[0]))
            learned.append(LookAlikeSense(family, f"{word} {form}", frozenset([word])))
    return learned
