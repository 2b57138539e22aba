from __future__ import annotations

import pytest

from citeqa.answer.followup import Resolution, Turn, names, resolve, resolve_all


@pytest.mark.parametrize(("question", "previous", "expected"), [
    ("Kapan dia lahir?", Turn("Siapa bendahara koperasi?", "Budi Santoso"), "Kapan Budi Santoso lahir?"),
    ("Di mana dia bekerja dulu?", Turn("Siapa Sue Mi Terry?", "pakar Korea"), "Di mana Sue Mi Terry bekerja dulu?"),
    ("When did he meet Kim Jong Un?", Turn("Who is the president of Russia?", "Vladimir Putin"),
     "When did Vladimir Putin meet Kim Jong Un?"),
    ("Apa nama kantornya?", Turn("Siapa yang melapor?", "Badan Intelijen"), "Apa nama kantor Badan Intelijen?"),
    ("Bagaimana dengan Tiongkok?", Turn("Siapa presiden Rusia?", "Vladimir Putin"), "Siapa presiden Tiongkok?"),
    ("Dan Putin?", Turn("Apa yang dijanjikan Xi Jinping kepada Korea Utara?", None),
     "Apa yang dijanjikan Putin kepada Korea Utara?"),
    ("What about Russia?", Turn("What did China veto in 2022?", "a resolution"), "What did Russia veto in 2022?"),
    # the previous answer is not a name: the pronoun is the previous question's first name
    ("Kapan dia lahir?", Turn("Kapan Kim Jong Un bertemu Putin?", "September 2023"), "Kapan Kim Jong Un lahir?"),
])
def test_follow_ups_are_resolved_with_the_previous_turn(question: str, previous: Turn, expected: str) -> None:
    assert resolve(question, [previous]) == Resolution(expected, resolved=True)


def test_a_question_that_names_its_subject_is_left_alone() -> None:
    previous = [Turn("Siapa bendahara koperasi?", "Budi Santoso")]
    for question in ("Kapan Kim Jong Un bertemu Putin?", "Apa yang hanya dimiliki Rusia?", "Siapa yang bertanya?"):
        assert resolve(question, previous) == Resolution(question)


def test_a_place_or_date_answered_before_is_not_what_a_pronoun_means() -> None:
    previous = [Turn("Di mana penasihat keamanan bertemu pada Desember 2023?", "Korea Selatan")]
    assert resolve("Apa yang mereka janjikan?", previous).question == "Apa yang penasihat keamanan janjikan?"
    previous = [Turn("Di mana Sue Mi Terry bekerja?", "Washington")]
    assert resolve("Kapan dia lahir?", previous).question == "Kapan Sue Mi Terry lahir?"


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # a question that names no one: its subject noun phrase
    ("Di mana mereka bertemu?", Turn("Kapan penasihat keamanan ketiga negara bertemu?", "Desember 2023"),
     "Di mana penasihat keamanan ketiga negara bertemu?"),
    # a demonstrative: the noun with the name it had, or with the answer to "<noun> apa"
    ("Di mana pelabuhan itu berada?", Turn("Apa yang ditunjukkan citra satelit pelabuhan Najin?", "peningkatan"),
     "Di mana pelabuhan Najin berada?"),
    ("Siapa yang menurut kantor berita itu melapor?", Turn("Kantor berita apa yang melaporkan orbit?", "Yonhap"),
     "Siapa yang menurut kantor berita Yonhap melapor?"),
    # "Dan X?" where X is in the previous question already: the two swap
    ("Dan Rusia?", Turn("Apa yang diperoleh Korea Utara dari Rusia?", "bantuan"),
     "Apa yang diperoleh Rusia dari Korea Utara?"),
    # "Dan ibunya?": the relation before the name is replaced, or put before it
    ("Dan ibunya?", Turn("Siapa ayah Bhiksu Vajragiri?", "The Tjai Gwan"), "Siapa ibu Bhiksu Vajragiri?"),
    ("Dan istrinya?", Turn("Kapan Budi Santoso lahir?", "1970"), "Kapan istri Budi Santoso lahir?"),
])
def test_subjects_demonstratives_and_relations(question: str, previous: Turn, expected: str) -> None:
    assert resolve(question, [previous]) == Resolution(expected, resolved=True)


def test_a_capitalised_word_ending_in_nya_is_quoted_not_a_possessive() -> None:
    previous = [Turn("Siapa yang mengatakan itu?", "Sue Mi Terry")]
    assert resolve("Apa fokus A.S., Sekutu, dan Mitranya?", previous) == \
        Resolution("Apa fokus A.S., Sekutu, dan Mitranya?")
    assert resolve("Kantornya di mana?", previous).question == "Kantor Sue Mi Terry di mana?"


def test_nothing_to_resolve_with_is_asked_back() -> None:
    assert resolve("Kapan dia lahir?", []).unclear == "dia"
    assert resolve("Dan Putin?", []).unclear == "Putin"
    assert resolve("Kapan dia lahir?", [Turn("Apa yang terjadi kemarin?", None)]).unclear == "dia"
    assert resolve("Di mana kantornya?", []).unclear == "kantor-nya"


def test_a_conversation_resolves_turn_by_turn() -> None:
    found = resolve_all(["Siapa bendahara koperasi?", "Kapan dia lahir?", "Dan di mana dia tinggal?"],
                        ["Budi Santoso", "1970"])
    assert [r.question for r in found] == ["Siapa bendahara koperasi?", "Kapan Budi Santoso lahir?",
                                           "Dan di mana Budi Santoso tinggal?"]


def test_names_leave_out_question_words_dates_and_figures() -> None:
    assert names("Kapan Kim Jong Un bertemu Putin pada September 2023?") == ["Kim Jong Un", "Putin"]
    assert names("Vladimir Putin lahir di mana?") == ["Vladimir Putin"]
