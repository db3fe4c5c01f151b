"""Helpers shared by the module tests: pick a participant, answer a check."""

from __future__ import annotations

from kit.classroom import store
from kit.classroom.store import Classroom
from kit.modules.advokasi import AdvokasiPage
from kit.modules.identity import roster
from kit.modules.widgets import KnowledgeCheck
from kit.records.participants import Participant
from kit.records.sessions import check_in
from kit.storage.db import write_tx
from kit.workspace import Workspace


def pick(page: AdvokasiPage, query: str) -> str:
    """Search the roster for ``query``, select the first match, confirm; return its id."""
    picker = page.frame.picker
    assert picker is not None
    picker.query.value = query
    assert picker.matches.options, f"no roster match for {query!r}"
    picker.matches.value = picker.matches.options[0][1]
    picker.pick.click()
    assert page.frame.participant is not None
    return page.frame.participant.id


def answer(check: KnowledgeCheck, n_right: int) -> None:
    """Fill the drawn questions: the first ``n_right`` correctly, the rest wrongly."""
    for n, (qid, field) in enumerate(check.inputs.items()):
        q = check.bank.get(qid)
        right = n < n_right
        if q.kind == "choice":
            idx = q.correct_index
            assert idx is not None
            field.value = idx if right else next(i for i in range(len(q.choices)) if i != idx)
        else:
            field.value = q.accept[0] if right else "jawaban yang keliru"


def register_new(page: AdvokasiPage, name: str, district: str = "Kabupaten Sragen") -> str:
    """Register a new participant through the form (via "not on the list"); return the id."""
    picker = page.frame.picker
    assert picker is not None
    picker.new.click()
    form = page.frame.register_form
    assert form is not None
    form.name.value, form.district.value = name, district
    form.save.click()
    assert page.frame.participant is not None, form.errors.value
    return page.frame.participant.id


def classroom_with_a_participant(ws: Workspace) -> tuple[Classroom, Participant]:
    """Open a classroom on ``ws`` and return it with a participant checked in to its session."""
    classroom = store.open_classroom(ws.engine)
    if not store.checked_in(ws.engine, classroom):
        with write_tx(ws.engine) as conn:
            check_in(conn, classroom.session_id, roster(ws)[0].id)
    return classroom, store.checked_in(ws.engine, classroom)[0].participant
