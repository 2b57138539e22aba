"""An index of documents in both languages: a question is also asked wholly in the other language's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.assistant import Assistant
from citeqa.core.config import load_settings
from citeqa.ingest.pipeline import ingest

pytestmark = pytest.mark.slow

INDONESIAN = {
    "koperasi.txt": "Koperasi petani di Bandung didirikan pada tahun 2001 oleh para petani setempat.",
    "pasar.txt": "Pasar Baru adalah pusat perbelanjaan tertua di kota itu dan ramai setiap akhir pekan.",
    "sungai.txt": "Sungai Citarum mengalir melewati banyak kabupaten di Jawa Barat sebelum bermuara di laut.",
}
ENGLISH = {
    "rochdale.txt": "The cooperative movement began in Rochdale, England, where the first cooperative was founded.",
    "market.txt": "A farmers' market is held every Saturday in the town square, and the farmers sell their produce.",
    "river.txt": "The river flooded the valley after heavy rain last spring, and the farmers lost their crops.",
}


def test_an_english_question_finds_its_answer_in_the_indonesian_documents_of_a_mixed_index(
    tmp_path: Path, embedder
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    for name, text in {**INDONESIAN, **ENGLISH}.items():
        (docs / name).write_text(text, encoding="utf-8")
    ingest([docs], index, embedder, chunk_size=600)
    assistant = Assistant.load(load_settings(index_dir=index), embedder)
    assert assistant.language().whole is None  # both languages
    # in its English words alone ("cooperative", "farmers", "founded": the English documents hold them) it abstains
    answer = assistant.ask("In which year was the farmers' cooperative in Bandung founded?")
    assert answer.citations and answer.citations[0].source == "koperasi.txt"
    assert answer.text is not None and "2001" in answer.text
    # its support discounted: the calibrators never learned from a question put wholly into the other language
    assert answer.support is not None and answer.support <= 0.8
