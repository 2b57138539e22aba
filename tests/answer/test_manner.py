from __future__ import annotations

import pytest

from citeqa.answer.manner import acted_instead, asks_manner, enabler_span, instead_of_entity, means_span
from citeqa.answer.spans import Span
from tests.answer.folders import assistant_over

VETO = ("Akan tetapi, setelah serangkaian peluncuran rudal semacam itu, RRT dan Rusia memveto resolusi tahun 2022 "
        "yang menyerukan pemberian sanksi lebih lanjut.")
BLOCK = ("Rusia, bersama dengan Republik Rakyat Tiongkok (RRT), telah memblokir langkah-langkah Dewan Keamanan P.B.B. "
         "baru-baru ini untuk mengekang program persenjataan Pyongyang.")
SATELLITE = ("Badan Intelijen Nasional Korea Selatan melaporkan bantuan teknis Moskow memungkinkan Korea Utara untuk "
             "menempatkan satelit pertamanya ke dalam orbit dua bulan kemudian.")
SHARING = ("Penasihat keamanan ketiga negara bertemu di Korea Selatan pada Desember 2023 dan berjanji untuk "
           "meningkatkan tanggapan terhadap uji coba rudal Pyongyang melalui pembagian informasi secara waktu nyata "
           "mulai bulan itu.")


def _text(span: Span | None, text: str) -> str | None:
    return None if span is None else text[span.start:span.end]


def _span(text: str, words: str) -> Span:
    at = text.index(words)
    return Span(at, at + len(words), words)


@pytest.mark.parametrize(("question", "expected"), [
    ("Bagaimana RRT dan Rusia menanggapi resolusi itu?", True),
    ("Bagaimanakah sistem pemerintahan Jepang?", True),
    ("How did the settlers protect their interests?", True),
    ("How is Newport's airport connected to the city?", True),
    ("How many rockets were launched?", False),
    ("How high did the theme go on the charts?", False),
    ("How is Genghis Khan written in pinyin?", False),  # a name is asked for
    ("Bagaimana dengan Jepang?", False),  # a follow-up, not a how-question
    ("Siapa yang memveto resolusi itu?", False),
])
def test_questions_asking_how(question: str, expected: bool) -> None:
    assert asks_manner(question) is expected


def test_the_verb_in_place_of_the_question_s_own() -> None:
    assert _text(acted_instead("Bagaimana RRT dan Rusia menanggapi resolusi tahun 2022 tentang sanksi lebih lanjut?",
                               VETO, 0, len(VETO)), VETO) == "memveto"
    # the subject split by an aside, the aspect word left out, the object reduplicated
    assert _text(acted_instead("Bagaimana Rusia dan RRT menghalangi langkah Dewan Keamanan P.B.B. baru-baru ini?",
                               BLOCK, 0, len(BLOCK)), BLOCK) == "memblokir"
    # the sentence uses the question's own verb: it says no other act
    assert acted_instead("Bagaimana RRT dan Rusia memveto resolusi tahun 2022?", VETO, 0, len(VETO)) is None
    assert acted_instead("Bagaimana Jepang menanggapi resolusi tahun 2022?", VETO, 0, len(VETO)) is None
    # a verb after "untuk" says what the act was for, not the act
    text = "Pelabuhan Najin digunakan Pyongyang untuk mengangkut artileri ke Rusia."
    assert acted_instead("Bagaimana Pyongyang mengirim artileri ke Rusia?", text, 0, len(text)) is None


def test_what_enabled_it() -> None:
    question = "Bagaimana Korea Utara dapat menempatkan satelit pertamanya ke dalam orbit?"
    assert _text(enabler_span(question, SATELLITE, 0, len(SATELLITE)), SATELLITE) == "bantuan teknis Moskow"
    assert enabler_span("Bagaimana Jepang menanggapi peluncuran itu?", SATELLITE, 0, len(SATELLITE)) is None


def test_the_means_after_a_word_of_means() -> None:
    question = "Bagaimana ketiga negara akan meningkatkan tanggapan terhadap uji coba rudal Pyongyang?"
    assert _text(means_span(question, SHARING, 0, len(SHARING)), SHARING) == \
        "melalui pembagian informasi secara waktu nyata"
    text = "Chloroplast replication is observed via electron microscopy since the 1960s."
    assert _text(means_span("How is chloroplast replication observed?", text, 0, len(text)), text) == \
        "via electron microscopy"
    text = "The book was written by Martin Luther in 1543."
    assert means_span("How was the book written?", text, 0, len(text)) is None  # an agent's name is no means


def test_a_name_given_for_a_how_question_gives_way() -> None:
    question = "Bagaimana ketiga negara akan meningkatkan tanggapan terhadap uji coba rudal Pyongyang?"
    start, end = instead_of_entity(question, _span(SHARING, "Korea Selatan"), SHARING, 0, len(SHARING))
    assert SHARING[start:end] == "melalui pembagian informasi secara waktu nyata"
    # no means in the sentence: the whole sentence
    later = _span(SATELLITE, "dua bulan kemudian")
    assert instead_of_entity("Bagaimana orbit itu dicapai?", later, SATELLITE, 0, len(SATELLITE)) == (0, len(SATELLITE))
    # not a name, or not a how-question: the readers' span stands
    moscow = _span(SATELLITE, "Moskow")
    assert instead_of_entity("Siapa yang membantu Korea Utara?", moscow, SATELLITE, 0, len(SATELLITE)) == \
        (moscow.start, moscow.end)


def test_a_how_question_is_answered_with_the_act_not_a_name(tmp_path, embedder) -> None:
    assistant = assistant_over(tmp_path, embedder, "korea.txt", VETO + " " + BLOCK + " " + SATELLITE)
    answer = assistant.ask("Bagaimana RRT dan Rusia menanggapi resolusi tahun 2022 tentang sanksi lebih lanjut?")
    assert answer.text == "memveto"
    assert answer.citations and answer.citations[0].text == VETO


def test_what_counts_as_a_name() -> None:
    from citeqa.answer.manner import entity_like

    text = "The two men were martyred by the Roman Catholic Church for Lutheran views in 1523, two months later."
    assert entity_like(_span(text, "the Roman Catholic Church"), text, 0, len(text))
    assert entity_like(_span(text, "1523"), text, 0, len(text))
    # a name joins "Church" and "Lutheran" over "for", but the words around them are no name
    assert not entity_like(_span(text, "martyred by the Roman Catholic Church for Lutheran views"), text, 0, len(text))
    satellite = _span(SATELLITE, "dua bulan kemudian")  # a date, in words
    assert entity_like(satellite, SATELLITE, 0, len(SATELLITE))


def test_a_name_given_for_a_why_question_gives_way_to_the_sentence() -> None:
    text = "In December 1878, Tesla left Graz and severed all relations with his family."
    graz = _span(text, "Graz")
    assert instead_of_entity("Why did Tesla sever ties with his family?", graz, text, 0, len(text)) == (0, len(text))
    assert instead_of_entity("Where did Tesla live in 1878?", graz, text, 0, len(text)) == (graz.start, graz.end)


@pytest.mark.parametrize("question", ["Apa pengertian unsur kimia?", "What is the definition of a chemical element?"])
def test_a_name_given_for_what_something_means_gives_way_to_the_sentence(question: str) -> None:
    text = "Dalton mengajukan teori bahwa setiap unsur kimia terdiri dari atom."
    assert instead_of_entity(question, _span(text, "Dalton"), text, 0, len(text)) == (0, len(text))
    assert instead_of_entity("Siapa yang mengajukan teori atom?", _span(text, "Dalton"), text, 0, len(text)) == \
        (0, len("Dalton"))


def test_a_how_question_cites_the_sentence_of_its_passage_that_uses_its_verb() -> None:
    from citeqa.answer.manner import verb_instead
    from citeqa.answer.reader import Reading
    from citeqa.core.models import Passage, ScoredPassage

    text = ("Seoul, Tokyo, dan Washington terus menyerukan upaya internasional untuk melawan program rudal Pyongyang. "
            "Ketiga negara itu memperkuat latihan militer trilateral mereka.")
    cut = text.index("Ketiga")
    passage = ScoredPassage(Passage("a.txt", 0, len(text), text, ((0, cut - 1), (cut, len(text)))), 1.0)
    first, second = (Reading(passage, s, None, 0.5, 0.5) for s in passage.passage.sentences)
    read = [(text, first), (text, second)]
    question = "Bagaimana Seoul, Tokyo, dan Washington memperkuat kerja sama mereka?"
    assert verb_instead(question, first, read) is second
    assert verb_instead(question, second, read) is second  # it uses the verb already
    assert verb_instead("Siapa yang memperkuat kerja sama?", first, read) is first  # not a how-question
    # the chosen sentence says the act in the verb's place: it stands
    text = VETO + " Jepang menanggapi peluncuran itu dengan kecaman."
    both = ScoredPassage(Passage("v.txt", 0, len(text), text, ((0, len(VETO)), (len(VETO) + 1, len(text)))), 1.0)
    veto, japan = (Reading(both, s, None, 0.5, 0.5) for s in both.passage.sentences)
    question = "Bagaimana RRT dan Rusia menanggapi resolusi tahun 2022?"
    assert verb_instead(question, veto, [(text, veto), (text, japan)]) is veto
