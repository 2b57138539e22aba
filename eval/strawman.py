"""The trivial baseline every figure is reported beside: BM25 over whole documents, then the top document's
sentence sharing the most question words, as both the answer and its citation. It never abstains.

A learned part of citeqa that does not beat this on a set it was not trained on has learned its training set,
not the task.
"""

from __future__ import annotations

import re

import bm25s
import numpy as np

from citeqa.core.models import Answer, Citation, Passage, ScoredPassage
from citeqa.index.analyzer import analyze, is_stopword, words

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``: runs ending in ., ! or ? or a line break, stripped."""
    found = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append((start, end))
    return found


class Strawman:
    """BM25 (the project's analyzer) over whole documents, the best-overlap sentence as the answer."""

    def __init__(self, documents: dict[str, str]) -> None:
        self.names = sorted(documents)
        self.texts = [documents[n] for n in self.names]
        self.bm25 = bm25s.BM25()
        self.bm25.index([analyze(t) or ["\x00"] for t in self.texts], show_progress=False)
        self.vocab = set(self.bm25.vocab_dict)

    def ask(self, question: str) -> Answer:
        """The best-overlap sentence of the top BM25 document, cited."""
        terms = [t for t in analyze(question) if t in self.vocab]
        scores = np.asarray(self.bm25.get_scores(terms)) if terms else np.zeros(len(self.texts))
        best = int(np.argmax(scores))
        source, text = self.names[best], self.texts[best]
        wanted = {w for w in words(question) if not is_stopword(w)}
        spans = sentences(text) or [(0, len(text))]
        start, end = max(spans, key=lambda se: len(wanted & set(words(text[se[0]:se[1]]))))
        passage = Passage(source, 0, len(text), text)
        citation = Citation(source, passage.id, start, end, text[start:end])
        return Answer(question, text[start:end], 1.0, (citation,), (ScoredPassage(passage, float(scores[best])),),
                      "id", start, end)
