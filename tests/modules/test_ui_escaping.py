"""Every HTML fragment of the UI templates shows a participant's ``<script>`` as text.

The templates under ``kit/ui/templates`` are autoescaped; these tests render each one with a
hostile string in every text slot, and check the page's real widgets after registering a
participant whose name, district and business carry markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kit.modules.advokasi import AdvokasiPage
from kit.modules.session_state import Progress
from kit.server.home_page import render_home_html
from kit.ui import Markup, render
from kit.ui.assets import TEMPLATES
from kit.ui.widgets import Feedback, download_link, field, image_html, labelled, para, text
from tests.modules.helpers import register_new

EVIL = "<script>alert(1)</script>"
SAFE = "&lt;script&gt;alert(1)&lt;/script&gt;"

# One context per template: every text slot carries EVIL (markup slots carry trusted HTML).
CONTEXTS: dict[str, dict[str, Any]] = {
    "label.html.j2": {"label": EVIL},
    "field_label.html.j2": {"label": EVIL, "hint": EVIL},
    "paragraphs.html.j2": {"blocks": [[EVIL, EVIL]], "kind": "sbx-muted"},
    "feedback.html.j2": {"kind": "err", "problems": [EVIL]},
    "image.html.j2": {"src": "data:image/png;base64,AA", "alt": EVIL},
    "attachment.html.j2": {"filename": EVIL, "href": "data:text/plain;base64,AA"},
    "en_line.html.j2": {"text": EVIL},
    "facilitator.html.j2": {"notes_html": Markup("<p>ok</p>")},
    "module_header.html.j2": {
        "title": EVIL, "title_en": EVIL, "duration": EVIL, "intro_html": Markup("<p>i</p>"),
        "intro_en": EVIL, "lists": [(EVIL, [(EVIL, EVIL)])], "assessed": EVIL,
        "items": [{"title": EVIL, "id": EVIL, "indicator": EVIL}], "notes_html": None},
    "progress_line.html.j2": {"p": Progress(0, 1, 0, 1, EVIL, EVIL), "line": EVIL},
    "section_heading.html.j2": {"section_id": EVIL, "title": EVIL, "title_en": EVIL,
                                "intro_html": Markup("")},
    "materi_heading.html.j2": {"no": 1, "title": EVIL, "title_en": EVIL, "competency": EVIL},
    "item_body.html.j2": {"body_html": Markup("<p>b</p>"), "summary_en": EVIL,
                          "sources": [EVIL], "notes_html": None},
    "summary_listing.html.j2": {"head": EVIL, "all_done": True,
                                "rows": [{"achieved": True, "title": EVIL, "state": EVIL}]},
    "identity_status.html.j2": {"greeting": EVIL, "described": EVIL},
    "message.html.j2": {"kind": "kit-error", "prefix": "⚠ ", "text": EVIL},
    "checklist_legend.html.j2": {"rubric": [(2, EVIL)], "note": EVIL},
    "checklist_name.html.j2": {"name": EVIL, "business": EVIL, "district": EVIL},
    "checklist_head.html.j2": {"css": "kit-count-x", "title": EVIL, "code": EVIL, "n": 1,
                               "total": 2},
    "sandbox_message.html.j2": {"views": [(EVIL, {"rows": [(EVIL, EVIL)], "received": EVIL,
                                                   "body_html": Markup("<p>b</p>")})]},
    "sandbox_blog.html.j2": {"title": EVIL, "description": EVIL, "posts": [
        {"title": EVIL, "video_url": EVIL, "image_html": "", "body_html": Markup("")}]},
    "sandbox_product.html.j2": {"image_html": "", "name": EVIL, "price": EVIL, "old_price": EVIL,
                                "discount": 5, "stock_line": EVIL, "status": EVIL,
                                "variants": EVIL, "url": EVIL},
    "sandbox_list.html.j2": {"lines": [EVIL]},
    "sandbox_sms.html.j2": {"text": EVIL},
    "heading.html.j2": {"level": 2, "anchor": EVIL, "title": EVIL, "note": EVIL},
    "section_menu.html.j2": {"title": EVIL, "back": EVIL, "href": EVIL},
    "section_group.html.j2": {"label": EVIL},
    "module_back.html.j2": {"back": EVIL, "href": EVIL},
    "section_nav.html.j2": {"menu": EVIL},
    "section_progress.html.j2": {"p": Progress(0, 1, 0, 1, EVIL, EVIL), "line": EVIL},
    "module_facilitator_guide.html.j2": {
        "title": EVIL, "intro": EVIL, "items_heading": EVIL, "modules": [
            {"id": EVIL, "title": EVIL, "notes_html": Markup("<p>n</p>"),
             "items": [{"id": EVIL, "title": EVIL, "notes_html": Markup("<p>n</p>")}]}]},
    "language_choice.html.j2": {"label": EVIL, "param": EVIL, "choices": [
        {"code": EVIL, "label": EVIL, "hint": EVIL, "current": False},
        {"code": EVIL, "label": EVIL, "hint": EVIL, "current": True}]},
    "session_rundown_now.html.j2": {"title": EVIL, "speaker": EVIL, "left": EVIL, "over": True,
                                    "planned": EVIL, "state": EVIL, "next_title": EVIL,
                                    "next_speaker": EVIL, "next_start": EVIL},
    "session_draw.html.j2": {"name": EVIL, "item": EVIL, "question": EVIL, "level_label": EVIL},
    "consent_question.html.j2": {"label": EVIL, "question": EVIL, "hint": EVIL},
    "coordinator_table.html.j2": {"caption": EVIL, "headers": [EVIL], "rows": [[EVIL, EVIL]]},
    "puskom_readiness.html.j2": {
        "lang": "id", "style": Markup("<style></style>"), "title": EVIL, "centre": EVIL,
        "facts": [(EVIL, EVIL)], "verdict": EVIL, "score_label": EVIL, "percent": EVIL,
        "verdict_label": EVIL, "rule_note": EVIL, "heads": [EVIL] * 5,
        "groups": [{"title": EVIL, "percent": EVIL, "rows": [{
            "state": EVIL, "question": EVIL, "factor": EVIL, "weight": EVIL, "answer": EVIL,
            "note": EVIL}]}],
        "factors_heading": EVIL, "factors": [(EVIL, EVIL)], "missing_heading": EVIL,
        "missing": [EVIL], "unanswered_heading": EVIL, "unanswered": [EVIL]},
    "session_draw_list.html.j2": {"rows": [{"name": EVIL, "item": EVIL, "level_label": EVIL},
                                           {"name": EVIL, "item": EVIL, "level_label": None}]},
    "room_own_questions.html.j2": {"head": EVIL, "answered_label": EVIL,
                                   "questions": [(EVIL, True), (EVIL, False)]},
    "session_person.html.j2": {"name": EVIL, "details": [EVIL], "state": EVIL, "kind": "ok",
                               "reason": EVIL},
    "room_help_line.html.j2": {"name": EVIL, "place": EVIL, "waiting": EVIL, "long": True},
    "room_question_line.html.j2": {"text": EVIL, "who": EVIL, "answered": True},
    "board_col_head.html.j2": {"css": "kit-x", "code": EVIL, "title": EVIL, "n": 1, "total": 2},
    "board_evidence.html.j2": {"name": EVIL, "code": EVIL, "title": EVIL, "level": 2,
                               "entries": [{"recorded_at": EVIL, "kind": EVIL,
                                            "lines": [(EVIL, EVIL)]}], "empty": EVIL},
    "board_head.html.j2": {"present": 3, "umkm": 2, "time": EVIL},
    "board_items.html.j2": {"items": [{"item_id": EVIL, "code": EVIL, "title": EVIL,
                                       "achieved": 1, "present": 2}]},
    "board_missing.html.j2": {"rows": [{"name": EVIL, "type": EVIL,
                                        "missing": [(EVIL, EVIL)]}]},
    "board_name.html.j2": {"text": EVIL, "bold": True},
    "session_report.html.j2": {
        "lang": "id", "style": Markup("<style></style>"), "kit_name": EVIL, "title": EVIL,
        "subtitle": EVIL, "made_line": EVIL, "contacts_note": EVIL, "sections": [{
            "number": 1, "key": "facts", "heading": EVIL, "paragraphs": [EVIL], "empty": EVIL,
            "charts": [{"src": "data:image/png;base64,AA", "alt": EVIL, "width": 80}],
            "tables": [{"caption": EVIL, "head": [EVIL], "rows": [[EVIL, ""], [EVIL, EVIL]],
                        "group_rows": [True, False]},
                       {"caption": "", "head": [], "rows": [[EVIL, EVIL]],
                        "group_rows": [False]}]}],
        "signature": {"place_date": EVIL, "left_lines": [EVIL], "left_name": EVIL,
                      "right_lines": [EVIL], "right_name": ""}},
}
NO_TEXT_SLOT = {"macros.html.j2", "register_intro.html.j2", "facilitator.html.j2"}
COVERED_BELOW = {"home.html.j2"}


def test_every_template_has_a_hostile_context() -> None:
    """No template under kit/ui/templates escapes this test (new ones must be added here)."""
    names = {p.name for p in TEMPLATES.glob("*.j2")}
    uncovered = names - NO_TEXT_SLOT - COVERED_BELOW - set(CONTEXTS)
    assert not uncovered, sorted(uncovered)


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_template_escapes_markup_in_text(name: str) -> None:
    """A template renders ``<script>`` in a text slot as ``&lt;script&gt;``, never as a tag."""
    out = render(name, "id", **CONTEXTS[name])
    assert "<script>" not in out
    if name not in NO_TEXT_SLOT:
        assert SAFE in out, out


def test_widget_builders_escape_markup() -> None:
    """The shared builders (fields, paragraphs, feedback, images, links) escape their text."""
    feedback = Feedback()
    outputs = []
    for show in (lambda: feedback.ok(EVIL), lambda: feedback.info(EVIL),
                 lambda: feedback.error([EVIL])):
        show()
        outputs.append(feedback.text)
    outputs += [para(EVIL + "\n\n" + EVIL), image_html(b"x", "image/png", EVIL),
                download_link(EVIL, b"x", "text/plain")]
    outputs += [child.value for child in field(EVIL, text(), EVIL).children[:2]]
    outputs.append(labelled(EVIL, text()).children[0].value)
    for out in outputs:
        assert "<script>" not in out and SAFE in out, out


def test_a_hostile_participant_is_shown_as_text(page: AdvokasiPage) -> None:
    """A participant named ``<script>…`` is greeted with the name escaped; no tag reaches HTML."""
    register_new(page, "Ibu " + EVIL)
    status = page.frame._identity_status.value
    assert "<script>" not in status and SAFE in status
    summary = page.frame.summary_html()
    assert "<script>" not in summary


def test_home_page_escapes_workspace_texts(tmp_path: Path) -> None:
    """The home page template shows district and session names with markup as text."""
    summary = {"participants": 2, "stage_counts": {None: 2}, "districts": {EVIL: 2},
               "sessions": [{"date": EVIL, "title": EVIL, "attendees": 2}]}
    for lang in ("id", "en"):
        out = render_home_html(summary, tmp_path, lang)
        assert "<script>" not in out and out.count(SAFE) == 3, out
