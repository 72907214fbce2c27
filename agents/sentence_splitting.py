"""Thread-safe sentence segmentation.

pysbd's Segmenter keeps per-call state on the instance, so one instance shared by the graph's
parallel reader and writer tasks mixes their texts up. Each thread gets its own instance.
"""

from __future__ import annotations

import threading

import pysbd

_local = threading.local()


def segment_sentences(text: str) -> list[str]:
    """Split text into sentences with pysbd, keeping the text of each sentence unchanged."""
    segmenter: pysbd.Segmenter | None = getattr(_local, "segmenter", None)
    if segmenter is None:
        segmenter = pysbd.Segmenter(language="en", clean=False)
        _local.segmenter = segmenter
    return list(segmenter.segment(text))
