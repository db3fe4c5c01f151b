"""The bimtek module (chapter IV, Table 4.3): one section per materi with the practice sandbox.

:func:`build_bimtek` returns a :class:`BimtekPage`; ``modules/bimtek.py`` only displays its parts.
Each materi (email → Presence, blog → Portal, store → Transaction Integration) gets one section:
the status of its items, each item's short guide (``modules/bimtek/<item_id>.md``), the
sandbox part of :mod:`kit.sandbox` bound to the chosen participant, and the step lists for the
real services (``modules/bimtek/guides.yaml``). Items come from the framework only.

The sandbox records evidence itself (:mod:`kit.sandbox.practice`, source ``autograde``); the page
listens to every recorded success (:class:`PagePractice`) to refresh the progress, to keep a copy
of the evidence for the submission file, and to redraw the other sandbox parts (a product made in
the store shows up in the blog's product list).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import attrs

from kit.framework import Text, framework
from kit.i18n import _
from kit.modules.content import ModuleContent, module_content
from kit.modules.frame import ModuleFrame, box, html, text_in
from kit.modules.markdown import esc, to_html
from kit.modules.page import LazyParts, ModulePage
from kit.sandbox.blog_widgets import BlogApp
from kit.sandbox.guides import guide_widget
from kit.sandbox.mail_widgets import MailApp
from kit.sandbox.practice import PARTS, Practice
from kit.sandbox.store_widgets import StoreApp
from kit.workspace import Workspace

MODULE_ID = "bimtek"
TOOL_PREFIX = "praktik_"
Recorded = Callable[[str, "int | None", dict[str, Any]], None]


def practice_tool(item_id: str) -> str:
    """The tool name under which the page keeps the practice evidence of ``item_id``."""
    return f"{TOOL_PREFIX}{item_id}"


class PagePractice(Practice):
    """A :class:`Practice` that tells the page after every successful, recorded action."""

    def __init__(self, ws: Workspace, participant_id: str, session_id: str | None,
                 on_record: Recorded):
        super().__init__(ws, participant_id, session_id)
        self.on_record = on_record

    def _record(self, item_id: str, details: dict[str, Any]) -> int | None:
        level = super()._record(item_id, details)
        self.on_record(item_id, level, details)
        return level


def bimtek_content() -> ModuleContent:
    """The bimtek texts as the page shows them.

    The intro opens with the framework's duration ("one full day, about 8 hours"), and every item
    gets a practice "tool" so that the submission file carries the practice evidence.
    """
    content = module_content(MODULE_ID)
    activity = framework().activity(content.activity_id)
    label = activity.duration_label
    intro = Text(indonesian=f"**{label.indonesian}.** {content.intro.indonesian}",
                 english=(f"{label.english}. {content.intro.english}"
                          if content.intro.english else label.english))
    return attrs.evolve(content, intro=intro, duration_minutes=activity.duration_minutes,
                        tools={**content.tools,
                               **{practice_tool(i.id): i.id for i in activity.items}})


class BimtekPage(ModulePage):
    """The built page: the frame, one section per materi, and the sandbox parts when bound."""

    def __init__(self, frame: ModuleFrame):
        super().__init__(frame)
        self.part_of = {materi_id: part for part, materi_id in PARTS.items()}
        self.practice: PagePractice | None = None
        self.mail: MailApp | None = None
        self.blog: BlogApp | None = None
        self.store: StoreApp | None = None
        self.bound_to: str | None = None
        self.bound = False
        self.slots: LazyParts[Any] = LazyParts(self)
        self.status: LazyParts[Any] = LazyParts(self)
        self.sections: LazyParts[Any] = LazyParts(self)
        for materi in frame.activity.materi:
            self.add_section(materi.id, materi.id, materi.title, [i.id for i in materi.items],
                             partial(self._build_materi, materi.id))
        frame.on_participant(self._participant_changed)

    def _build_materi(self, materi_id: str) -> list[Any]:
        frame = self.frame
        materi = next(m for m in frame.activity.materi if m.id == materi_id)
        part = self.part_of[materi.id]
        real = _("After the practice: the same steps on the real service")
        slot = box(self._slot_children(materi.id))
        self.slots[materi.id] = slot
        status = html(self.status_html(materi.id), classes=("kit-card",))
        self.status[materi.id] = status
        section = frame.section(
            materi.id, materi.title,
            [status, html(self._guides_html(materi.id)),
             html("<h3>" + esc(_("Practice")) + "</h3>"), slot, guide_widget(part, real)],
            intro_html=self._intro_html(materi.id))
        self.sections[materi.id] = section
        return [section]

    # ---------------------------------------------------------------- texts

    def _intro_html(self, materi_id: str) -> str:
        materi = next(m for m in self.frame.activity.materi if m.id == materi_id)
        stage = self.frame.fw.stage(materi.stage) if materi.stage else None
        if stage is None:
            return ""
        line = _("This part brings your business to the {stage} stage.").format(
            stage=text_in(stage.title, self.frame.lang))
        return f"<p class='kit-muted'>{esc(line)}</p>"

    def _guides_html(self, materi_id: str) -> str:
        """Each item's short guide, folded, in framework order (facilitator notes: the guide)."""
        f = self.frame
        materi = next(m for m in f.activity.materi if m.id == materi_id)
        parts = ["<h3>" + esc(_("Step by step")) + "</h3>"]
        for n, item in enumerate(materi.items, start=1):
            text = f.content.sections[item.id]
            parts.append(
                f"<details id='kit-guide-{esc(item.id)}'><summary>{n}. "
                f"{esc(text_in(item.title, f.lang))}</summary>{to_html(text.body)}"
                f"{f.en_line(text.summary_en)}</details>")
        return "".join(parts)

    def status_html(self, materi_id: str) -> str:
        """The items of a materi with the participant's deciding level (✓ when achieved)."""
        f = self.frame
        materi = next(m for m in f.activity.materi if m.id == materi_id)
        levels = {lv.level: lv for lv in f.fw.rubric.levels}
        rows = []
        for item in materi.items:
            level = f.levels.get(item.id)
            ok = level is not None and f.fw.rubric.is_achieved(level)
            mark = "<span class='kit-ok'>✓</span>" if ok else "<span class='kit-muted'>○</span>"
            state = esc(text_in(levels[level].title, f.lang)) if level in levels \
                else esc(_("not practised yet"))
            rows.append(f"<li>{mark} {esc(text_in(item.title, f.lang))} "
                        f"<span class='kit-muted'>— {state}</span></li>")
        done = sum(1 for i in materi.items if f.fw.rubric.is_achieved(f.levels.get(i.id, -1)))
        head = esc(_("In this part: {done} of {total} items achieved").format(
            done=done, total=len(materi.items)))
        return f"<p><b>{head}</b></p><ul>{''.join(rows)}</ul>"

    # ---------------------------------------------------------------- binding

    def _participant_changed(self, frame: ModuleFrame) -> None:
        pid = frame.participant_id
        if not self.bound or pid != self.bound_to:
            self._bind(pid)
        for materi_id, widget in self.status.built().items():
            widget.value = self.status_html(materi_id)

    def _bind(self, pid: str | None) -> None:
        """Build the sandbox parts for ``pid`` (their saved state comes from the workspace)."""
        self.bound_to, self.bound = pid, True
        if pid is None:
            self.practice = self.mail = self.blog = self.store = None
        else:
            self.practice = PagePractice(self.frame.ctx.ws, pid, self.frame.session_id,
                                         self._recorded)
            self.mail = MailApp(self.practice)
            self.blog = BlogApp(self.practice)
            self.store = StoreApp(self.practice)
        for materi_id, slot in self.slots.built().items():
            slot.children = self._slot_children(materi_id)

    def _slot_children(self, materi_id: str) -> list[Any]:
        """A materi's practice slot: its sandbox app when bound, else "choose your name"."""
        apps = {"mail": self.mail, "blog": self.blog, "store": self.store}
        app = apps[self.part_of[materi_id]]
        if not self.bound or self.bound_to is None or app is None:
            return [html("<p class='kit-muted'>" + esc(_(
                "Choose your name at the top first: the practice is kept under your name.")) +
                "</p>")]
        return [app.widget]

    def _recorded(self, item_id: str, level: int | None, details: dict[str, Any]) -> None:
        """After a sandbox success: keep the evidence, refresh the progress and the other parts."""
        f = self.frame
        if f.participant is None:
            return
        if level is not None:
            f.save_tool(practice_tool(item_id), item_id, {"level": level, **details})
        f.set_participant(f.participant)  # reload the deciding levels and notify every part
        for app in (self.blog, self.store):
            if app is not None:
                app.refresh()

    # ---------------------------------------------------------------- page parts



def build_bimtek(workspace: Path | None = None, local_home: Path | None = None) -> BimtekPage:
    """Build the bimtek page for the roster workspace (``$UMKM_KIT_WORKSPACE``) or locally."""
    return BimtekPage(ModuleFrame(MODULE_ID, workspace=workspace, local_home=local_home,
                                  content=bimtek_content()))
