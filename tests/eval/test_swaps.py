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


def test_swapped_items_are_unanswerable_near_topic_questions_of_the_set() -> None:
    from citeqa.eval.items import EvalItem
    from citeqa.eval.swaps import swapped_items

    documents = {"putin.txt": SENTENCE, "paris.txt": "Presiden Prancis Emmanuel Macron tinggal di Paris."}
    items = [EvalItem("q1", "Siapa presiden Rusia?", ("Vladimir Putin",), None, "putin.txt", True),
             EvalItem("q2", "Di mana presiden Prancis tinggal?", ("Paris",), None, "paris.txt", True),
             EvalItem("q3", "Apa yang dijanjikan?", (), None, None, False)]
    made = swapped_items(items, documents.__getitem__, count=5)
    assert {item.id for item in made} == {"q1-swapped", "q2-swapped"}  # the unanswerable item is never swapped
    by_id = {item.id: item for item in made}
    assert by_id["q1-swapped"].question == "Siapa presiden Prancis?"  # a name its document lacks
    assert by_id["q2-swapped"].question == "Di mana presiden Rusia tinggal?"
    assert all(not item.answerable and not item.answers for item in made)
    assert len(swapped_items(items, documents.__getitem__, count=1)) == 1
    assert swapped_items(items, documents.__getitem__, count=5) == made  # seeded
