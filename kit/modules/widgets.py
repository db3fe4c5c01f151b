"""Interactive pieces a module places inside its sections (all talk to the frame only).

* :class:`KnowledgeCheck` — three random questions about one item, graded and recorded;
* :class:`SelfCheckTool` — "di mana usaha saya sekarang?", answers mapped to the five stages;
* :class:`CalculatorTool` — the participant's own numbers → a monthly estimate, assumptions shown;
* :class:`ChecklistTool` — safety habits (accounts, scams, escrow) ticked off, tips for the rest;
* :class:`AskTool` — write a question for the speaker (kept as evidence for the facilitator, and
  gathered with the room's questions for the Q&A, :mod:`kit.room.question_service`).

Each has ``.widget`` to display; each restores its saved state when the participant changes.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.i18n import _
from kit.modules.calculator import FIELDS, estimate, field_label, read_inputs
from kit.modules.content import ChecklistGroup, SelfCheck
from kit.modules.frame import ModuleFrame, text_in
from kit.modules.help_widgets import ask_question
from kit.modules.markdown import esc
from kit.modules.quiz import DrawnQuestion, QuestionBank, draw, grade
from kit.modules.selfcheck import NOT_YET, PARTLY, YES, assess
from kit.room.help_queue import RoomInputError
from kit.rupiah import format_rupiah
from kit.ui.widgets import FULL, box, button, html
from kit.workspace import WorkspaceError


def _card_title(title: str, note: str = "") -> Any:
    extra = f"<p class='kit-muted'>{esc(note)}</p>" if note else ""
    return html(f"<h3>{esc(title)}</h3>{extra}")


class KnowledgeCheck:
    """A knowledge check of one item: draw, answer, grade, record (and try again)."""

    def __init__(self, frame: ModuleFrame, item_id: str, bank: QuestionBank):
        self.frame = frame
        self.item_id = item_id
        self.bank = bank
        self.drawn: tuple[DrawnQuestion, ...] = ()
        self.inputs: dict[str, Any] = {}
        self.attempt = 0
        self.message = html()
        self.submit_button = button(_("Check my answers"), primary=True)
        self.submit_button.on_click(lambda _b: self.submit())
        self.retry_button = button(_("Try again with other questions"))
        self.retry_button.on_click(lambda _b: self.show_form(self.frame.state.attempts(item_id)))
        self.widget = box([], ("kit-card", "kit-check"))
        frame.on_participant(lambda _f: self.reset())

    def _title(self) -> Any:
        return _card_title(_("Check your understanding"), _(
            "Three questions. All correct = achieved on your own (2); more than half correct = "
            "achieved with a little help (1); otherwise = not yet (0). You may try again."))

    def reset(self) -> None:
        """Show the saved result, a fresh check, or a hint to choose a name first."""
        if self.frame.participant is None:
            self.widget.children = [self._title(), html("<p class='kit-muted'>" + esc(_(
                "Choose your name at the top to answer the questions.")) + "</p>")]
            return
        last = self.frame.state.last_quiz(self.item_id)
        if last is not None:
            self.show_result(last)
        else:
            self.show_form(0)

    def show_form(self, attempt: int) -> None:
        """Draw the questions of ``attempt`` for the current participant and show them."""
        pid = self.frame.participant_id
        if pid is None:
            return
        self.attempt = attempt
        self.drawn = draw(self.bank, self.item_id, pid, attempt)
        self.inputs = {}
        parts: list[Any] = [self._title()]
        lang = self.frame.lang
        for n, d in enumerate(self.drawn, start=1):
            q = d.question
            parts.append(html(f"<p><b>{n}. {esc(text_in(q.prompt, lang))}</b></p>"
                              + self.frame.en_line(q.prompt.english)))
            if q.kind == "choice":
                options = [(text_in(q.choices[i].text, lang), i) for i in d.order]
                field = w.RadioButtons(options=options, value=None, layout=FULL)
            else:
                field = w.Text(placeholder=_("Your answer"), layout=FULL)
            self.inputs[q.id] = field
            parts.append(field)
        self.message.value = ""
        parts += [self.message, self.submit_button]
        self.widget.children = parts

    def answers(self) -> dict[str, str | int | None]:
        """The current answers: a choice's bank index, the typed text, or ``None`` when empty."""
        out: dict[str, str | int | None] = {}
        for qid, field in self.inputs.items():
            value = field.value
            if value is None or isinstance(value, int):  # an untouched radio list is None
                out[qid] = value
            else:
                out[qid] = str(value).strip() or None
        return out

    def submit(self) -> None:
        """Grade, save the answers, record the level; ask for missing answers first."""
        if self.frame.participant is None or not self.drawn:
            return
        answers = self.answers()
        if any(v is None for v in answers.values()):
            self.message.value = "<p class='kit-error'>⚠ " + esc(_(
                "Please answer every question first.")) + "</p>"
            return
        graded = grade(self.drawn, answers, self.item_id, self.attempt, self.frame.lang)
        payload = {**graded.details(), "level": graded.level}
        self.frame.save(self.item_id, "quiz", payload)
        if self.item_id not in self.frame.state.sections_done:
            self.frame.save(self.item_id, "section_done", {"section": self.item_id})
        self.frame.record_score(self.item_id, graded.level, graded.details())

    def show_result(self, payload: dict[str, Any]) -> None:
        """Show a graded check: each answer, right or wrong, the right answer, the explanation."""
        lang = self.frame.lang
        parts: list[Any] = [self._title()]
        questions = payload.get("questions", [])
        answers = payload.get("answers", [])
        correct = payload.get("correct", [])
        for n, qid in enumerate(questions, start=1):
            try:
                q = self.bank.get(qid)
            except KeyError:
                continue
            ok = bool(correct[n - 1]) if n - 1 < len(correct) else False
            given = answers[n - 1] if n - 1 < len(answers) else ""
            mark = ("<span class='kit-ok'>✓ " + esc(_("Correct")) + "</span>" if ok else
                    "<span class='kit-bad'>✗ " + esc(_("Not quite")) + "</span>")
            right = "" if ok else ("<br>" + esc(_("The right answer")) + ": "
                                   f"<b>{esc(q.correct_text(lang))}</b>")
            yours = esc(_("Your answer"))
            parts.append(html(
                f"<p><b>{n}. {esc(text_in(q.prompt, lang))}</b><br>"
                f"{yours}: {esc(str(given))} — {mark}{right}<br>"
                f"<span class='kit-muted'>{esc(text_in(q.explanation, lang))}</span></p>"))
        level = int(payload.get("level", 0))
        messages = {
            2: _("Excellent, all correct! This item is achieved."),
            1: _("Good, most answers are correct. This item is achieved; read the explanations "
                 "to complete your understanding."),
            0: _("Not yet. Read the text above once more, then try again; you will get other "
                 "questions."),
        }
        css = "kit-ok" if level >= 1 else "kit-bad"
        parts.append(html(f"<p class='{css}'>{esc(messages.get(level, messages[0]))}</p>"))
        parts.append(self.retry_button)
        self.widget.children = parts


class SelfCheckTool:
    """The stage self-check: answer yes / partly / not yet; see your stage and the next step."""

    def __init__(self, frame: ModuleFrame, check: SelfCheck, item_id: str):
        self.frame = frame
        self.check = check
        self.item_id = item_id
        self.fields: dict[str, Any] = {}
        options = [(_("Yes"), YES), (_("Partly"), PARTLY), (_("Not yet"), NOT_YET)]
        parts: list[Any] = [_card_title(_("Where is my business now?"), _(
            "Answer honestly; this is only for you and is not a test."))]
        for n, q in enumerate(check.questions, start=1):
            hint = f"<br><span class='kit-muted'>{esc(text_in(q.hint, frame.lang))}</span>" \
                if q.hint else ""
            parts.append(html(f"<p><b>{n}. {esc(text_in(q.text, frame.lang))}</b>{hint}</p>"
                              + frame.en_line(q.text.english)))
            field = w.RadioButtons(options=options, value=None, layout=FULL)
            self.fields[q.id] = field
            parts.append(field)
        self.result = html()
        self.show = button(_("Show my stage"), primary=True)
        self.show.on_click(lambda _b: self.evaluate())
        self.widget = box([*parts, self.show, self.result], ("kit-card", "kit-selfcheck"))
        frame.on_participant(lambda _f: self.restore())

    def answers(self) -> dict[str, str]:
        """The answers given so far (question id → yes/partly/not_yet)."""
        return {qid: f.value for qid, f in self.fields.items() if f.value is not None}

    def evaluate(self, save: bool = True) -> None:
        """Map the answers to stages, show the result, and save it for the participant."""
        answers = self.answers()
        if len(answers) < len(self.fields):
            self.result.value = "<p class='kit-error'>⚠ " + esc(_(
                "Please answer every question first.")) + "</p>"
            return
        res = assess(self.check, answers)
        fw, lang = self.frame.fw, self.frame.lang
        lines = []
        if res.reached:
            lines.append(esc(_("Stage reached: {stage}").format(
                stage=fw.stage(res.reached).title.get(lang))))
        else:
            lines.append(esc(_("You are at the very beginning, and that is fine.")))
        if res.working_on:
            stage = fw.stage(res.working_on)
            advice = self.check.advice.get(stage.id)
            lines.append(esc(_("Stage to work on now: {stage}").format(
                stage=stage.title.get(lang))) + f"<br><span class='kit-muted'>"
                f"{esc(stage.purpose.get(lang))}</span>"
                + (f"<br>👉 {esc(text_in(advice, lang))}" if advice else ""))
        else:
            lines.append(esc(_("You have gone through all five stages. Keep helping other "
                               "businesses get online!")))
        if res.head_start:
            names = ", ".join(fw.stage(s).title.get(lang) for s in res.head_start)
            lines.append(esc(_("You have already started on: {stages}. Complete the earlier "
                               "stage first so these steps stand firm.").format(stages=names)))
        self.result.value = "<div class='kit-card'>" + "".join(
            f"<p>{line}</p>" for line in lines) + "</div>"
        if save and self.frame.participant is not None:
            self.frame.save_tool("selfcheck", self.item_id, {
                "answers": answers, "reached": res.reached, "working_on": res.working_on})

    def restore(self) -> None:
        """Put back the participant's saved answers (or clear them)."""
        saved = self.frame.state.tools.get("selfcheck", {}).get("answers", {})
        for qid, field in self.fields.items():
            field.value = saved.get(qid) if saved.get(qid) in (YES, PARTLY, NOT_YET) else None
        self.result.value = ""
        if saved and len(self.answers()) == len(self.fields):
            self.evaluate(save=False)


class CalculatorTool:
    """Online-sales estimate from the participant's own numbers, with the assumptions shown."""

    def __init__(self, frame: ModuleFrame, item_id: str):
        self.frame = frame
        self.item_id = item_id
        self.fields: dict[str, Any] = {}
        parts: list[Any] = [_card_title(_("Calculator: is selling online worth it for me?"), _(
            "Use your own numbers. The kit has no market data inside; the result is only as "
            "good as your estimates."))]
        for key, kind in FIELDS:
            field: Any
            if kind == "percent":
                field = w.BoundedFloatText(value=0.0, min=0.0, max=99.0, step=0.5, layout=FULL)
            elif kind == "count":
                field = w.BoundedIntText(value=0, min=0, max=10**9, layout=FULL)
            else:  # money: text, so that "15.000" typed on a phone is fifteen thousand
                field = w.Text(placeholder=_("e.g. 15.000"), layout=FULL)
            self.fields[key] = field
            parts += [html(f"<label class='widget-label'><b>{esc(field_label(key))}</b></label>"),
                      field]
        self.result = html()
        self.compute = button(_("Calculate"), primary=True)
        self.compute.on_click(lambda _b: self.calculate())
        assumptions = [
            _("Revenue = price × orders per month."),
            _("Each order is one product; the cost per product is paid for every order."),
            _("The fee is a percentage of the price, on every order."),
            _("Packaging and any shipping you pay are per order."),
            _("Internet data and other monthly costs are paid even in a month without orders."),
        ]
        lis = "".join(f"<li>{esc(a)}</li>" for a in assumptions)
        how = esc(_("How this is calculated"))
        self.widget = box([*parts, self.compute, self.result, html(
            f"<details><summary>{how}</summary><ul>{lis}</ul></details>")],
            ("kit-card", "kit-calculator"))
        frame.on_participant(lambda _f: self.restore())

    def calculate(self, save: bool = True) -> None:
        """Show the estimate (or what to fix) and save the inputs for the participant."""
        inp, errors = read_inputs({k: f.value for k, f in self.fields.items()})
        if inp is None or errors:
            self.result.value = "".join(f"<p class='kit-error'>⚠ {esc(e)}</p>" for e in errors)
            return
        est = estimate(inp)
        rows = [
            (_("Revenue per month"), format_rupiah(est.revenue)),
            (_("Cost of the products"), "− " + format_rupiah(est.cost_of_goods)),
            (_("Fees"), "− " + format_rupiah(est.fees)),
            (_("Packaging and shipping you pay"), "− " + format_rupiah(est.per_order_costs)),
            (_("Internet and other monthly costs"), "− " + format_rupiah(est.fixed)),
            (_("Estimated profit per month"), format_rupiah(est.profit)),
        ]
        table = "".join(f"<tr><td>{esc(a)}</td><td><b>{esc(b)}</b></td></tr>" for a, b in rows)
        if est.break_even_orders is None:
            note = _("At this price every order loses money: check the price and the costs.")
        else:
            note = _("You need at least {n} orders a month to cover the monthly costs.").format(
                n=est.break_even_orders)
        margin = _("Left over from each order: {amount}").format(
            amount=format_rupiah(est.margin_per_order))
        self.result.value = (f"<table>{table}</table><p>{esc(margin)}</p>"
                             f"<p><b>{esc(note)}</b></p>")
        if save and self.frame.participant is not None:
            self.frame.save_tool("calculator", self.item_id,
                                 {k: f.value for k, f in self.fields.items()})

    def restore(self) -> None:
        """Put back the participant's saved numbers (or zeros)."""
        saved = self.frame.state.tools.get("calculator", {})
        for key, field in self.fields.items():
            value = saved.get(key, 0)
            if isinstance(field, w.Text):  # money; saved by older kits as a number
                field.value = "" if value in (0, "0", None) else str(value)
            else:
                field.value = float(value) if isinstance(field, w.BoundedFloatText) else int(value)
        self.result.value = ""
        if saved:
            self.calculate(save=False)


class ChecklistTool:
    """Safety habits to tick off; the page shows why each matters and what is still open."""

    def __init__(self, frame: ModuleFrame, groups: tuple[ChecklistGroup, ...], item_id: str):
        self.frame = frame
        self.groups = groups
        self.item_id = item_id
        self.boxes: dict[str, Any] = {}
        parts: list[Any] = [_card_title(_("Safety checklist for selling online"), _(
            "Tick what you already do. The rest are good next steps."))]
        lang = frame.lang
        for group in groups:
            parts.append(html(f"<h4>{esc(text_in(group.title, lang))}</h4>"))
            for item in group.items:
                cb = w.Checkbox(value=False, indent=False, layout=FULL,
                                description=text_in(item.text, lang))
                self.boxes[item.id] = cb
                parts += [cb, html(f"<p class='kit-muted'>{esc(text_in(item.why, lang))}</p>")]
        self.count = html()
        self.save_button = button(_("Save my checklist"), primary=True)
        self.save_button.on_click(lambda _b: self.save())
        for cb in self.boxes.values():
            cb.observe(lambda _c: self.update(), "value")
        self.widget = box([*parts, self.count, self.save_button], ("kit-card", "kit-checklist"))
        frame.on_participant(lambda _f: self.restore())

    def checked(self) -> list[str]:
        """Ids of the ticked habits."""
        return [k for k, cb in self.boxes.items() if cb.value]

    def update(self) -> None:
        """Refresh the "x of y" line."""
        self.count.value = "<p><b>" + esc(_("{n} of {total} safety habits in place.").format(
            n=len(self.checked()), total=len(self.boxes))) + "</b></p>"

    def save(self) -> None:
        """Save the ticked habits for the participant."""
        if self.frame.participant is None:
            self.count.value += "<p class='kit-error'>" + esc(_(
                "Choose your name at the top so that your progress is saved.")) + "</p>"
            return
        self.frame.save_tool("checklist", self.item_id, {"checked": self.checked()})
        self.count.value += "<p class='kit-ok'>✓ " + esc(_("Saved.")) + "</p>"

    def restore(self) -> None:
        """Put back the participant's saved ticks (or clear them)."""
        saved = set(self.frame.state.tools.get("checklist", {}).get("checked", []))
        for key, cb in self.boxes.items():
            cb.value = key in saved
        self.update()


class AskTool:
    """Write down a question for the speaker or the other participants (kept as evidence)."""

    def __init__(self, frame: ModuleFrame, item_id: str):
        self.frame = frame
        self.item_id = item_id
        self.text = w.Textarea(placeholder=_(
            "For example: how do I send the goods safely to a buyer in another island?"),
            layout=FULL)
        self.listing = html()
        self.send = button(_("Save my question"), primary=True)
        self.send.on_click(lambda _b: self.submit())
        self.widget = box([_card_title(_("Your question for the speaker"), _(
            "Write one question about your own business. The facilitator sees it and can bring "
            "it to the discussion.")), self.text, self.send, self.listing],
            ("kit-card", "kit-ask"))
        frame.on_participant(lambda _f: self.refresh())

    def questions(self) -> list[str]:
        """The questions the participant wrote so far."""
        return list(self.frame.state.tools.get("ask", {}).get("questions", []))

    def submit(self) -> None:
        """Save the question (at least a few words) and list it."""
        if self.frame.participant is None:
            self.listing.value = "<p class='kit-error'>" + esc(_(
                "Choose your name at the top so that your progress is saved.")) + "</p>"
            return
        question = " ".join(self.text.value.split())
        if len(question.split()) < 3:
            self.listing.value = "<p class='kit-error'>⚠ " + esc(_(
                "Please write a question of at least three words.")) + "</p>"
            return
        try:  # into the room's questions for the Q&A (kit.room), then the participant's evidence
            asked = ask_question(self.frame, question, self.item_id)
        except (RoomInputError, WorkspaceError) as exc:
            self.listing.value = "<p class='kit-error'>⚠ " + esc(
                exc.message if isinstance(exc, RoomInputError) else str(exc)) + "</p>"
            return
        self.frame.save_tool("ask", self.item_id,
                             {"questions": [*self.questions(), asked.text]})
        self.text.value = ""
        self.refresh()

    def refresh(self) -> None:
        """List the saved questions."""
        qs = self.questions()
        if not qs:
            self.listing.value = ""
            return
        lis = "".join(f"<li>{esc(q)}</li>" for q in qs)
        self.listing.value = "<p><b>" + esc(_("Your questions")) + f"</b></p><ul>{lis}</ul>"
