"""What every module page shares: the opening, a section menu, one open section, the closing.

A long module (advokasi was one page of ~58 phone screens, ~900 widgets) is not shown in one
piece. The page registers each section of the module (in the framework's order of materi and
items) with a *builder*; :meth:`ModulePage.contents` shows a menu of the sections grouped by
materi (with the participant's progress, and a way back to the module list) and ONE open section
below it. A section's widgets are built the first time it is opened
(:meth:`ModulePage.section_parts`): the page starts with the menu and the first section only (or
the participant's next unfinished one).

In classroom mode the page is built once in the fork server and forked per participant
(:mod:`kit.modules.page_rebind`); a materi opened later is built inside that participant's own
kernel, from the participant's own frame, so nothing of it reaches anyone else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from kit.framework import Text
from kit.i18n import _
from kit.modules.frame import ModuleFrame, box, button, html, text_in
from kit.modules.help_widgets import RoomBar
from kit.ui import render

V = TypeVar("V")
Builder = Callable[[], list[Any]]


@attrs.frozen
class SectionEntry:
    """One section of the page: its materi, title, the items it covers and its builder."""

    id: str
    materi_id: str
    title: Text
    item_ids: tuple[str, ...]
    build: Builder


class LazyParts(Mapping[str, V]):
    """A page's handles (checks, tools, sections) that builds the section holding a missing key.

    ``page.checks["adv_nawacita"]`` works whether or not that section was opened: the page builds
    the sections, in order, until the key exists. Iterating builds every section. The page's own
    refresh code uses :meth:`built`, which never builds.
    """

    def __init__(self, page: ModulePage):
        self._page = page
        self._data: dict[str, V] = {}

    def __setitem__(self, key: str, value: V) -> None:
        self._data[key] = value

    def __getitem__(self, key: str) -> V:
        if key not in self._data:
            self._page.build_until(lambda: key in self._data)
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        self._page.build_all()
        return iter(self._data)

    def __len__(self) -> int:
        self._page.build_all()
        return len(self._data)

    def built(self) -> dict[str, V]:
        """The handles built so far (builds nothing)."""
        return dict(self._data)


class ModulePage:
    """Base of the module pages: subclasses call :meth:`add_section` for each section, in order."""

    def __init__(self, frame: ModuleFrame):
        self.frame = frame
        self.entries: dict[str, SectionEntry] = {}
        self.built: dict[str, list[Any]] = {}
        self.open_id: str | None = None
        self._headings: dict[str, Any] = {}
        self._buttons: dict[str, Any] = {}
        self.menu_head: Any = None
        self._stage: Any = None
        self._navs: dict[str, Any] = {}
        self.room_bar: RoomBar | None = None
        frame.progress_template = "section_progress.html.j2"

    # ---------------------------------------------------------------- sections

    def add_section(self, section_id: str, materi_id: str, title: Text,
                    item_ids: Sequence[str], build: Builder) -> None:
        """Register a section: counted in the progress now, its widgets built on opening."""
        f = self.frame
        f.register_section(section_id, text_in(title, f.lang))
        self.entries[section_id] = SectionEntry(
            id=section_id, materi_id=materi_id, title=title, item_ids=tuple(item_ids),
            build=build)

    def section_parts(self, section_id: str) -> list[Any]:
        """The widgets of one section, built the first time they are asked for."""
        if section_id not in self.built:
            self.built[section_id] = self.entries[section_id].build()
        return self.built[section_id]

    def materi_heading(self, materi_id: str) -> Any:
        """The heading of a materi (one widget per materi, made when first shown)."""
        if materi_id not in self._headings:
            self._headings[materi_id] = self.frame.materi_heading(materi_id)
        return self._headings[materi_id]

    def materi_parts(self, materi_id: str) -> list[Any]:
        """A materi's heading and all its sections (builds them)."""
        parts = [self.materi_heading(materi_id)]
        for entry in self.entries.values():
            if entry.materi_id == materi_id:
                parts.extend(self.section_parts(entry.id))
        return parts

    def build_until(self, done: Callable[[], bool]) -> None:
        """Build the sections in order until ``done()`` holds (or every section is built)."""
        for section_id in self.entries:
            if done():
                return
            self.section_parts(section_id)

    def build_all(self) -> None:
        """Build every section (tests, or a caller that needs every part)."""
        self.build_until(lambda: False)

    # ---------------------------------------------------------------- page parts

    def opening(self) -> list[Any]:
        """The way back, style, header, identity and progress: the same opening everywhere."""
        f = self.frame
        back = html(self._back_html())
        f.on_fork_refresh(lambda: setattr(back, "value", self._back_html()))
        self.room_bar = RoomBar(f, lambda: self.open_id)
        return [f.style(), f.root([back]), f.header(), f.identity(), f.progress(),
                self.room_bar.widget]

    def _back_html(self) -> str:
        return render("module_back.html.j2", self.frame.lang, back=_("Back to the module list"),
                      href=self.frame.module_list_href())

    def closing(self) -> list[Any]:
        """The summary with the submission download (and room below it for the fixed bar)."""
        return [self.frame.summary(), html("", ("kit-help-spacer",))]

    def _menu_head(self) -> str:
        f = self.frame
        return render("section_menu.html.j2", f.lang, title=_("Parts of this module"),
                      back=_("Back to the module list"), href=f.module_list_href())

    def contents(self) -> list[Any]:
        """The section menu and the open section (the first, or the next unfinished one)."""
        f = self.frame
        self.menu_head = head = html(self._menu_head())
        f.on_fork_refresh(lambda: setattr(head, "value", self._menu_head()))
        menu: list[Any] = [head]
        materi = {m.id: m for m in f.activity.materi}
        shown: set[str] = set()
        for entry in self.entries.values():
            m = materi[entry.materi_id]
            if entry.materi_id not in shown and entry.id != entry.materi_id:
                shown.add(entry.materi_id)
                menu.append(html(render("section_group.html.j2", f.lang, label=_(
                    "Part {no}: {title}").format(no=m.no, title=text_in(m.title, f.lang)))))
            b = button("", classes=("kit-menu-entry",))
            b.on_click(lambda _b, section_id=entry.id: self.open(section_id))
            self._buttons[entry.id] = b
            menu.append(b)
        self._stage = box([], ("kit-stage",))
        f.on_participant(lambda _f: self._refresh_menu())
        self.open(self.next_section())
        # Built once for the classroom (nobody known yet), forked for a participant who already
        # finished some sections: open where they stopped (built in their own kernel).
        f.on_fork_refresh(lambda: self.open(self.next_section()))
        return [f.root(menu, ("kit-menu-root",)), self._stage]

    def next_section(self) -> str:
        """The participant's first unfinished section, else the first section."""
        for section_id in self.entries:
            if not self.frame.session.section_done(section_id):
                return section_id
        return next(iter(self.entries))

    def open(self, section_id: str) -> None:
        """Show ``section_id`` below the menu (building its widgets the first time)."""
        parts = self.section_parts(section_id)
        self.open_id = section_id
        if self._stage is not None:
            heading = self.materi_heading(self.entries[section_id].materi_id)
            self._stage.children = [heading, *parts, self._nav(section_id)]
        self._refresh_menu()

    def _nav(self, section_id: str) -> Any:
        """Below an open section: the next section's button and a link back to the menu."""
        if section_id not in self._navs:
            ids = list(self.entries)
            at = ids.index(section_id)
            parts: list[Any] = []
            if at + 1 < len(ids):
                following = self.entries[ids[at + 1]]
                nxt = button(_("Next: {title}").format(
                    title=text_in(following.title, self.frame.lang)), primary=True)
                nxt.on_click(lambda _b: self.open(following.id))
                parts.append(nxt)
            parts.append(html(render("section_nav.html.j2", self.frame.lang,
                                     menu=_("Back to the parts of this module"))))
            self._navs[section_id] = self.frame.root(parts, ("kit-section-nav",))
        return self._navs[section_id]

    def menu_line(self, entry: SectionEntry) -> str:
        """A menu entry's text: its title, ✓ when finished or its items achieved."""
        f = self.frame
        title = text_in(entry.title, f.lang)
        if entry.id == entry.materi_id:
            no = next(m.no for m in f.activity.materi if m.id == entry.materi_id)
            title = f"{no}. {title}"
        if f.participant is None:
            return title
        achieved = sum(1 for i in entry.item_ids if f.session.is_achieved(f.levels.get(i)))
        done = f.session.section_done(entry.id) or (
            bool(entry.item_ids) and achieved == len(entry.item_ids))
        if len(entry.item_ids) > 1:
            title = _("{title} · {achieved} of {total} items achieved").format(
                title=title, achieved=achieved, total=len(entry.item_ids))
        return ("✓ " if done else "") + title

    def _refresh_menu(self) -> None:
        for section_id, b in self._buttons.items():
            b.description = self.menu_line(self.entries[section_id])
            # A class, not button_style: the front end may not re-apply a changed style.
            if section_id == self.open_id:
                b.add_class("kit-menu-open")
            else:
                b.remove_class("kit-menu-open")

    @staticmethod
    def column(parts: list[Any]) -> Any:
        """``parts`` in one full-width column: a notebook cell's last expression shows it.

        (Voila renders a cell's returned widget reliably; pages return one column per cell
        rather than calling ``display`` several times.)
        """
        return box(parts)
