from __future__ import annotations

from citeqa.ingest.cleaning import content_regions


def _kept(text: str, kind: str = "text") -> str:
    return "\n".join(text[s:e] for s, e in content_regions(text, kind))


def test_article_furniture_is_dropped(article_text: str) -> None:
    kept = _kept(article_text)
    for furniture in ("Asia Timur LautKonflik", "Artikel Terkait", "Tinggalkan Balasan", "Alamat email Anda",
                      "Back to top button"):
        assert furniture not in kept
    assert "Dalam pertemuan dengan pemimpin Korea Utara Kim Jong Un pada September 2023" in kept
    assert "senjata pemusnah masal." in kept


def test_regions_point_into_the_original(article_text: str) -> None:
    for start, end in content_regions(article_text):
        assert article_text[start:end].strip() == article_text[start:end]


def test_html_keeps_text_and_drops_markup_and_scripts() -> None:
    html = ("<html><head><title>t</title><style>p{}</style></head><body><nav>Home / News</nav>"
            "<p>Kalimat pertama di sini.</p><script>alert(1)</script><p>Kedua &amp; terakhir.</p>"
            "<footer>Back to top</footer></body></html>")
    kept = _kept(html, "html")
    assert "Kalimat pertama di sini." in kept and "Kedua &amp; terakhir." in kept
    assert "alert" not in kept and "Home" not in kept and "<p>" not in kept
