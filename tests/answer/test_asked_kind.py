from __future__ import annotations

import pytest

from citeqa.answer.asked_kind import cannot_answer, fits_kind, unlike_answer
from citeqa.answer.question import analyze_question, asked_up_front
from tests.answer.folders import assistant_over

NO_TIME = "Melalui perjanjian itu, Korea Utara menerima bantuan teknologi sebagai imbalan atas munisi."
NO_NUMBER = "Zona Ekonomi Khusus Rason di Korea Utara menjadi pusat ikatan negara itu dengan Rusia."


@pytest.mark.parametrize(("question", "up_front"), [
    ("Kapan Perang Korea berakhir?", True),
    ("Pada tahun berapa jembatan itu dibuka?", True),
    ("On what date did the deal begin?", True),
    ("Perang Korea berakhir kapan?", True),  # the asking word closes the question
    ("Berapa jumlah penduduk Rason?", True),
    ("What was the color of the jerseys in Super Bowl XXXII when Elway won?", False),  # a "when" inside a clause
    ("Apa yang terjadi di Rason?", False),  # no typing phrase at all
])
def test_where_the_kind_is_asked(question: str, up_front: bool) -> None:
    assert asked_up_front(question) is up_front


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Kapan Perang Korea berakhir?", NO_TIME, True),
    ("Kapan Perang Korea berakhir?", "Perang Korea berakhir pada 1953.", False),
    ("Kapan Perang Korea berakhir?", "Perang itu berakhir setelah perundingan panjang.", False),  # a word of time
    ("When did the war end?", "The war ended after long talks.", False),
    ("Berapa jumlah penduduk Rason?", NO_NUMBER, True),
    ("Berapa jumlah penduduk Rason?", "Rason dihuni ratusan ribu orang.", False),  # number words
    ("How many people live in Rason?", "Several thousand people live there.", False),
    ("What is the area of Jeju island?", "Jeju is a volcanic island south of the peninsula.", True),  # a measure
    ("How large is the zoo?", "The zoo covers 4.5 hectares.", False),
    ("Siapa pemimpin Korea Utara?", NO_TIME, False),  # not a when or how-many question
    ("Berapa biaya peluncuran satelit itu?", "Peluncuran itu gagal setelah dua upaya.", True),  # no currency
    ("Berapa biaya peluncuran satelit itu?", "Peluncuran itu menelan biaya Rp 2 triliun.", False),
    ("How much did the stadium cost?", "The stadium cost $1.2 billion.", False),
    ("What is the price of a ticket?", "Tickets are free for children.", False),
    ("What is the price of crude oil per barrel?", "Oil exports rose by 25 percent.", True),
    ("Berapa persen kasus DBD terjadi di Palembang?", "Palembang mencatat 117 kasus DBD.", True),  # no share
    ("Berapa persen kasus DBD terjadi di Palembang?", "Sebanyak 40 persen kasus terjadi di Palembang.", False),
    ("What percentage of the money goes to charity?", "Half of it goes to local charities.", False),
    ("What was the color of the jerseys in Super Bowl XXXII when Elway won?", "Denver wore blue jerseys.", False),
    # a birth or a death asked about: the sentence must speak of it, or give a life span
    ("Kapan Kim Jong Un lahir?", "Kim Jong Un akan mengambil tindakan agresif pada November 2023.", True),
    ("Kapan Kim Jong Un lahir?", "Kim Jong Un lahir pada 8 Januari 1984.", False),
    ("Kapan Kim Jong Un lahir?", "Kim Il Sung (15 April 1912 – 8 Juli 1994) adalah pendiri negara itu.", False),
    ("Where was Kim Jong Un born?", "Jepang dan Korea Selatan mengecam perjanjian Kim Jong Un di Vladivostok.", True),
    ("Where was Kim Jong Un born?", "Kim Jong Un dilahirkan di Pyongyang.", False),  # the bridge's language too
    ("When did the king die?", "The king was crowned in 1065.", True),
    ("When did the king die?", "The king died in 1109, in Toledo.", False),
    ("Kapan raja itu meninggal?", "Raja itu lahir pada 1040.", True),  # a birth says nothing of a death
    ("Where did Dipati Ukur die?", "Dipati Ukur tertangkap pada tahun 1632 dan dihukum mati di Mataram.", False),
    ("Siapa yang lahir di Blitar?", "Soekarno berasal dari Blitar.", False),  # not a when or where question
    # how long: a word of duration
    ("Berapa lama Robert King menjabat sebagai utusan khusus?",
     "Demikian ungkap Robert King, mantan utusan khusus A.S., di Capital Cable.", True),
    ("Berapa lama Dinasti Ming berkuasa?", "Dinasti Ming (1368 - 1644) menggantikan Dinasti Yuan.", False),  # years
    ("Berapa lama Robert King menjabat sebagai utusan khusus?", "Robert King menjabat selama tujuh tahun.", False),
    ("How long will the event last?", "The week-long event opens with a pep rally.", False),  # no number needed
    ("How long will the event last?", "The event opens with a pep rally at the convention center.", True),
    ("How long is the Nile?", "The Nile flows north through eleven countries.", False),  # a length: not asked so
])
def test_a_sentence_without_the_kind_asked(question: str, sentence: str, expected: bool) -> None:
    assert cannot_answer(question, analyze_question(question), sentence) is expected


@pytest.mark.parametrize(("question", "answer", "expected"), [
    ("Berapa luas Museum Louvre?", "Rive Droite Seine", True),  # no number
    ("Berapa luas Museum Louvre?", "60.600 meter persegi", False),
    ("Berapa jumlah putri Raja Kasi?", "tiga", False),  # a number word
    ("How many stadiums were finalists?", "two", False),
    ("How long will the event last?", "pep rally", True),
    ("Berapa negara yang akan mengikuti pesta olahraga itu?", "20-29 September", True),  # a date, no count
    ("Berapa tahun usia Kim Jong Un?", "September 2023", True),
    ("How long will the event last?", "a week", False),  # a word of duration
    ("Berapa lama rapat berlangsung?", "42 anggota", True),  # a count of another thing
    ("Berapa lama dinasti Joseon berkuasa?", "11 Oktober", False),  # a date may answer it
    ("How long does the façade stretch?", "720 feet", False),  # (a length: English "how long" may ask one)
    ("How far west did the empire extend?", "Lake Balkhash", False),  # not a count
    ("Berapa lama periode Sengoku berlangsung?", "1467", False),  # a number alone (its unit left out)
    ("Berapa lama musim hujan berlangsung?", "dari Oktober hingga Maret", False),  # a duration may name months
    ("Kapan Perang Korea berakhir?", "gencatan senjata", False),  # not a how-many question
    ("Siapa pemimpin Korea Utara?", "Kim Jong Un", False),
])
def test_an_answer_not_of_the_kind_asked(question: str, answer: str, expected: bool) -> None:
    assert unlike_answer(question, analyze_question(question), answer, 0, len(answer)) is expected


@pytest.mark.parametrize(("question", "text", "answer", "expected"), [
    ("Berapa tahun usia Kim Jong Un?", "Mereka bertemu pada September 2023.", "2023", True),  # a date's year
    ("Berapa lama rapat berlangsung?", "Rapat dihadiri 42 anggota.", "42", True),  # a count of members
    ("Berapa lama Dinasti Ming berkuasa?", "Dinasti Ming berkuasa hingga 1644 ketika runtuh.", "1644", False),
    ("Berapa lama periode itu berlangsung?", "Periode itu berlangsung 30 hingga 40 tahun.", "30", False),
    ("Berapa nilai ekspor minyak bumi?", "Sanksi itu diadopsi pada tahun 2017.", "tahun 2017", True),
    ("How many teams have won 15 games?", "No team has done it since 1978.", "1978", True),
    ("How many guests attended the dinner?", "The dinner was attended by 2000 guests.", "2000", False),  # a count
    ("Berapa kali Gayoom menjadi presiden?", "Gayoom lahir pada 29 Desember 1937.", "29", True),  # a date's day
    ("Berapa negara yang akan ikut?", "Pesta itu digelar 20-29 September.", "20", True),
])
def test_a_year_or_a_count_in_its_sentence_is_not_of_the_kind(question: str, text: str, answer: str,
                                                                expected: bool) -> None:
    start = text.index(answer)
    assert unlike_answer(question, analyze_question(question), text, start, start + len(answer)) is expected


@pytest.mark.parametrize(("question", "text", "phrase", "expected"), [
    ("How many stadiums were finalists?", "The league chose two finalists.", "two", True),
    ("How long will the event last?", "It is a week-long event.", "a week-long", True),
    ("Berapa lama rapat berlangsung?", "Rapat dihadiri 42 anggota dan berlangsung selama dua jam.", "dua jam", True),
    ("Berapa luas Museum Louvre?", "Museum itu yang pertama di Paris.", "pertama di Paris", False),  # an order
    ("Berapa negara ikut 15th Photovoltaic Conference?", "The 15th Photovoltaic Conference opened.", "15", False),
    ("Berapa nilai ekspor minyak bumi?", "Sanksi tahun 2017, mewajibkan pembatasan.", "2017, mewajibkan", False),
    ("Berapa kapal yang dikirim?", "Mereka mengirim tiga kapal perang besar ke selatan.",
     "tiga kapal perang besar ke", False),  # too long
])
def test_what_may_stand_in_for_an_answer_of_another_kind(question: str, text: str, phrase: str,
                                                         expected: bool) -> None:
    start = text.index(phrase)
    assert fits_kind(question, analyze_question(question), text, start, start + len(phrase)) is expected


MARKET = ("Pasar Senen di Jakarta Pusat dikunjungi pedagang dari Bandung dan Bogor. "
          "Pedagang Pasar Senen menjual kain batik.")


def test_a_how_many_question_no_sentence_can_answer_is_not_answered(tmp_path, embedder) -> None:
    assistant = assistant_over(tmp_path, embedder, "pasar.txt", MARKET, abstains=True)
    answer, evidence = assistant.ask_with_evidence("Berapa jumlah pedagang di Pasar Senen?")
    assert evidence is not None and assistant.support is not None
    # the support model alone would have answered (a place name where a number is asked)
    assert assistant.support.probability(evidence) > assistant.settings.abstain_threshold
    assert answer.text is None and answer.citations == () and answer.support == 0.0


CHANGELOG = ("# Changelog\n\n## 3.1.0 (2025-02-10)\n\n- Added a dark theme to the settings page.\n"
             "- Faster start-up on large folders.\n\n## 3.0.0 (2024-11-02)\n\n"
             "- Removed the legacy importer for old archives.\n- New search page.\n")


def test_a_when_question_answered_by_its_section_s_heading_is_still_answered(tmp_path, embedder) -> None:
    # the changelog line holds no date, the heading it is cited with does (``sections.heading_answer``)
    assistant = assistant_over(tmp_path, embedder, "CHANGELOG.md", CHANGELOG, abstains=True)
    answer = assistant.ask("When was the dark theme added?")
    assert answer.text == "2025-02-10"
    assert answer.citations[0].text.startswith("## 3.1.0 (2025-02-10)") and (answer.support or 0) > 0


def test_a_how_long_question_is_answered_with_a_length_of_time(tmp_path, embedder) -> None:
    text = ("Laporan rapat koperasi. Rapat dihadiri 42 anggota dan berlangsung selama dua jam, demikian yang "
            "dilaporkan sekretaris Budi Santoso.")
    assistant = assistant_over(tmp_path, embedder, "rapat.txt", text)
    answer = assistant.ask("Berapa lama rapat berlangsung?")
    assert answer.text is not None and "dua jam" in answer.text and "anggota" not in answer.text
