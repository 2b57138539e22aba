from __future__ import annotations

import pytest

from citeqa.answer.contrast import (
    about_another,
    asked_noun,
    countries,
    country_for_role,
    other_country,
    other_holder,
)
from tests.answer.folders import assistant_over

PUTIN = ("Dalam pertemuan dengan pemimpin Korea Utara Kim Jong Un pada September 2023, Presiden Rusia Vladimir Putin "
         "mengungkapkan bahwa Rusia akan membantu Korea Utara meluncurkan satelit pengintai.")


def test_countries_are_named_in_both_languages() -> None:
    assert [code for *_, code in countries("Korea Selatan, South Korea, Jepang and Japan")] == ["KR", "KR", "JP", "JP"]
    assert countries("siapa presiden prancis?") == []  # a sentence's country is written capitalised
    assert [code for *_, code in countries("siapa presiden prancis?", ignore_case=True)] == ["FR"]


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Siapa presiden Prancis saat ini?", PUTIN, True),
    ("Siapa presiden Korea Selatan?", PUTIN, True),  # a name of two words
    ("siapa presiden prancis?", PUTIN, True),  # typed in lower case
    ("Presiden Prancis saat ini siapa?", PUTIN, True),  # the question word at the end
    ("Siapa nama presiden Indonesia sekarang?", "Satwa itu diberi nama oleh Presiden Timor Leste Xanana Gusmao.",
     True),
    ("Berapa jumlah penduduk Jerman?", "Jumlah penduduk Polandia mencapai 38 juta jiwa.", True),
    ("Who is the current president of France?", "He met the president of Russia, Vladimir Putin.", True),
    ("Who is the current president of France?", "He met Russia's president Vladimir Putin.", True),
    ("Who is Japan's foreign minister?", "South Korea's foreign minister Park Jin arrived.", True),
    ("Siapa presiden Rusia?", PUTIN, False),  # the country asked about is the sentence's
    ("Siapakah nama kanselir Jerman?", "Kanselir Gerhard Schroeder membuka pameran itu.", False),  # no other country
    ("Who is the president of France?", "Macron, the president of France, met the president of Russia.", False),
    # the country is not in the asked phrase: the other one beside "politik" is no contrast
    ("Apa penyebab utama dari Krisis politik Belgia 2007-2011?",
     "Adanya perbedaan posisi antara kelompok partai politik Belanda dan kelompok partai politik Perancis.", False),
    ("What country borders the south of Kenya?", "Kenya is bordered to the south by Tanzania and Uganda.", False),
    ("Siapa pemimpin Korea Utara?", PUTIN, False),
    # the country asked about named by a shorter form than CLDR's: its initials, or its name's first word
    ("Siapa presiden Amerika Serikat?", "Presiden A.S. Joe Biden bertemu Presiden Rusia Vladimir Putin.", False),
    ("Siapa presiden Amerika Serikat?", "Presiden Amerika Joe Biden bertemu Presiden Rusia Vladimir Putin.", False),
    ("Who is the president of the United States?", "US President Joe Biden met the president of Russia.", False),
    ("Kapan Kim Jong Un bertemu Putin?", PUTIN, False),  # no country asked about
])
def test_a_sentence_about_another_country_s_thing(question: str, sentence: str, expected: bool) -> None:
    assert other_country(question, sentence) is expected


def test_an_english_question_over_indonesian_text_reads_its_words_through_their_translations() -> None:
    question = "Who is the current president of France?"
    assert other_country(question, PUTIN) is False  # "president" is not "Presiden" in either language's stems
    assert other_country(question, PUTIN, {"president": ["presiden"]}) is True


def test_a_question_about_another_country_s_president_is_not_answered(tmp_path, embedder) -> None:
    # France is named elsewhere in the document, so the question names nothing the folder lacks
    text = PUTIN + " Jepang, Prancis dan Korea Selatan mengecam rencana peluncuran itu."
    assistant = assistant_over(tmp_path, embedder, "korea.txt", text, abstains=True)
    answer, evidence = assistant.ask_with_evidence("Siapa presiden Prancis saat ini?")
    assert evidence is not None and assistant.support is not None
    # the support model alone would have answered ("Rusia Vladimir Putin")
    assert assistant.support.probability(evidence) > assistant.settings.abstain_threshold
    assert answer.text is None and answer.citations == () and answer.support == 0.0
    answered = assistant.ask("Siapa presiden Rusia?")  # the country the sentence names is still answered
    assert answered.text is not None and "Putin" in answered.text


@pytest.mark.parametrize(("question", "role"), [
    ("Siapa nama menteri luar negeri Jepang?", "menteri"),  # the head comes first in Indonesian
    ("Siapakah ahli kimia dari Institut Teknologi Bandung?", "ahli"),
    ("Who is Japan's foreign minister?", "minister"),  # and last in English
    ("Who is the current president of France?", "president"),
    ("Siapa yang membangun masjid itu?", None),  # a doer, not the holder of a role
    ("Siapa membangun masjid itu?", None),  # a verb ("bangun")
    ("Who spoke about Kim Jong Un on Capital Cable?", None),
    ("Siapa Presiden Rusia?", None),  # capitalised: it may be a name
    ("Apa nama satelit pertama Korea Utara?", "satelit"),  # the thing whose name is asked
    ("Apakah nama negara asal Tommi Evila?", None),  # a place: a country may answer it
])
def test_the_role_a_who_question_asks_the_holder_of(question: str, role: str | None) -> None:
    assert asked_noun(question) == role


SANCTIONS = ("Australia, Jepang, Korea Selatan, dan A.S. juga memberlakukan sanksi pembekuan aset yang dipegang di "
             "luar negeri milik agen-agen Korea Utara.")


@pytest.mark.parametrize(("question", "answer", "sentence", "expected"), [
    ("Siapa nama menteri luar negeri Jepang?", "Korea Selatan", SANCTIONS, True),
    ("Who is Japan's foreign minister?", "Korea Selatan", SANCTIONS, True),
    # a public office: no answer from a sentence that does not name it, a person's name included
    ("Siapa nama menteri luar negeri Jepang?", "Yoko Kamikawa", SANCTIONS, True),
    ("Siapa wakil presiden Rusia?", "Vladimir Putin",
     "Dalam pertemuan itu, Presiden Rusia Vladimir Putin mengungkapkan rencananya.", True),
    ("Siapa duta besar Rusia untuk Korea Utara?", "Robert King",
     "Demikian ungkap Robert King, mantan utusan khusus A.S. untuk masalah hak asasi manusia di Korea Utara.", True),
    ("Siapa presiden Rusia?", "Vladimir Putin",
     "Dalam pertemuan itu, Presiden Rusia Vladimir Putin mengungkapkan rencananya.", False),
    ("Siapakah ketua Tim Seoul National University?", "Prof Hwang Woo Suk",
     "Tim yang dipimpin Prof Hwang Woo Suk mengumumkan hasilnya.", False),  # the same office, as a verb
    ("Siapa kepala panitia itu?", "Budi Santoso", "Panitia itu diketuai Budi Santoso.", False),
    ("Siapa istri Djamaludin Malik?", "Farida Al-Hasni",
     "Djamaludin Malik menikah dengan Farida Al-Hasni pada 1945.", False),  # a role a sentence may say otherwise
    ("Siapa nama menteri luar negeri Jepang?", "Jepang",
     "Menteri luar negeri dari Jepang menghadiri pertemuan itu.", False),  # the sentence names the role
    ("Siapa pendiri kota itu?", "Belanda", "Kota itu didirikan oleh Belanda pada 1652.", False),  # "diri" of both
    ("Siapa yang memberlakukan sanksi?", "Australia", SANCTIONS, False),  # a doer may be a country
    ("Apa nama satelit pertama Korea Utara?", "Rusia",
     "Tindakan Rusia ini bertentangan dengan resolusi Dewan Keamanan.", True),
])
def test_a_country_given_for_the_holder_of_a_role(question: str, answer: str, sentence: str, expected: bool) -> None:
    assert country_for_role(question, answer, sentence) is expected
    assert about_another(question, sentence, answer) is expected  # (no other country's thing in these)


def test_a_count_of_another_thing_is_not_an_answer(tmp_path, embedder) -> None:
    text = ("Korea Utara berhasil menempatkan satelit pengintai pertamanya ke orbit pada November 2023, setelah dua "
            "upaya yang gagal. Jepang dan Korea Selatan mengecam peluncuran itu.")
    assistant = assistant_over(tmp_path, embedder, "korea.txt", text)  # (abstaining only at a support of 0)
    answer = assistant.ask("Berapa rudal yang diluncurkan Korea Utara pada tahun 2023?")
    assert answer.support == 0.0  # ("dua upaya …": at the shipped threshold, no answer)
    answered = assistant.ask("Berapa upaya yang gagal?")  # the count the sentence gives
    assert answered.support is not None and answered.support > 0.0


XI = ("Vladimir Putin dan Sekretaris Jenderal Partai Komunis Tiongkok Xi Jinping telah menegaskan bahwa mereka tidak "
      "akan mendukung seruan internasional bagi denuklirisasi.")
KIM = "Dalam pertemuan dengan pemimpin Korea Utara Kim Jong Un pada September 2023, Putin berjanji membantu."


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Siapa Sekretaris Jenderal PBB?", XI, True),  # another organisation's secretary-general
    ("Siapa yang memimpin CSIS?", KIM, True),  # another country's leader
    ("Siapa Sekretaris Jenderal Partai Komunis Tiongkok?", XI, False),  # the one asked
    ("Siapa pemimpin Korea Utara?", KIM, False),
    ("Siapa Sekretaris Jenderal PBB?", "Sekretaris Jenderal Perserikatan Bangsa-Bangsa Antonio Guterres hadir.",
     False),  # the abbreviation written out
    ("Siapa Sekretaris Jenderal PBB?", "Sekretaris Jenderal P.B.B. Antonio Guterres hadir.", False),
    ("Siapa presiden Indonesia?", "Presiden Joko Widodo meresmikan bendungan itu.", False),  # a name, no other
    ("Siapa yang membangun Candi Borobudur?", KIM, False),  # no office asked
])
def test_the_holder_of_another_organisations_office(question: str, sentence: str, expected: bool) -> None:
    assert other_holder(question, sentence) is expected
