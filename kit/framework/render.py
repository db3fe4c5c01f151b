"""Render the framework as JSON-ready data or as Markdown tables (one per activity)."""

from __future__ import annotations

from typing import Any

from kit.framework.model import Activity, Framework, Item, PuskomProgramme, Text
from kit.i18n import _


def _t(text: Text) -> dict[str, str]:
    return text.as_dict()


def item_dict(item: Item, lang: str = "id") -> dict[str, Any]:
    """One item as a JSON-ready dict (texts in ``lang``; ``*_i18n`` keys carry both)."""
    return {
        "id": item.id,
        "title": item.title.get(lang),
        "competency": item.competency.get(lang),
        "indicator": item.indicator.get(lang),
        "form": item.form.get(lang),
        "stage": item.stage,
        "materi": item.materi_id,
        "activity": item.activity_id,
        "title_i18n": _t(item.title),
        "competency_i18n": _t(item.competency),
        "indicator_i18n": _t(item.indicator),
        "form_i18n": _t(item.form),
    }


def _activity_dict(a: Activity, lang: str) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title.get(lang),
        "title_i18n": _t(a.title),
        "short_title": a.short_title.get(lang),
        "chapter": a.chapter,
        "table": a.table,
        "format": a.format.get(lang),
        "objectives": {
            "general": [o.text.get(lang) for o in a.objectives_general],
            "specific": [
                {"text": o.text.get(lang), "stage": o.stage} for o in a.objectives_specific
            ],
        },
        "participants": {
            "who": [w.get(lang) for w in a.participants],
            "size": {"min": a.size_min, "max": a.size_max},
            "room_capacity": {"min": a.room_min, "max": a.room_max},
        },
        "prerequisites": list(a.prerequisites),
        "duration": {"label": a.duration_label.get(lang), "minutes": a.duration_minutes},
        "rundown": [
            {"id": e.id, "kind": e.kind, "minutes": e.minutes, "title": e.title.get(lang),
             "materi": list(e.materi)}
            for e in a.rundown
        ],
        "strategy": [
            {"no": s.no, "issue": s.issue.get(lang), "speaker": s.speaker.get(lang)}
            for s in a.strategy
        ],
        "session_design": [
            {"no": d.no, "session": d.session.get(lang), "description": d.description.get(lang)}
            for d in a.session_design
        ],
        "materi": [
            {
                "id": m.id,
                "no": m.no,
                "title": m.title.get(lang),
                "title_i18n": _t(m.title),
                "competency": m.competency.get(lang),
                "form": m.form.get(lang),
                "stage": m.stage,
                "items": [item_dict(i, lang) for i in m.items],
            }
            for m in a.materi
        ],
    }


def _programme_dict(p: PuskomProgramme, lang: str) -> dict[str, Any]:
    return {
        "id": p.id,
        "no": p.no,
        "kind": p.kind,
        "title": p.title.get(lang),
        "description": p.description.get(lang) if p.description else None,
        "trainings": [_programme_dict(t, lang) for t in p.trainings],
    }


def framework_dict(fw: Framework, lang: str = "id") -> dict[str, Any]:
    """The whole framework as JSON-ready data (the shape of ``framework show --format json``)."""
    return {
        "stages": [
            {
                "id": s.id,
                "order": s.order,
                "title": s.title.get(lang),
                "title_i18n": _t(s.title),
                "section": s.section,
                "purpose": s.purpose.get(lang),
                "supports": [x.get(lang) for x in s.supports],
                "obstacles": [x.get(lang) for x in s.obstacles],
                "activities": list(s.activities),
            }
            for s in fw.stages
        ],
        "activities": [_activity_dict(a, lang) for a in fw.activities],
        "puskom": {
            "id": fw.puskom.id,
            "title": fw.puskom.title.get(lang),
            "stage": fw.puskom.stage,
            "purpose": fw.puskom.purpose.get(lang),
            "aspects": [
                {"id": x.id, "title": x.title.get(lang), "description": x.description.get(lang)}
                for x in fw.puskom.aspects
            ],
            "programmes": [_programme_dict(p, lang) for p in fw.puskom.programmes],
        },
        "rubric": {
            "levels": [
                {"level": lv.level, "id": lv.id, "title": lv.title.get(lang),
                 "description": lv.description.get(lang)}
                for lv in fw.rubric.levels
            ],
            "achieved_min_level": fw.rubric.achieved_min_level,
            "points_per_item": fw.rubric.points_per_item,
        },
        "stage_rule": {
            "items": "all" if fw.stage_rule.all_items else "some",
            "prerequisites": {
                stage_id: {"stage": pre.stage, "attended": list(pre.attended),
                           "section": pre.section}
                for stage_id, pre in fw.stage_rule.prerequisites.items()
            },
        },
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def framework_markdown(fw: Framework, lang: str = "id") -> str:
    """A readable Markdown document: stages, then one competency table per activity."""
    stage_titles = {s.id: s.title.get(lang) for s in fw.stages}
    heading = _("Competency framework", lang=lang)
    stages_heading = _("Stages", lang=lang)
    table_word = _("Table", lang=lang)
    participants_word = _("participants", lang=lang)
    columns = [
        _("Item id", lang=lang),
        _("Materi / sub-materi", lang=lang),
        _("Competency", lang=lang),
        _("Indicator", lang=lang),
        _("Form of activity", lang=lang),
        _("Stage", lang=lang),
    ]
    lines = [f"# {heading}", "", f"## {stages_heading}", ""]
    for s in fw.stages:
        lines.append(f"{s.order}. **{s.title.get(lang)}** (`{s.id}`) — {s.purpose.get(lang)}")
    for a in fw.activities:
        lines += [
            "",
            f"## {a.title.get(lang)} (`{a.id}`)",
            "",
            f"{table_word} {a.table} · {a.duration_label.get(lang)} · "
            f"{participants_word} {a.size_min}–{a.size_max}",
            "",
            "| " + " | ".join(columns) + " |",
            "|---|---|---|---|---|---|",
        ]
        for m in a.materi:
            lines.append(f"| `{m.id}` | **{m.no}. {_cell(m.title.get(lang))}** | | | | |")
            for i in m.items:
                lines.append(
                    f"| `{i.id}` | {_cell(i.title.get(lang))} | {_cell(i.competency.get(lang))} "
                    f"| {_cell(i.indicator.get(lang))} | {_cell(i.form.get(lang))} "
                    f"| {_cell(stage_titles[i.stage])} |"
                )
    lines += ["", f"## {fw.puskom.title.get(lang)} (`{fw.puskom.id}`)", ""]
    for x in fw.puskom.aspects:
        lines.append(f"- **{x.title.get(lang)}** — {x.description.get(lang)}")
    lines.append("")
    for p in fw.puskom.programmes:
        lines.append(f"{p.no}. **{p.title.get(lang)}**")
        for t in p.trainings:
            desc = t.description.get(lang) if t.description else ""
            lines.append(f"    - {t.no}. {t.title.get(lang)} — {desc}")
    return "\n".join(lines) + "\n"


def activity_summary(a: Activity, lang: str = "id") -> str:
    """One line per activity for ``framework check``."""
    return _("{id}: {materi} materi, {items} items, table {table}, {minutes} min, "
             "{size_min}–{size_max} participants", lang=lang).format(
        id=a.id, materi=len(a.materi), items=len(a.items), table=a.table,
        minutes=a.duration_minutes, size_min=a.size_min, size_max=a.size_max)
