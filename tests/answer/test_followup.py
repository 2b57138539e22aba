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
    assert resolve("Apa yang mereka janjikan?", previous).unclear == "mereka"
    previous = [Turn("Di mana Sue Mi Terry bekerja?", "Washington")]
    assert resolve("Kapan dia lahir?", previous).question == "Kapan Sue Mi Terry lahir?"


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
