"""The A4 page every printable of the kit shares (fpdf2): DejaVu fonts, header, "page x of y".

The fonts are the DejaVu TTF files that ship inside matplotlib (no system font needed), so
Indonesian names, "—" and "…" print as written. :class:`Page` draws the kit's name and a title
line at the top of every page and "Halaman 1 dari 3" at the bottom; :func:`table` draws a
:class:`~kit.reports.session_report.document.Table` with wrapping cells and repeated heads.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from kit.i18n import gettext_
from kit.reports.session_report.document import Cell, Chart, Section, Table

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
GREY = (225, 225, 225)
TEXT_SIZE = 9.5


def is_group_row(values: tuple[Cell, ...]) -> bool:
    """A row that only names a group (a materi above its items): text first, the rest blank."""
    return len(values) > 1 and all(v == "" for v in values[1:])


def short_column(t: Table, column: int) -> bool:
    """Whether column ``column`` holds only numbers or short codes (centred, not wrapped)."""
    values = [r[column] for r in t.rows if not is_group_row(r) and r[column] not in ("", "-")]
    return bool(values) and all(isinstance(v, int | float) or len(str(v)) <= 8 for v in values)


class Page(FPDF):
    """An A4 portrait page with the kit's header and a "page x of y" footer."""

    def __init__(self, kit_name: str, title: str, lang: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.kit_name, self.title_line, self.lang = kit_name, title, lang
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator(kit_name)

    def header(self) -> None:
        """The kit's name and the document's title line, over a thin rule."""
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, self.kit_name, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "B", 8)
        self.cell(0, 4, self.title_line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_text_color(0, 0, 0)
        self.ln(5)

    def footer(self) -> None:
        """The page number ("Halaman 1 dari 3") centred at the bottom."""
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, gettext_("Page {page} of {total}", self.lang).format(
            page=self.page_no(), total="{nb}"), align=Align.C)
        self.set_text_color(0, 0, 0)

    @property
    def inner_width(self) -> float:
        """Width between the margins (mm)."""
        return float(self.epw)

    def heading(self, text: str, size: float = 12.5) -> None:
        """A bold heading; never left alone at the bottom of a page."""
        if self.will_page_break(26):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_font(FONT, "", TEXT_SIZE)

    def paragraph(self, text: str, italic: bool = False) -> None:
        """A paragraph of body text."""
        self.set_font(FONT, "I" if italic else "", TEXT_SIZE)
        self.multi_cell(0, 5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", TEXT_SIZE)
        self.ln(1)

    def draw_table(self, t: Table) -> None:
        """Draw ``t``: a grey head row repeated on each page, or bold labels for a list."""
        if t.caption:
            if self.will_page_break(20):
                self.add_page()
            self.set_font(FONT, "B", TEXT_SIZE)
            self.multi_cell(0, 5, t.caption, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 8.5 if len(t.widths) > 4 else TEXT_SIZE)
        aligns = tuple("CENTER" if t.head and i and short_column(t, i) else "LEFT"
                       for i in range(len(t.widths)))
        with self.table(
                col_widths=t.widths, width=self.inner_width * min(1.0, sum(t.widths) / 100),
                align="LEFT", line_height=4.6, text_align=aligns,
                first_row_as_headings=bool(t.head),
                headings_style=FontFace(emphasis="BOLD", fill_color=GREY),
                cell_fill_color=(246, 246, 246), cell_fill_mode=TableCellFillMode.ROWS,
                borders_layout="SINGLE_TOP_LINE" if t.head else "NONE",
                padding=(1.0, 1.2)) as grid:
            if t.head:
                head = grid.row()
                for text in t.head:
                    head.cell(text)
            for values in t.rows:
                row = grid.row()
                if is_group_row(values):
                    row.cell(str(values[0]), colspan=len(values), align="LEFT",
                             style=FontFace(emphasis="BOLD"))
                    continue
                for n, value in enumerate(values):
                    style = FontFace(emphasis="BOLD") if not t.head and n == 0 else None
                    row.cell(str(value), style=style)
        self.ln(3)

    def section(self, number: int, section: Section, keep_room: float = 0) -> None:
        """A numbered section: heading, paragraphs, tables, charts, or its "no data" line.

        With ``keep_room`` (mm) a section that would start with less room than that below its
        heading starts on a new page, so a heading never ends a page without its table.
        """
        if keep_room and self.get_y() > self.t_margin + 20 and self.will_page_break(keep_room):
            self.add_page()
        self.heading(f"{number}. {section.heading}")
        for text in section.paragraphs:
            self.paragraph(text)
        for table in section.tables:
            self.draw_table(table)
        for chart in section.charts:
            self.chart(chart)
        if section.empty:
            self.paragraph(section.empty, italic=True)

    def chart(self, chart: Chart) -> None:
        """Place a chart centred, at its share of the width between the margins."""
        w = self.inner_width * chart.width / 100
        self.image(io.BytesIO(chart.png), x=Align.C, w=w, alt_text=chart.alt)
        self.ln(3)
