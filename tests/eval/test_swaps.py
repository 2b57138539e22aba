"""Swapped questions for the span reader's training (``citeqa.eval.swaps``)."""

from __future__ import annotations

import random

from citeqa.eval.swaps import name_pool, name_runs, swapped

SENTENCE = ("Dalam pertemuan dengan Kim Jong Un pada September 2023, Presiden Rusia Vladimir Putin mengungkapkan "
            "bahwa Rusia akan membantu Korea Utara.")


def _runs(question: str) -> list[str]:
    return [question[a:b] for a, b in name_runs(question)]


def test_name_runs_join_consecutive_names_and_keep_numbers_but_not_the_first_word() -> None:
    assert _runs("Kapan Vladimir Putin bertemu Kim Jong Un pada 2023?") == ["Vladimir Putin", "Kim Jong Un", "2023"]
    assert _runs("Siapa pendiri PT. Maju Jaya?") == ["PT. Maju Jaya"]
    assert _runs("Who founded the U.S. Army in 1775?") == ["U.S. Army", "1775"]
    assert _runs("Apa yang dijanjikan?") == []


def test_a_swap_replaces_a_name_the_sentence_holds_with_one_it_does_not_of_the_same_kind() -> None:
    pool = name_pool(["Siapa presiden Prancis?", "Kapan Jakarta didirikan pada 1527?", "Apa ibu kota Korea Utara?",
                      "Siapa Vladimir Putin?"])
    assert pool == ["Prancis", "Jakarta", "1527", "Korea Utara", "Vladimir Putin"]
    seen = {swapped("Siapa presiden Rusia?", SENTENCE, pool, random.Random(seed)) for seed in range(30)}
    # never a run the sentence holds (Korea Utara, Vladimir Putin), never a number for a name
    assert seen == {"Siapa presiden Prancis?", "Siapa presiden Jakarta?"}
    years = {swapped("Kapan Putin bertemu Kim pada 2023?", SENTENCE, ["1527", "Jakarta"], random.Random(seed))
             for seed in range(30)}
    assert years == {"Kapan Putin bertemu Kim pada 1527?", "Kapan Jakarta bertemu Kim pada 2023?",
                     "Kapan Putin bertemu Jakarta pada 2023?"}


def test_no_swap_without_a_name_tied_to_the_sentence_or_a_fit_replacement() -> None:
    rng = random.Random(0)
    assert swapped("Siapa presiden Prancis?", SENTENCE, ["Jakarta"], rng) is None  # Prancis is not in the sentence
    assert swapped("Apa yang dijanjikan Rusia?", SENTENCE, ["Korea Utara", "2023"], rng) is None
    # a replacement that is one of the gold answers' words is no swap either
    assert swapped("Siapa presiden Rusia?", SENTENCE, ["Jakarta"], rng, answers=["Jakarta"]) is None
