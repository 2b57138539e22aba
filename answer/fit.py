"""How well each passage's best answer candidate fits a question: the extractor run over its sentences.

The reranker uses it as evidence (a passage whose best candidate sits among the question's words is likely
the one that answers), and the assistant reuses the same candidates for the short answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from citeqa.answer.extractor import FEATURES as SPAN_FEATURES
from citeqa.answer.extractor import Candidate, Extractor, QuestionTerms, Region
from citeqa.answer.question import QuestionInfo
from citeqa.answer.reader import Reader
from citeqa.core.models import ScoredPassage

# The fit features the reranker sees: the best candidate's score and some of its span features.
FIT_FEATURES = ("answer_fit", "fit_left3", "fit_right3", "fit_left8", "fit_right8", "fit_typed", "fit_in_question")
_COLUMNS = [SPAN_FEATURES.index(f) for f in ("left3", "right3", "left8", "right8", "typed_exact", "inside_question")]
NO_FIT = -10.0


class AnswerFit:
    """For one question: the best extractor candidate of each sentence, computed in batches and remembered."""

    def __init__(
        self, extractor: Extractor, reader: Reader, question: str, info: QuestionInfo, idf: Callable[[str], float]
    ) -> None:
        self.extractor = extractor
        self.reader = reader
        self.question = question
        self.info = info
        self.terms = QuestionTerms.of(question, info, idf)
        self.focus = reader.focus_terms(question, info)
        self.found: dict[tuple[str, int, int], Candidate | None] = {}

    def _fill(self, keys: list[tuple[str, int, int]]) -> None:
        missing = [k for k in dict.fromkeys(keys) if k not in self.found]
        regions: list[Region] = []
        for source, s, e in missing:
            text = self.reader.text(source)
            hint = self.reader.typed_span(self.question, self.info, text, s, e, self.focus)
            regions.append((text, s, e, hint))
        for key, candidate in zip(missing, self.extractor.best_of(regions, self.terms), strict=True):
            self.found[key] = candidate

    def candidate(self, source: str, start: int, end: int) -> Candidate | None:
        """The extractor's best span of the sentence ``start:end`` of ``source``."""
        self._fill([(source, start, end)])
        return self.found[(source, start, end)]

    def __call__(self, passages: Sequence[ScoredPassage]) -> np.ndarray:
        """One row of ``FIT_FEATURES`` per passage, from its best-scoring sentence candidate."""
        keys = [[(p.passage.source, s, e) for s, e in p.passage.sentences or ((p.passage.start, p.passage.end),)]
                for p in passages]
        self._fill([k for ks in keys for k in ks])
        rows = np.zeros((len(passages), len(FIT_FEATURES)))
        for row, ks in zip(rows, keys, strict=True):
            found = [c for c in (self.found[k] for k in ks) if c is not None]
            if not found:
                row[0] = NO_FIT
                continue
            best = max(found, key=lambda c: c.score)
            row[0] = best.score
            row[1:] = best.features[_COLUMNS]
        return rows
