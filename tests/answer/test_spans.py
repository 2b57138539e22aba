from __future__ import annotations

from citeqa.answer.spans import inside, question_name_runs

TEXT = ("Bhiksu YM Mahasthawira Vajragiri terlahir dengan nama The Tjing San. "
        "Ayahnya bernama The Tjai Gwan dan ibunya Liem Kiat Nio.")


def test_the_name_asked_about_is_found_whole_in_the_sentence() -> None:
    runs = question_name_runs("Siapa ibu Bhiksu Vajragiri?", TEXT, 0, len(TEXT))
    assert [TEXT[a:b].strip() for a, b in runs] == ["YM Mahasthawira"]
    start = TEXT.index("YM Mahasthawira")
    assert inside(start, start + len("YM Mahasthawira"), runs)
    start = TEXT.index("Liem Kiat Nio")
    assert not inside(start, start + len("Liem Kiat Nio"), runs)


def test_a_run_that_only_starts_with_the_question_s_words_may_hold_the_answer() -> None:
    text = "Sekretaris Jenderal Partai Komunis Tiongkok Xi Jinping menegaskan itu."
    runs = question_name_runs("Siapa Sekretaris Jenderal Partai Komunis Tiongkok?", text, 0, len(text))
    start = text.index("Xi Jinping")
    assert not inside(start, start + len("Xi Jinping"), runs)


def test_the_question_s_first_word_and_function_words_name_nothing() -> None:
    assert question_name_runs("Ayahnya siapa?", TEXT, 0, len(TEXT)) == []
    assert question_name_runs("Siapa The Beatles?", TEXT, 0, len(TEXT)) == []
