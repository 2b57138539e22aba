"""What to do: the instruction a manual's sentence gives, for a question that asks what to do or how to do it.

Manuals and guides answer "Apa yang harus dilakukan sebelum pompa dinyalakan?", "What should I do if the internet
light stays red?" or "Bagaimana cara mereset router?" with an instruction: "Isi rumah pompa dengan air pancingan
sampai penuh sebelum dinyalakan pertama kali.", "If the internet light stays red, restart the modem first, then
the router." The readers, trained on factoids, took one word of it ("Isi") or a name near it ("the router"). For
such a question, where the sentence is an instruction (a list item, or opening with a verb in the imperative), the
answer is the instruction: without a list mark, without an opening condition or
purpose set off by a comma ("If …,", "Untuk mereset router,") and without a closing clause that only restates the
question ("sebelum dinyalakan pertama kali").
"""

from __future__ import annotations

import re

from citeqa.answer.gap import TOKEN
from citeqa.answer.spans import Span
from citeqa.index.analyzer import analyze

# "apa yang harus dilakukan", "what should I do", "what to do", "bagaimana cara memasang …" (not "cara kerja": how
# something works asks for a description), "how do I …", "how to …"
_ASKS_WHAT_TO_DO = re.compile(
    r"\bapa(?:kah)?\s+yang\s+(?:harus|perlu|mesti|sebaiknya|bisa|dapat|wajib)\s+(?:(?:saya|kita|kami|anda|pengguna)\s+)?"
    r"(?:di)?(?:lakukan|kerjakan)\b"
    r"|\bwhat\s+(?:should|must|can|do|shall)\s+(?:i|we|you|one|users?)\s+do\b|\bwhat\s+to\s+do\b"
    r"|\bbagaimana(?:kah)?\s+(?:cara|langkah)\s+(?!kerja\b)\w+"
    r"|\bhow\s+(?:do|can|should|shall)\s+(?:i|we|you|one|users?)\s+(?!know\b)\w+|^\s*how\s+to\b",
    re.IGNORECASE)
# a list mark, then an opening condition or purpose up to its comma
_MARK = re.compile(r"\s*(?:[-*•]|\d{1,2}[.)]|[a-z][.)])\s+")
_OPENING = re.compile(r"(?:jika|bila|apabila|kalau|ketika|saat|setelah|sebelum|untuk|agar|supaya|if|when|once|"
                      r"before|after|to|in\s+order\s+to|for)\b[^,;.]{1,120},\s*", re.IGNORECASE)
# a closing clause may restate the question: "… sebelum dinyalakan pertama kali"
_CLOSING = re.compile(r"\s(?:sebelum|setelah|sesudah|ketika|saat|jika|bila|apabila|kalau|sampai|hingga|agar|supaya|"
                      r"before|after|when|if|once|until|so\s+that)\b", re.IGNORECASE)
RESTATED = 0.75  # a closing clause whose words are at least this share the question's is cut
# an instruction opens with a verb in the imperative: "Isi …", "Bersihkan …", "press …", "restart …" (the rule is
# for manuals: an encyclopedia's "Pengobatan tuberkulosis menggunakan antibiotik …" is left to the readers, who
# answered TyDi's "Bagaimana cara mengobati Tuberkulosis?" better)
_IMPERATIVES = frozenset({
    "isi", "pasang", "tekan", "tahan", "buka", "tutup", "cabut", "colok", "periksa", "cek", "hubungi", "klik",
    "pilih", "tunggu", "ganti", "simpan", "ikuti", "baca", "jangan", "segera", "putar", "geser", "tarik", "dorong",
    "press", "hold", "restart", "turn", "open", "close", "connect", "disconnect", "plug", "unplug", "remove", "insert",
    "check", "make", "use", "select", "click", "tap", "go", "set", "enter", "install", "update", "wait", "clean",
    "replace", "keep", "do", "don't", "never", "always", "contact", "call", "follow", "ensure", "read", "store",
    "charge", "switch", "push", "pull", "slide", "fill", "attach", "disable", "enable", "reset", "restore", "type",
    "run", "create", "add", "download", "copy", "delete", "save", "upgrade", "visit", "send", "submit", "write",
    "unduh", "salin", "hapus", "kirim", "tulis", "catat", "matikan", "nyalakan", "ask", "try", "avoid", "report",
    "inform", "notify", "tell", "minta", "coba", "hindari",
})
_NOT_IMPERATIVE = frozenset({"bahkan", "akan", "ikan", "makan", "bukan", "kan", "tanpa"})


def asks_what_to_do(question: str) -> bool:
    """Whether ``question`` asks what to do or how to do something (an instruction), not how something works."""
    return bool(_ASKS_WHAT_TO_DO.search(question))


def _imperative(text: str, s: int, end: int) -> bool:
    first = TOKEN.search(text, s, end)
    if first is None:
        return False
    word = first.group().lower()
    return word in _IMPERATIVES or (word.endswith(("kan", "lah")) and len(word) > 5 and word not in _NOT_IMPERATIVE)


# where a sentence says what someone is to do without the imperative: "pelanggan diimbau untuk …", "you should …"
_ADVISED = re.compile(r"\b(?:diimbau|dianjurkan|disarankan|diharapkan|diminta|diwajibkan|wajib|harus|perlu|hendaknya|"
                      r"sebaiknya)\s+(?:untuk\s+)?|\b(?:should|must|(?:are|is)\s+(?:advised|asked|requested|required)"
                      r"\s+to|need\s+to|needs\s+to|have\s+to|has\s+to)\s+", re.IGNORECASE)


def _advised(text: str, s: int, end: int) -> int | None:
    """Where what the sentence ``text[s:end]`` advises someone to do starts, or ``None``."""
    found = _ADVISED.search(text, s, end)
    return found.end() if found is not None and found.end() < end else None


def _imperative_clause(text: str, s: int, end: int) -> int | None:
    """Where a clause in the imperative starts after a semicolon or colon of the sentence ``text[s:end]`` ("the
    bucket policy does not allow uploads from your key; ask your administrator to grant …"), or ``None``."""
    for mark in re.finditer(r"[;:]\s+", text[s:end]):
        if _imperative(text, s + mark.end(), end):
            return s + mark.end()
    return None


def instruction_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The instruction of the sentence ``text[start:end]`` for a ``question`` that asks what to do, or ``None``
    for other questions or where nothing is left of the sentence."""
    if not asks_what_to_do(question):
        return None
    s = start
    mark = _MARK.match(text, s, end)
    if mark is not None:
        s = mark.end()
    # (a numbered item's sentence starts after its number, ``ingest.splitter.sentence_spans``)
    item = mark is not None or _MARK.fullmatch(text, text.rfind("\n", 0, start) + 1, start) is not None
    opening = _OPENING.match(text, s, end)
    if opening is not None and opening.end() < end:
        s = opening.end()
    if not item and not _imperative(text, s, end):
        advised = _advised(text, s, end) or _imperative_clause(text, s, end)
        if advised is None:
            return None
        s = advised  # "pelanggan diimbau untuk mencabut …", "users should restart …": what they are to do
    asked = set(analyze(question))
    e = end
    for closing in _CLOSING.finditer(text, s, end):
        words = analyze(text[closing.start():end])
        if words and sum(w in asked for w in words) >= RESTATED * len(words):
            e = closing.start()
            break
    while e > s and (text[e - 1] in ".,;:!" or text[e - 1].isspace()):
        e -= 1
    if not list(TOKEN.finditer(text, s, e)):
        return None
    return Span(s, e, text[s:e])
