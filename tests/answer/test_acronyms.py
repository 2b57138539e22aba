from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.acronyms import Asked, asked_abbreviation, long_form, short_form, stands_for
from citeqa.answer.assistant import Assistant
from citeqa.core.config import load_settings
from citeqa.ingest.pipeline import ingest


@pytest.mark.parametrize(("question", "asked"), [
    ("Apa kepanjangan dari GPS?", Asked("GPS", True)),
    ("Apakah kepanjangan KPU", Asked("KPU", True)),
    ("Apakah singkatan dari MIDI?", Asked("MIDI", True)),
    ("Apa kepanjangan CIA menurut artikel?", Asked("CIA", True)),
    ("apakah singkatan hama GAS", Asked("GAS", True)),  # one abbreviation among lower-case words
    ("What does the acronym LEM stand for?", Asked("LEM", True)),
    ('What does "TGIF" stand for?', Asked("TGIF", True)),
    ("What did the LMP acronym stand for regarding the Block II launch positions?", Asked("LMP", True)),
    ("What is the AFC short for?", Asked("AFC", True)),
    ("Apakah singkatan dari Lembaga Bantuan Hukum?", Asked("Lembaga Bantuan Hukum", False)),
    ("What is chloroplast DNA abbreviated as?", Asked("chloroplast DNA", False)),
    ("What is an abbreviation for the United Methodist Church?", Asked("United Methodist Church", False)),
    ("Siapa kepala LIPI?", None),
    ("What does the UMC stand in opposition to?", None),
    ("Apakah kepanjangan dari BASF SE?", None),  # two words: not one abbreviation
])
def test_questions_about_abbreviations(question: str, asked: Asked | None) -> None:
    assert asked_abbreviation(question) == asked


@pytest.mark.parametrize(("short", "text", "expected"), [
    ("GPS", "Sistem Pemosisi Global (bahasa Inggris: Global Positioning System (GPS)) adalah sistem",
     "Global Positioning System"),
    ("RoIP", "RoIP (singkatan dari Radio Over Internet Protocol) adalah sebuah teknologi",
     "Radio Over Internet Protocol"),
    ("JICA", "data dari studi JICA ( Japan International Cooperation Agency ) tahun 1983",
     "Japan International Cooperation Agency"),
    ("IRRI", "Kompas - International Rice Research Institute atau IRRI menawarkan",
     "International Rice Research Institute"),
    ("CIA", "Badan Intelijen Pusat (Central Intelligence Agency – CIA), dalam", "Central Intelligence Agency"),
    ("TARDIS", 'a stolen TARDIS – "Time and Relative Dimension in Space" – time machine',
     "Time and Relative Dimension in Space"),
    # where the long form starts: as many words beginning with K as KKI has Ks, not the shortest run that spells it
    ("KKI", "Konsil Kedokteran Indonesia (KKI) merupakan suatu badan", "Konsil Kedokteran Indonesia"),
    ("Puskopad", "milik Pusat Koperasi Angkatan Darat (Puskopad) di Medan", "Pusat Koperasi Angkatan Darat"),
    ("PBB", "Perserikatan Bangsa-Bangsa (PBB) mengatakan", "Perserikatan Bangsa-Bangsa"),
    ("TNI", "Mayjen TNI (Purn.) Yogi", None),  # a bracket that spells nothing
    ("UMC", "The UMC stands in opposition to the creation of embryos", None),
    ("LIPI", "Prof Dr Sarwono Prawirohardjo adalah Kepala LIPI yang pertama.", None),
])
def test_the_long_form_a_sentence_gives(short: str, text: str, expected: str | None) -> None:
    found = long_form(short, text, 0, len(text))
    assert (found.text if found else None) == expected
    if found:
        assert text[found.start:found.end] == found.text


@pytest.mark.parametrize(("long", "text", "expected"), [
    ("Lembaga Bantuan Hukum", "anggota Lembaga Bantuan Hukum ( LBH ) dan", "LBH"),
    ("Internet of Things", "(English: Internet of Things, atau dikenal juga dengan singkatan IoT) merupakan", "IoT"),
    ("Kepolisian Sektor", "Kepala Kepolisian Sektor ( Polsek ) Medan", "Polsek"),  # its letters in order
    ("Republik Rakyat Tiongkok", "RRT (Republik Rakyat Tiongkok) menolak", "RRT"),
    ("Lembaga Bantuan Hukum", "Lembaga Bantuan Hukum di Jakarta (Jumat) menolak", None),
])
def test_the_abbreviation_a_sentence_gives(long: str, text: str, expected: str | None) -> None:
    found = short_form(long, text, 0, len(text))
    assert (found.text if found else None) == expected


def test_a_long_form_spells_its_abbreviation() -> None:
    assert stands_for("AC", "alternating current")
    assert not stands_for("AC", "current")  # one word
    assert not stands_for("GPS", "Sistem Pemosisi Global")  # its first letter starts no word
    assert not stands_for("AB", "a b c d e f g h")  # too many words


DOCS = {
    "balai.txt": "Kebakaran hutan melanda Kalimantan Tengah pekan ini. Kepala BKSDA Kalteng, Zaini, mengatakan api "
                 "sudah padam. Prioritas kami adalah melokalisir kobaran api, kata petugas Balai Konservasi Sumber "
                 "Daya Alam (BKSDA) di Palangkaraya. Warga diminta waspada.",
    "lembaga.txt": "Sidang dihadiri anggota Lembaga Bantuan Hukum (LBH) dan Perhimpunan Bantuan Hukum dan HAM "
                   "Indonesia. Hakim menunda sidang hingga pekan depan.",
    "cuaca.txt": "Hujan deras turun di Palangkaraya sepanjang Senin. BKSDA meminta warga menjauhi hutan.",
}


@pytest.fixture(scope="module")
def folder_assistant(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    root = tmp_path_factory.mktemp("acronyms")
    docs = root / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    ingest([docs], root / "index", embedder, chunk_size=600)
    return Assistant.load(load_settings(index_dir=Path(root / "index")), embedder)


@pytest.mark.parametrize(("question", "expected"), [
    ("Apa kepanjangan dari BKSDA?", "Balai Konservasi Sumber Daya Alam"),
    ("What does BKSDA stand for?", "Balai Konservasi Sumber Daya Alam"),
    ("Apakah singkatan dari Lembaga Bantuan Hukum?", "LBH"),
])
def test_the_assistant_answers_with_the_document_s_own_definition(folder_assistant, question, expected) -> None:
    answer = folder_assistant.ask(question)
    assert answer.text == expected
    cited = answer.citations[0]
    text = folder_assistant.store.document(cited.source).text
    assert text[cited.start:cited.end] == cited.text and expected in cited.text
    assert text[answer.answer_start:answer.answer_end] == answer.text


def test_an_abbreviation_no_sentence_defines_gets_no_other_definition(folder_assistant) -> None:
    answer = folder_assistant.ask("Apa kepanjangan dari Kalteng?")  # named, never spelled out
    assert answer.text != "Balai Konservasi Sumber Daya Alam"


def test_the_article_s_definition_of_an_abbreviation(assistant) -> None:
    answer = assistant.ask("Apa kepanjangan CIA menurut artikel?")
    assert answer.text == "Central Intelligence Agency"
    assert "(Central Intelligence Agency – CIA)" in answer.citations[0].text


def test_a_definition_is_evidence_the_calibrators_weigh(folder_assistant) -> None:
    answer, evidence = folder_assistant.ask_with_evidence("Apa kepanjangan dari BKSDA?")
    assert evidence is not None and evidence.defined
    assert answer.confidence > 0.5 and (answer.support or 0) > 0.5  # right 30 of 30 times on the train sides
    _, other = folder_assistant.ask_with_evidence("Siapa Kepala BKSDA Kalteng?")
    assert other is not None and not other.defined
