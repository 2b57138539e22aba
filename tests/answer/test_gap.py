"""The object phrase that answers "Apa yang <verb> …?", the definition, the cause and the place."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from citeqa.answer.adjuncts import asks_reason, purpose_span, reason_span, where_span
from citeqa.answer.gap import after_span, asked_verb, definition_span, location_span, object_span
from citeqa.answer.spans import Span


def _answer(question: str, sentence: str) -> str | None:
    span = object_span(question, sentence, 0, len(sentence))
    if span is not None:
        assert sentence[span.start:span.end] == span.text
    return span.text if span else None


def _answered(rule: Callable[[str, str, int, int], Span | None], question: str, sentence: str) -> str | None:
    """The span ``rule`` gives for ``sentence`` as the second sentence of a document (its own characters)."""
    text = "Judul. " + sentence
    span = rule(question, text, 7, len(text))
    assert span is None or span.text == text[span.start:span.end]
    return span.text if span else None


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    # passive question, active sentence: the object after the verb, up to an adjunct preposition
    ("Apa yang diresmikan Bupati Sleman pekan lalu?",
     "Bupati Sleman meresmikan Bendungan Sukamaju di Desa Tirto pekan lalu.", "Bendungan Sukamaju"),
    # up to a clause mark; aspect and modal words before the verb
    ("Apa yang akan dibangun pemerintah kota tahun depan?",
     "Pemerintah kota akan membangun jembatan gantung baru, kata wali kota.", "jembatan gantung baru"),
    # up to a word the question already says
    ("Apa yang dijual koperasi kepada anggotanya?",
     "Koperasi menjual pupuk bersubsidi kepada anggotanya setiap bulan.", "pupuk bersubsidi"),
    # the sentence keeps the passive: the noun phrase before the verb
    ("Apa yang dikirim perusahaan itu ke Jepang?",
     "Tahun lalu, kopi arabika yang dikirim perusahaan itu ke Jepang naik dua kali lipat.", "kopi arabika"),
    # the question asks for the subject of an active verb
    ("Apa yang menyebabkan banjir di kota itu?",
     "Hujan deras menyebabkan banjir di kota itu.", "Hujan deras"),
    # the other passive, the doer before a bare verb: the object follows the verb in the sentence
    ("Apa yang dia dan Bupati tidak akan dukung?",
     "Warga dan Bupati Sleman tidak akan mendukung rencana tambang pasir di sungai itu.", "rencana tambang pasir"),
    ("Apa yang Koperasi Zamrud jual kepada anggotanya?",
     "Koperasi Zamrud menjual pupuk bersubsidi kepada anggotanya.", "pupuk bersubsidi"),
    # quotes around the object are dropped
    ("Menurut ketua, apa yang telah ditunjukkan para anggota?",
     "Ketua mengatakan para anggota telah menunjukkan “semangat luar biasa” tahun ini.", "semangat luar biasa"),
    # what is forbidden or required is the verb after "dilarang", "diminta" …, not who is forbidden
    ("Apa yang dilarang selama musim kemarau?", "Warga dilarang mencuci kendaraan dan menyiram halaman dengan air "
     "sumur bor selama masa kemarau.", "mencuci kendaraan dan menyiram halaman"),
    ("Apa yang dilarang?", "Pengunjung dilarang untuk membawa makanan ke dalam museum.", "membawa makanan"),
    ("Apa yang dilarang pemerintah?", "Impor beras dilarang pemerintah sejak Maret.", "Impor beras"),
    # the passive sentence: past the modal word before the verb, and its agent; a bracketed aside kept
    ("Apa yang dapat dipergunakan sebagai penutup kasur?",
     "Dari marga Polythrichum dapat dipergunakan sebagai penutup kasur.", "marga Polythrichum"),
    ("Apa yang sering digunakan masyarakat untuk obat hepatitis?",
     "Dari marga Marchantia (lumut hati) oleh masyarakat dipergunakan untuk obat hepatitis.",
     "marga Marchantia (lumut hati)"),
    # what the sentence requires its object to do, not who must do it
    ("Apa yang diwajibkan aturan baru jika banjir melanda?",
     "Aturan baru mewajibkan pemerintah daerah untuk menutup sekolah jika banjir melanda.", "menutup sekolah"),
    # the object of the verb of purpose, where the first verb's object is what the question already names
    ("Apa yang akan dibantu Jepang untuk dibangun oleh Vietnam?",
     "Jepang akan membantu Vietnam membangun jembatan gantung di Hanoi.", "jembatan gantung"),
    # "wajib" before the question's verb is a modal word
    ("Apa yang wajib dibawa siswa?", "Siswa wajib hadir 15 menit sebelum ujian dimulai dan membawa kartu ujian.",
     "kartu ujian"),
])
def test_object_phrase(question: str, sentence: str, expected: str) -> None:
    assert _answer(question, sentence) == expected


def test_a_coordinated_verb_has_no_object_of_its_own() -> None:
    assert _answer("Apa yang akan dihadiri Presiden di New York?",
                   "Presiden akan menghadiri dan berpidato dalam Sidang Umum PBB di New York.") is None


def test_other_questions_and_sentences_without_the_verb_give_nothing() -> None:
    sentence = "Bupati Sleman meresmikan Bendungan Sukamaju di Desa Tirto pekan lalu."
    assert _answer("Siapa yang meresmikan Bendungan Sukamaju?", sentence) is None
    assert _answer("Apa yang dimaksud dengan bendungan?", sentence) is None  # a definition, not an object
    assert _answer("Apa yang dibangun Bupati Sleman?", sentence) is None
    assert asked_verb("Kapan bendungan itu diresmikan?") is None
    assert asked_verb("Apa yang diresmikan bupati?") == ("resmi", True)
    assert asked_verb("Apa yang Bupati Sleman lakukan?") is None  # an event, not an object
    # "<noun> apa yang …" asks for a kind, most often answered by a name (FacQA's "Penghargaan apakah yang diterima
    # …?"), which the readers find better than the object phrase
    assert asked_verb("Senjata apa yang diangkut ke Rusia?") is None


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Apa yang dimaksud dengan homeostasis?",
     "Homeostasis adalah ketahanan atau mekanisme pengaturan lingkungan kesetimbangan dinamis.",
     "ketahanan atau mekanisme pengaturan lingkungan kesetimbangan dinamis"),
    # a copula inside brackets is part of the subject; the definition stops at the next sentence's reference mark
    ("Apa itu kosmologi?", "Kosmologi (dari kosmos \"dunia\" dan 'logos' artinya \"ilmu\") adalah ilmu yang "
     "mempelajari alam semesta.[1] Kosmologi adalah cabang astronomi.", "ilmu yang mempelajari alam semesta"),
    # a last bracketed aside and a reference mark are left out
    ("Apa pengertian dari herbivora?", "Herbivora merupakan organisme pemakan tumbuhan (Pemakan Tumbuhan).",
     "organisme pemakan tumbuhan"),
    ("Siapa itu Tu Di Gong?", "Tu Di Gong adalah dewa bumi[3] dalam kepercayaan Tionghoa.", "dewa bumi"),
])
def test_a_definition_question_is_answered_with_the_predicate(question: str, sentence: str, expected: str) -> None:
    assert _answered(definition_span, question, sentence) == expected


def test_no_definition_for_other_questions_or_without_a_copula() -> None:
    text = "Homeostasis adalah ketahanan organisme."
    assert definition_span("Kapan homeostasis ditemukan?", text, 0, len(text)) is None
    assert definition_span("Siapa Presiden Rusia?", "Putin adalah Presiden Rusia.", 0, 28) is None
    assert definition_span("Apa itu homeostasis?", "Homeostasis menjaga keseimbangan.", 0, 33) is None


def test_where_something_lies_is_answered_with_the_place_after_terletak_di() -> None:
    text = "Judul. Waduk Malahayu terletak di Kecamatan Banjarharjo, Kabupaten Brebes.[2] Waduk itu dibangun 1930."
    span = location_span("Dimana letak Waduk Malahayu?", text, 7, len(text))
    assert span is not None and span.text == "Kecamatan Banjarharjo, Kabupaten Brebes" == text[span.start:span.end]
    assert location_span("Kapan Waduk Malahayu dibangun?", text, 7, len(text)) is None
    assert location_span("Di mana letak waduk itu?", "Waduk itu dibangun 1930.", 0, 24) is None


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Mengapa perbaikan saluran irigasi didahulukan?",
     "Rapat memutuskan perbaikan saluran irigasi didahulukan karena musim tanam dimulai bulan April.",
     "musim tanam dimulai bulan April"),
    ("Apa penyebab dari Meningitis?", "Meningitis disebabkan oleh infeksi oleh virus, bakteri, atau juga "
     "mikroorganisme lain, sehingga selaput otak meradang.",
     "infeksi oleh virus, bakteri, atau juga mikroorganisme lain"),
    # a cause that opens the sentence ends at its first comma
    ("Why does the main building close at 6 pm?", "Because the city council cut the evening staffing budget, the "
     "main building now closes at 6 pm instead of 9 pm.", "the city council cut the evening staffing budget"),
    ("Why does the TARDIS always look the same?", "It looks like a police box due to a malfunction in the "
     "chameleon circuit; the Doctor never fixed it.", "a malfunction in the chameleon circuit"),
    # no causal marker: the subject of a causing verb, in its clause
    ("Apa penyebab banjir?", "Hujan deras sejak Minggu malam menyebabkan Sungai Cikaso meluap dan merendam tiga "
     "kecamatan.", "Hujan deras sejak Minggu malam"),
    ("Mengapa sungai meluap?", "Menurut BPBD, hujan deras mengakibatkan sungai meluap.", "hujan deras"),
    ("Why did the library close?", "The flood, which came in March, caused the library to close.",
     "The flood, which came in March"),
    # "mengingat" gives a cause too; a cause ends where the clause saying who said it begins
    ("Mengapa Kim Jong Un akan mengambil tindakan agresif?", "Kim Jong Un akan mengambil tindakan agresif mengingat "
     "hubungannya dengan Rusia yang semakin erat, demikian ungkap Robert King.", "hubungannya dengan Rusia yang "
     "semakin erat"),
    # no cause at all: for "mengapa"/"why", what it was done for
    ("Mengapa listrik dipadamkan?", "Pemeliharaan ini dilakukan untuk mengganti trafo yang sudah tua.",
     "mengganti trafo yang sudah tua"),
    # a letter's "Sehubungan dengan …," gives the cause of what it sets out
    ("Mengapa air sumur bor dibatasi?", "Sehubungan dengan menurunnya debit sumur bor selama musim kemarau, pengurus "
     "menetapkan hal-hal berikut:", "menurunnya debit sumur bor selama musim kemarau"),
])
def test_a_why_question_is_answered_with_the_cause(question: str, sentence: str, expected: str) -> None:
    assert _answered(reason_span, question, sentence) == expected


def test_no_cause_for_other_questions_or_sentences_without_one() -> None:
    text = "Pertandingan ditunda karena hujan deras."
    assert reason_span("Kapan pertandingan ditunda?", text, 0, len(text)) is None
    assert reason_span("Mengapa pertandingan ditunda?", "Pertandingan ditunda hari Senin.", 0, 32) is None
    # "akibatnya" gives a consequence, not a cause
    assert reason_span("Mengapa hujan turun?", "Hujan turun; akibatnya banjir.", 0, 30) is None
    assert asks_reason("What caused the dynamos to burn out?")
    assert asks_reason("Apakah alasan Ghana Airways dihentikan?")
    assert not asks_reason("Where are Tesla's notes on what caused the damage?")
    # the cause asked is no purpose
    assert reason_span("Apa penyebab kematian Han Xin?", "Liu Bang mengirim pasukan untuk menangkap Han Xin.", 0,
                       50) is None
    # a causing verb whose subject is what the question asks about says no cause; "cause" the noun is no verb
    assert reason_span("Why was the renovation delayed?", "The renovation caused delays to traffic.", 0, 40) is None
    text = "It was, according to the board, a leading cause of the programme's 1989 suspension."
    assert reason_span("What was the main reason for the show's suspension?", text, 0, len(text)) is None


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    # a use or aim word comes before any other purpose clause
    ("Apa fungsi klorofil pada tumbuhan?", "Klorofil adalah pigmen hijau untuk fotosintesis yang berfungsi untuk "
     "menyerap cahaya dan mentransfer energi cahaya melalui rantai transpor elektron.",
     "menyerap cahaya dan mentransfer energi cahaya melalui rantai transpor elektron"),
    ("Apakah fungsi utama VGA?", "Kartu VGA digunakan sebagai penerjemah sinyal digital dari komputer, dan "
     "monitor menampilkannya.", "penerjemah sinyal digital dari komputer"),
    ("Untuk apa bendungan itu dibangun?", "Bendungan itu dibangun pada 1930 untuk mengairi sawah di tiga kecamatan; "
     "kini airnya juga diminum warga.", "mengairi sawah di tiga kecamatan"),
    ("What was the purpose of the expedition?", "The expedition sailed in 1772 in order to find the southern "
     "continent, which many believed existed.", "find the southern continent"),
])
def test_a_what_for_question_is_answered_with_the_purpose(question: str, sentence: str, expected: str) -> None:
    assert _answered(purpose_span, question, sentence) == expected


def test_no_purpose_for_other_questions_or_sentences_without_one() -> None:
    sentence = "Bendungan itu dibangun untuk mengairi sawah."
    assert purpose_span("Kapan bendungan itu dibangun?", sentence, 0, len(sentence)) is None
    assert purpose_span("Apa fungsi bendungan itu?", "Bendungan itu dibangun pada 1930.", 0, 33) is None
    # "to" alone is too often no purpose in English: "used to decide" asks for the thing, not what it is for
    assert purpose_span("What is used to decide a salary?", "A scale is used to decide the salary.", 0, 37) is None


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Dimana Robert Bellarmine lahir?", "Robertus Bellarminus dilahirkan di Montepulciano di Tuscany dari suatu "
     "keluarga miskin.", "Montepulciano di Tuscany"),
    ("Dimana kantor pusat Facebook?", "Facebook berkantor pusat di Menlo Park, California, Amerika Serikat.",
     "Menlo Park, California, Amerika Serikat"),
    # the doer may come between; a date ends the place; "dan" goes on only to another name
    ("Dimana Soeharto dimakamkan?", "Soeharto dimakamkan oleh keluarganya di Astana Giribangun, Karanganyar pada "
     "28 Januari 2008.", "Astana Giribangun, Karanganyar"),
    ("dimanakah pablo picasso dilahirkan?", "Picasso dilahirkan di Malaga, Spanyol 25 Oktober 1881.",
     "Malaga, Spanyol"),
    ("Dimana Soeharto dimakamkan?", "Soeharto dimakamkan di Astana Giribangun, Karanganyar, Senin.",
     "Astana Giribangun, Karanganyar"),  # so does a weekday's or a month's name
    ("Dimana James Hal Cone lahir?", "Cone lahir di Fordyce, Arkansas dan dibesarkan di Bearden.", "Fordyce, Arkansas"),
    ("Where was Tesla born?", "Tesla was born in Smiljan, Austrian Empire, on 10 July 1856.",
     "Smiljan, Austrian Empire"),
    ("Di mana makam Leonardo da Vinci?", "Makamnya berada di Kapel St. Hubert di kastel Amboise.",
     "Kapel St. Hubert di kastel Amboise"),
])
def test_where_someone_was_born_or_something_has_its_seat(question: str, sentence: str, expected: str) -> None:
    assert _answered(where_span, question, sentence) == expected


def test_no_place_for_other_questions_verbs_or_a_pronoun() -> None:
    text = "Picasso dilahirkan di Malaga."
    assert where_span("Kapan Picasso dilahirkan?", text, 0, len(text)) is None
    # other "where" questions are left to the readers
    assert where_span("Di mana Picasso melukis Guernica?", "Picasso melukis Guernica di Paris.", 0, 34) is None
    assert where_span("Di mana Athanasius meninggal?", "Ia meninggal di sana.", 0, 21) is None


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Menurut petugas, kenaikan harga itu terkait dengan apa?",
     "Harga naik tajam, yang menurut petugas terkait dengan kekeringan panjang di Jawa Timur.",
     "kekeringan panjang di Jawa Timur"),
    # up to the clause's end; the word may take another form ("bertentangan", "pertentangan" share no stem here)
    ("Rencana itu bertentangan dengan apa?",
     "Rencana itu bertentangan dengan peraturan daerah nomor 5, kata wali kota.", "peraturan daerah nomor 5"),
    ("Patung itu terbuat dari apa?", "Patung setinggi dua meter itu terbuat dari perunggu.", "perunggu"),
    # the sentence lacks the word with that preposition; the question asks where; the phrase runs on too long
    ("Rencana itu bertentangan dengan apa?", "Rencana itu ditolak warga.", None),
    ("Dia tinggal di apa?", "Dia tinggal di asrama.", None),
    ("Hal itu terkait dengan apa?", "Hal itu terkait dengan " + " ".join(["kata"] * 13) + ".", None),
])
def test_what_follows_the_question_s_word_and_preposition(question: str, sentence: str, expected: str | None) -> None:
    assert _answered(after_span, question, sentence) == expected


def test_an_object_question_cites_the_sentence_of_its_passage_that_uses_its_verb() -> None:
    from citeqa.answer.gap import object_instead
    from citeqa.answer.reader import Reading
    from citeqa.core.models import Passage, ScoredPassage

    text = ("Tindakan Rusia bertentangan dengan resolusi Dewan Keamanan P.B.B. Resolusi itu melarang program rudal "
            "Korea Utara.")
    cut = text.index("Resolusi itu")
    passage = ScoredPassage(Passage("a.txt", 0, len(text), text, ((0, cut - 1), (cut, len(text)))), 1.0)
    other = ScoredPassage(Passage("b.txt", 0, len(text), text, ((0, cut - 1), (cut, len(text)))), 0.9)
    first, second = (Reading(passage, s, None, 0.5, 0.5) for s in passage.passage.sentences)
    elsewhere = Reading(other, (cut, len(text)), None, 0.5, 0.5)
    question = "Apa yang dilarang oleh resolusi Dewan Keamanan P.B.B.?"
    assert object_instead(question, first, [(text, first), (text, second)]) is second
    assert object_instead(question, second, [(text, first), (text, second)]) is second  # it uses the verb already
    assert object_instead(question, first, [(text, first), (text, elsewhere)]) is first  # only its own passage's
    assert object_instead("Siapa yang bertentangan dengan resolusi?", first, [(text, first), (text, second)]) is first
