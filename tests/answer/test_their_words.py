"""An Indonesian question over English documents is read by the span reader in the documents' words."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.assistant import Assistant
from citeqa.answer.bridge import Bridging
from citeqa.answer.their_words import in_their_words
from citeqa.core.config import load_settings
from citeqa.ingest.pipeline import ingest
from tests.answer.folders import assistant_over

PASSAGES = ["The Broncos wore white jerseys and pants; the color was chosen by the team, as Doctor Who fans know."]


def test_the_question_word_leads_and_translations_are_written_as_the_passages_write_them() -> None:
    bridging = Bridging("apa yang Broncos di Super Bowl 50?",
                        {"celana": ["pant"], "warna": ["colour", "color"], "dipakai": ["employ", "cloth"]}, True)
    asked = in_their_words("Celana warna apa yang dipakai Broncos di Super Bowl 50?", bridging, PASSAGES)
    # "pants" as the passage writes it, the "color" the passage uses of two, a stem none write as it is, the names
    # and numbers kept, "yang" and "di" left out
    assert asked == "what pants color employ Broncos Super Bowl 50?"


def test_where_who_and_names_that_look_like_function_words() -> None:
    bridging = Bridging("Di mana Doctor Who?", {"difilmkan": ["film"]}, True)
    assert in_their_words("Di mana Doctor Who difilmkan?", bridging, ["Doctor Who was filmed in Cardiff."]) \
        == "where Doctor Who filmed?"
    assert in_their_words("Siapa yang memerankan Newton?", Bridging("Siapa yang Newton?", {"newton": ["newton"]},
                                                                    True), PASSAGES) == "who memerankan Newton?"


@pytest.mark.parametrize(("question", "asked"), [
    ("Ke mana klaim dikirim?", "where claims dikirim?"),
    ("Berapa lama garansi router?", "how long garansi router?"),
    ("Pada tahun berapa Saints mencatat rekor 13-0?", "what year Saints record rekor 13-0?"),  # (no "rekor")
])
def test_two_words_that_ask_together_are_asked_as_one(question: str, asked: str) -> None:
    bridging = Bridging(question, {"klaim": ["claim"], "mencatat": ["record"]}, True)
    assert in_their_words(question, bridging, ["Claims are sent to support; the Saints record was 13-0."]) == asked


@pytest.mark.slow
def test_an_indonesian_question_over_an_english_document_gets_the_answer_an_english_one_would(
    tmp_path: Path, embedder
) -> None:
    assistant = assistant_over(tmp_path, embedder, "team.txt", (
        "Club report, spring season\n\nThomas Davis, the team's veteran linebacker, tore the ACL in his right knee "
        "three times during his career, and each time he returned to play. The club's new stadium opened in March "
        "2019 and seats 42,000 people. The head coach, Maria Lopez, joined the club from Porto in 2021.\n"))
    answer = assistant.ask("Cedera apa yang dialami Thomas Davis tiga kali selama kariernya?")
    # read as asked beside the English sentence, the span reader marked "team's veteran linebacker"
    assert answer.text is not None and "ACL" in answer.text
    assert answer.citations[0].text.startswith("Thomas Davis")


@pytest.mark.slow
def test_the_support_weighs_the_margin_read_in_their_words_over_english_documents_alone(
    tmp_path: Path, embedder
) -> None:
    question = "Cedera apa yang dialami Thomas Davis tiga kali selama kariernya?"
    report = ("Club report, spring season\n\nThomas Davis, the team's veteran linebacker, tore the ACL in his right "
              "knee three times during his career, and each time he returned to play. The club's new stadium opened "
              "in March 2019 and seats 42,000 people.\n")

    def margins(assistant) -> tuple[float, float]:  # the support's margin, and the margin of the question as asked
        answer, evidence = assistant.ask_with_evidence(question)
        cited = answer.citations[0]
        text = assistant.store.document(cited.source).text
        as_asked = assistant.span_model.marks(question, [(text, cited.start, cited.end)])[0].best.margin
        assert evidence is not None and cited.source == "team.txt"
        return evidence.span_margin, as_asked

    (tmp_path / "en").mkdir()
    (tmp_path / "both").mkdir()
    english = assistant_over(tmp_path / "en", embedder, "team.txt", report)
    weighed, as_asked = margins(english)
    assert weighed > as_asked + 2  # read in the documents' words, the reader is surer of the injury
    assistant_over(tmp_path / "both", embedder, "team.txt", report)
    (tmp_path / "both" / "docs" / "koperasi.txt").write_text(
        "Koperasi Maju didirikan oleh Ibu Sari pada tahun 2015 di Bandung. Koperasi itu kini memiliki 300 anggota "
        "dan membuka kantor cabang di Cimahi.\n", encoding="utf-8")
    ingest([tmp_path / "both" / "docs"], tmp_path / "both" / "index", embedder, chunk_size=600)
    both = Assistant.load(load_settings(index_dir=tmp_path / "both" / "index", abstain_threshold=0.0), embedder)
    assert both.language().whole is None
    weighed, as_asked = margins(both)
    assert weighed == as_asked  # among documents of both languages: the margin as asked, which the support learned
