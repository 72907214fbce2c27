"""Tests of sentence segmentation under the graph's parallel tasks."""

from concurrent.futures import ThreadPoolExecutor

from agents.sentence_splitting import segment_sentences

TEXTS = [
    f"Paper {i} proposes method M{i} for task T{i}. It improves accuracy by {i}.5% on benchmark "
    f"B{i}. However, e.g. the cost grows with depth. Code is at github.com/x/y{i}."
    for i in range(200)
]


def test_segment_keeps_sentences():
    assert segment_sentences("One claim. Another claim [@2501.00001].") == [
        "One claim. ",
        "Another claim [@2501.00001].",
    ]


def test_segment_same_across_threads():
    expected = [segment_sentences(text) for text in TEXTS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(segment_sentences, TEXTS)) == expected
