"""Printable ballot slips: one one-time code per open ballot on each slip, with cut lines.

:func:`kit.community.ballot_service.issue_slips` returns the plain codes once; this module lays
them out to print (A4 PDF with fpdf2 and the kit's DejaVu fonts, or a light HTML page), big
letters, a dashed cut line between slips, so the facilitator cuts them, shuffles the pile and
hands one out at check-in. The file is the only place the plain codes exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import attrs

from kit.i18n import gettext_

PAGE_HEIGHT = 297.0
MARGIN = 12.0
WIDTH = 210.0 - 2 * MARGIN


@attrs.frozen
class SlipBallot:
    """A ballot printed on the slips: its id and the role it elects, as a person reads it."""

    election_id: str
    role: str


def _lines(community: str, lang: str) -> tuple[str, str]:
    """The slip's title and its instruction."""
    return (gettext_("Ballot slip — {community}", lang).format(community=community),
            gettext_("On your phone open the ballot page (/kelas/pilih) and type the code for "
                     "each role. Keep this slip to yourself; a code works once.", lang))


def slips_html(community: str, ballots: Sequence[SlipBallot],
               slips: Sequence[Mapping[str, str]], lang: str) -> str:
    """The slips as one printable HTML page (every text escaped)."""
    title, help_text = _lines(community, lang)
    parts = []
    for slip in slips:
        rows = "".join(f"<tr><td>{escape(b.role)}</td><td class='code'>"
                       f"{escape(slip[b.election_id])}</td></tr>" for b in ballots)
        parts.append(f"<div class='slip'><h2>{escape(title)}</h2><table>{rows}</table>"
                     f"<p>{escape(help_text)}</p></div>")
    style = ("body{font-family:sans-serif;margin:0}.slip{border-bottom:2px dashed #000;"
             "padding:6mm 4mm;page-break-inside:avoid}.code{font-size:28pt;font-weight:bold;"
             "font-family:monospace;letter-spacing:2px;padding-left:8mm}h2{margin:0 0 2mm;"
             "font-size:13pt}p{margin:2mm 0 0;font-size:10pt}td{font-size:13pt}")
    return (f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>"
            f"<title>{escape(title)}</title><style>{style}</style></head><body>"
            + "".join(parts) + "</body></html>")


def slips_pdf(community: str, ballots: Sequence[SlipBallot],
              slips: Sequence[Mapping[str, str]], lang: str) -> bytes:
    """The slips on A4 pages, as many as fit, a dashed cut line under each."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from kit.reports.session_report.pdf_page import FONT_DIR

    title, help_text = _lines(community, lang)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    height = 30.0 + 13.0 * len(ballots)
    pdf.add_page()
    for slip in slips:
        if pdf.get_y() + height > PAGE_HEIGHT - MARGIN:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(WIDTH, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for ballot in ballots:
            pdf.set_font("DejaVu", "", 13)
            pdf.cell(60, 13, ballot.role)
            pdf.set_font("DejaVu", "B", 26)
            pdf.cell(WIDTH - 60, 13, slip[ballot.election_id], new_x=XPos.LMARGIN,
                     new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(WIDTH, 4.5, help_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        cut = top + height - 2
        with pdf.local_context():
            pdf.set_dash_pattern(dash=2, gap=2)
            pdf.line(MARGIN - 6, cut, MARGIN + WIDTH + 6, cut)
        pdf.set_y(cut + 4)
    return bytes(pdf.output())
