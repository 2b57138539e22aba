from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from citeqa.api.app import create_app
from citeqa.core.config import load_settings
from tests.api.conftest import live_server

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(assistant):
    """A live server and a headless Chromium, for the module."""
    with live_server(create_app(assistant.settings, assistant)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser, url
        browser.close()


@pytest.fixture(scope="module")
def page(site):
    browser, url = site
    context = browser.new_context(viewport={"width": 420, "height": 860})  # a phone-sized screen
    tab = context.new_page()
    tab.goto(url + "/")
    yield tab
    context.close()


def test_question_gets_a_highlighted_cited_answer(page) -> None:
    page.get_by_label("Pertanyaan").fill("Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
    page.keyboard.press("Enter")
    expect(page.locator("#answer-span")).to_have_text("September 2023", timeout=20000)
    expect(page.locator("#quote")).to_contain_text("Dalam pertemuan dengan pemimpin Korea Utara")
    expect(page.locator("#citation")).to_contain_text("000_9a73aa4c586333e4.txt [713:994]")
    page.locator("#toggle-passages").click()
    expect(page.locator("#passages")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "answer.png"), full_page=True)
    assert (SCREENSHOTS / "answer.png").stat().st_size > 1000


def test_unanswerable_shows_not_in_document(page) -> None:
    page.get_by_label("Pertanyaan").fill("Di mana markas besar NATO berada?")
    page.get_by_role("button", name="Tanya").click()
    expect(page.locator("#no-answer")).to_contain_text("tidak ada di dalam dokumen", timeout=20000)


def test_page_loads_no_external_assets(page) -> None:
    html = page.content()
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html


def test_docs_and_redoc_render_offline(site) -> None:
    browser, url = site
    tab = browser.new_page()
    outside: list[tuple[str, str]] = []
    tab.route("**/*", lambda route: (outside.append((route.request.resource_type, route.request.url)),
                                     route.abort()) if not route.request.url.startswith(url) else route.continue_())
    tab.goto(url + "/docs")
    expect(tab.locator(".swagger-ui .opblock-summary-path").first).to_be_visible(timeout=20000)
    expect(tab.locator(".swagger-ui")).to_contain_text("/ask")
    tab.goto(url + "/redoc")
    expect(tab.get_by_text("Answer a question with a verbatim").first).to_be_visible(timeout=20000)
    tab.close()
    # no script or style from another host; ReDoc's own "powered by" logo (an image) is the one thing it asks of
    # its CDN, and it renders without it
    assert all(kind == "image" for kind, _ in outside), outside


def test_the_page_asks_for_the_key_and_keeps_it_for_the_tab(assistant, site) -> None:
    browser, _ = site
    settings = load_settings(data_dir=assistant.settings.data_dir, api_key="s3cret")
    with live_server(create_app(settings, assistant)) as url:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(url + "/")
        tab.get_by_label("Pertanyaan").fill("Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
        tab.keyboard.press("Enter")
        expect(tab.locator("#key-needed")).to_have_text("Server ini memerlukan kunci API.", timeout=20000)
        tab.get_by_label("Kunci API / API key").fill("salah")
        tab.keyboard.press("Enter")  # a wrong key is refused and asked for again
        expect(tab.locator("#key-needed")).to_have_text("Kunci API itu ditolak. Masukkan lagi.", timeout=20000)
        tab.get_by_label("Kunci API / API key").fill("s3cret")
        tab.keyboard.press("Enter")  # the pending question is asked again with the key
        expect(tab.locator("#answer-span")).to_be_visible(timeout=20000)
        expect(tab.locator("#key-form")).to_be_hidden()
        tab.reload()  # kept for the tab: no second prompt
        tab.get_by_label("Pertanyaan").fill("Who met Kim Jong Un in September 2023?")
        tab.keyboard.press("Enter")
        expect(tab.locator("#answer-card, #no-answer").first).to_be_visible(timeout=20000)
        expect(tab.locator("#key-form")).to_be_hidden()
        other = browser.new_context().new_page()  # another tab's session: asked again, in English
        other.goto(url + "/")
        other.get_by_label("Pertanyaan").fill("When did Kim Jong Un meet Vladimir Putin?")
        other.keyboard.press("Enter")
        expect(other.locator("#key-needed")).to_have_text("This server needs an API key.", timeout=20000)
        other.context.close()
        context.close()


def test_the_page_keeps_the_conversation_for_follow_ups(site) -> None:
    browser, url = site
    tab = browser.new_page()
    tab.goto(url + "/")
    tab.get_by_label("Pertanyaan").fill("Kapan dia lahir?")
    tab.keyboard.press("Enter")  # nothing before it: asked back
    expect(tab.locator("#clarify")).to_contain_text("Anda maksud dengan “dia”", timeout=20000)
    tab.get_by_label("Pertanyaan").fill("Siapa yang bertemu dengan Kim Jong Un pada September 2023?")
    tab.keyboard.press("Enter")
    expect(tab.locator("#answer-card, #no-answer").first).to_be_visible(timeout=20000)
    tab.get_by_label("Pertanyaan").fill("Apa yang dia janjikan kepada Korea Utara?")
    tab.keyboard.press("Enter")
    expect(tab.locator("#resolved")).to_contain_text("Dipahami sebagai: Apa yang ", timeout=20000)
    expect(tab.locator("#resolved")).not_to_contain_text(" dia ")
    tab.close()
