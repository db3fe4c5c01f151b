"""A one-page participant handout per activity, from the framework alone (nothing invented).

What the activity is (its title, format and duration), what it aims at (its general and specific
objectives), who it is for (the guide's list of participants), what it covers (its materi, each
with the competency it builds and the titles of its items) and how to prepare: which activity
to have attended first (its prerequisites) and the guide's own "how it is delivered" line of
each materi. Printed on one A4 page with the kit's header (the text shrinks until it fits).
"""

from __future__ import annotations

from fpdf.enums import Align, XPos, YPos

from kit.framework import Activity, Framework, framework
from kit.i18n import _, gettext_
from kit.reports.session_report.gather import ReportInputError
from kit.reports.session_report.pdf_page import FONT, Page


def activity_for_handout(activity_id: str, fw: Framework | None = None) -> Activity:
    """The framework's activity ``activity_id`` (:class:`ReportInputError` if there is none)."""
    fw = fw or framework()
    try:
        return fw.activity(activity_id)
    except KeyError:
        known = ", ".join(a.id for a in fw.activities)
        raise ReportInputError("activity_id", _("unknown activity {given!r}; the activities "
                                                "are: {known}").format(given=activity_id,
                                                                       known=known)) from None


def _text(pdf: Page, text: str, size: float, style: str = "", indent: float = 0) -> None:
    """One left-aligned paragraph in ``size`` points (``style``: "", "B" or "I")."""
    pdf.set_font(FONT, style, size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.inner_width - indent, size * 0.48, text, align=Align.L,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _draw(activity: Activity, lang: str, size: float) -> Page:
    pdf = Page(gettext_("e-UMKM training and assessment kit", lang),
               gettext_("Participant handout", lang), lang)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    _text(pdf, activity.title.get(lang), size + 6, "B")
    _text(pdf, f"{activity.format.get(lang)} · {activity.duration_label.get(lang)}", size)
    pdf.ln(1.5)
    pdf.heading(gettext_("What this activity is for", lang), size + 2)
    for objective in activity.objectives_general:
        _text(pdf, "• " + objective.text.get(lang), size, indent=3)
    if activity.objectives_specific:
        _text(pdf, gettext_("You will hear about:", lang), size, "B")
        for objective in activity.objectives_specific:
            _text(pdf, "• " + objective.text.get(lang).rstrip("."), size, indent=3)
    if activity.participants:
        pdf.heading(gettext_("Who it is for", lang), size + 2)
        _text(pdf, "; ".join(p.get(lang) for p in activity.participants) + ".", size)
    pdf.heading(gettext_("Materi", lang), size + 2)
    for m in activity.materi:
        _text(pdf, f"{m.no}. {m.title.get(lang)}", size, "B")
        _text(pdf, m.competency.get(lang), size - 0.5)
        _text(pdf, "{label} {items}".format(
            label=gettext_("Covers:", lang),
            items="; ".join(item.title.get(lang) for item in m.items)), size - 1, "I")
        pdf.ln(0.8)
    pdf.heading(gettext_("How to prepare", lang), size + 2)
    fw = framework()
    for pre in activity.prerequisites:
        _text(pdf, "• " + gettext_("Take part in {activity} first.", lang).format(
            activity=fw.activity(pre).title.get(lang)), size, indent=3)
    for form in dict.fromkeys(m.form.get(lang) for m in activity.materi):
        _text(pdf, "• " + gettext_("How it is delivered: {form}", lang).format(form=form),
              size, indent=3)
    return pdf


def render(activity: Activity, lang: str = "id") -> bytes:
    """The handout of ``activity`` as PDF bytes, on one page (the text shrinks to fit)."""
    size = 10.0
    while True:
        pdf = _draw(activity, lang, size)
        if (pdf.page_no() == 1 and pdf.get_y() <= pdf.h - 16) or size <= 6:
            return bytes(pdf.output())
        size -= 0.5
