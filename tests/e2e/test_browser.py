"""The website widget and the front-desk console in a real browser (Debian's Chromium, driven
by Playwright), against the real servers. Screenshots go to build/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render import LABELS
from bot.reply import ReplyType
from bot.settings import PROJECT_DIR

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = PROJECT_DIR / "build" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, servers):
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=servers.rasa_url)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def open_widget(page, servers):
    page.goto(f"{servers.rasa_url}/webhooks/web/")
    page.get_by_role("button", name="Open the chat").click()
    page.locator(".cstchat-bot").first.wait_for()


def ask_widget(page, text: str):
    count = page.locator(".cstchat-bot").count()
    page.get_by_label("Your question").fill(text)
    page.get_by_role("button", name="Send").click()
    page.locator(".cstchat-bot").nth(count).wait_for(timeout=20000)
    return page.locator(".cstchat-bot").nth(count)


def test_widget_answers_with_the_source_section(page, servers):
    open_widget(page, servers)
    assert "automated assistant" in page.locator(".cstchat-bot").first.inner_text()
    reply = ask_widget(page, "What is somato-emotional release?")
    # the label comes from web/shared/reply-view.js, the twin of bot/render.py
    assert reply.locator(".cstchat-label").text_content() == LABELS[ReplyType.ANSWER]
    assert "Somato-Emotional Release (SER) is an advanced" in reply.locator(".cstchat-text").inner_text()
    assert "What is Somato-Emotional Release (SER)?" in reply.locator(".cstchat-source").inner_text()
    assert "not medical advice" in reply.locator(".cstchat-note").last.inner_text()
    screenshot(page, "widget-answer")


def test_widget_shows_an_emergency_reply_distinctly(page, servers):
    open_widget(page, servers)
    reply = ask_widget(page, "I don't want to be alive anymore")
    assert "cstchat-type-emergency" in reply.get_attribute("class")
    assert reply.get_attribute("role") == "alert"
    assert "988" in reply.inner_text() and "URGENT" in reply.inner_text().upper()
    assert reply.locator(".cstchat-label").text_content() == LABELS[ReplyType.EMERGENCY]
    screenshot(page, "widget-emergency")


def test_widget_shows_markup_as_text_and_runs_no_script(page, servers):
    open_widget(page, servers)
    attack = "<img src=x onerror=alert(1)>"
    ask_widget(page, attack)
    user_bubble = page.locator(".cstchat-user").last
    assert user_bubble.inner_text() == attack
    assert page.locator(".cstchat-log img").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    screenshot(page, "widget-markup-as-text")


def test_widget_conversation_survives_a_reload(page, servers):
    open_widget(page, servers)
    ask_widget(page, "what is SER?")
    before = page.locator(".cstchat-msg").all_inner_texts()
    page.reload()
    page.locator(".cstchat-bot").first.wait_for()
    assert page.locator(".cstchat-msg").all_inner_texts() == before
    reply = ask_widget(page, "what are its benefits?")  # the server kept the topic too
    assert "SER offers a wide range of benefits" in reply.inner_text()
    screenshot(page, "widget-after-reload")


def ask_console(page, servers, question: str, answer_selector: str = "#answer:not([hidden])") -> None:
    page.goto(f"{servers.rasa_url}/webhooks/frontdesk/")
    page.get_by_label("Caller's question").fill(question)
    page.get_by_role("button", name="Get answer").click()
    page.locator(answer_selector).wait_for(timeout=20000)


def test_console_shows_answer_type_sources_and_clinic_facts(page, servers):
    ask_console(page, servers, "Can CST help with migraines?")
    assert "Relief from Chronic Pain" in page.locator("#answer-text").inner_text()
    assert page.locator("#type").inner_text() == LABELS[ReplyType.ANSWER]
    sources = page.locator("#sources li")
    assert sources.count() == 3
    assert "score 1." in sources.first.inner_text() or "score 0." in sources.first.inner_text()
    assert "+1 555 0100" in page.locator("#clinic").inner_text()
    page.get_by_role("button", name="Copy answer").click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#answer-text").inner_text()
    screenshot(page, "console-answer")


def test_console_lists_the_knowledge_gaps_most_asked_first(page, servers):
    ask_console(page, servers, "Can craniosacral therapy help with hiccups?", "#answer.type-no_answer")
    answer = page.locator("#answer-text").inner_text()
    assert answer.startswith("The clinic's article doesn't mention hiccups.")
    page.get_by_role("button", name="Refresh").click()
    page.locator("#gaps li", has_text="hiccups").wait_for(timeout=10000)
    assert "Can craniosacral therapy help with hiccups?" in page.locator("#gaps").inner_text()
    screenshot(page, "console-gaps")


def test_console_highlights_an_emergency(page, servers):
    ask_console(
        page, servers, "my husband has crushing chest pain going into his left arm", "#answer.type-emergency"
    )
    assert page.locator("#type").inner_text() == LABELS[ReplyType.EMERGENCY]
    assert page.locator("#answer").get_attribute("aria-live") == "assertive"
    assert "911" in page.locator("#answer-text").inner_text()
    screenshot(page, "console-emergency")


def test_console_api_needs_the_token_from_elsewhere(servers):
    import requests

    response = requests.post(
        f"{servers.rasa_url}/webhooks/frontdesk/ask",
        json={"caller": "c1", "question": "what is SER?"},
        headers={"X-Forwarded-For": "203.0.113.9"},  # as if through a proxy: not this machine
        timeout=10,
    )
    assert response.status_code == 401
