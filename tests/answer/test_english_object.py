"""The object an English "What did X <verb> …?" asks for, in an Indonesian sentence (``answer.english_object``)."""

from __future__ import annotations

import pytest

from citeqa.answer.english_object import english_object


@pytest.mark.parametrize(("question", "translations", "sentence", "expected"), [
    # after the active verb a translation of the question's verb names, up to an adjunct
    ("What did the cooperative receive in exchange for its rice?",
     {"cooperative": ["koperasi"], "receive": ["menerima", "terima"], "exchange": ["pertukaran"], "rice": ["beras"]},
     "Melalui perjanjian itu, koperasi menerima pupuk bersubsidi sebagai imbalan atas beras.", "pupuk bersubsidi"),
    # the bridge may give the stem; what a verb of obliging asks its object to do
    ("What do the new rules require if a flood comes?",
     {"rules": ["aturan"], "require": ["wajib"], "flood": ["banjir"]},
     "Aturan baru mewajibkan pemerintah daerah untuk menutup sekolah jika banjir datang.", "menutup sekolah"),
    # the subject's words come first in the question: a noun's translation is no verb of the sentence
    ("What will the mayor and the governor not support?",
     {"mayor": ["wali kota"], "governor": ["gubernur"], "support": ["mendukung"]},
     "Wali kota dan gubernur tidak akan mendukung rencana tambang pasir, kata mereka.", "rencana tambang pasir"),
])
def test_the_object_after_the_translated_verb(question: str, translations: dict[str, list[str]], sentence: str,
                                              expected: str) -> None:
    span = english_object(question, translations, sentence, 0, len(sentence))
    assert span is not None and span.text == expected == sentence[span.start:span.end]


def test_other_questions_and_sentences_without_the_verb_give_nothing() -> None:
    translations = {"receive": ["menerima"], "cooperative": ["koperasi"]}
    sentence = "Koperasi menerima pupuk bersubsidi."
    assert english_object("Who did the cooperative receive?", translations, sentence, 0, len(sentence)) is None
    assert english_object("When did the cooperative receive it?", translations, sentence, 0, len(sentence)) is None
    assert english_object("What did the cooperative receive?", translations, "Koperasi itu berdiri 2015.", 0, 26) \
        is None
    assert english_object("What did the cooperative receive?", {}, sentence, 0, len(sentence)) is None
