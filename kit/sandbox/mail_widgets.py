"""The practice mailbox page: register, activate, inbox, write, reply, forward, CC/BCC lesson."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.i18n import _
from kit.sandbox import mail, ui
from kit.sandbox.common import Invalid, uploads_from_value
from kit.sandbox.practice import Practice
from kit.ui import Markup, render


def _names(accounts: tuple[mail.Account, ...]) -> str:
    return ", ".join(a.label for a in accounts) or "—"


def _how_received(view: mail.MessageView) -> str:
    return {
        "sender": _("You sent this message."),
        "to": _("You received this message directly (To)."),
        "cc": _("You received a copy (CC); everybody can see you were copied."),
        "bcc": _("You received a blind copy (BCC); the others cannot see that you got it."),
    }[view.viewer_field]


def message_html(view: mail.MessageView) -> str:
    """A message as the viewer sees it: headers (BCC only where visible), body, how received."""
    return render("sandbox_message.html.j2", m=_message_parts(view, _rows(view)))


def _message_parts(view: mail.MessageView, rows: list[tuple[str, str]]) -> dict[str, Any]:
    return {"rows": rows, "received": _how_received(view), "body_html": Markup(ui.para(view.body))}


def _rows(view: mail.MessageView) -> list[tuple[str, str]]:
    rows = [(_("From"), view.sender.label), (_("To"), _names(view.to))]
    if view.cc:
        rows.append(("CC", _names(view.cc)))
    if view.bcc:
        rows.append(("BCC", _names(view.bcc)))
    rows.append((_("Subject"), view.subject))
    return rows


def views_html(views: dict[str, mail.MessageView]) -> str:
    """The CC/BCC lesson: one card per person showing exactly what their copy shows."""
    return render("sandbox_message.html.j2", views=[
        (address, _message_parts(view, _rows(view))) for address, view in views.items()])


class MailApp:
    """The practice mailbox of one participant (``.widget`` is the page part)."""

    def __init__(self, practice: Practice):
        self.practice = practice
        self.feedback = ui.Feedback()
        self.reply_feedback = ui.Feedback()  # right below the reply buttons
        person = practice.participant()
        business = person.business_name if person else None
        # register
        self.address = ui.text(placeholder=mail.suggest_local(business,
                                                             person.name if person else None))
        self.display_name = ui.text(value=person.name if person else "")
        self.register_button = ui.button(_("Register address"), primary=True)
        self.register_button.on_click(lambda _b: self.register())
        self.address.observe(lambda _c: self._live_check(), names="value")
        self.address_hint = w.HTML()
        # activate
        self.sms = w.HTML()
        self.code = ui.text(placeholder="123456")
        self.activate_button = ui.button(_("Activate"), primary=True)
        self.activate_button.on_click(lambda _b: self.activate())
        # compose
        self.book = w.Dropdown(layout=ui.FULL)
        self.add_to = ui.button(_("+ To"))
        self.add_cc = ui.button("+ CC")
        self.add_bcc = ui.button("+ BCC")
        self.to = ui.text(placeholder="nama@surel.latihan")
        self.cc = ui.text()
        self.bcc = ui.text()
        self.subject = ui.text()
        self.body = ui.area(rows=6)
        self.files = ui.upload(multiple=True)
        self.send_button = ui.button(_("Send"), primary=True)
        for btn, target in ((self.add_to, self.to), (self.add_cc, self.cc),
                            (self.add_bcc, self.bcc)):
            btn.on_click(lambda _b, target=target: self._add_from_book(target))
        self.send_button.on_click(lambda _b: self.send())
        self.lesson = w.HTML()
        # inbox / reader
        self.refresh_button = ui.button(_("Check for new mail"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.inbox_list = w.VBox(layout=ui.FULL)
        self.sent_list = w.VBox(layout=ui.FULL)
        self.reader = w.HTML()
        self.reply_body = ui.area(rows=4)
        self.reply_files = ui.upload(multiple=True)
        self.reply_button = ui.button(_("Reply"), primary=True)
        self.reply_all_button = ui.button(_("Reply to all"))
        self.forward_to = ui.text()
        self.forward_note = ui.area(rows=2)
        self.forward_button = ui.button(_("Forward"))
        self.reply_button.on_click(lambda _b: self.reply(False))
        self.reply_all_button.on_click(lambda _b: self.reply(True))
        self.forward_button.on_click(lambda _b: self.forward())
        self.open_id: int | None = None
        self.reader_box = w.VBox(layout=ui.FULL)
        self.tabs = w.Tab(layout=ui.FULL)
        # The three pages are built once: replacing a Tab's children makes the browser jump
        # back to the first tab (hiding e.g. "Sent." on the Write tab) while Python still
        # believes the old tab is selected, so no correction is ever sent.
        self._pages_built = False
        self.widget = ui.box([])
        self.refresh()

    # -- layout ---------------------------------------------------------------------------
    def _live_check(self) -> None:
        person = self.practice.participant()
        if not self.address.value.strip():
            self.address_hint.value = ""
            return
        result = mail.check_address(self.address.value,
                                    person.business_name if person else None)
        lines = [*result.errors, *result.hints]
        if result.ok and not result.hints:
            lines = [_("Good: {address}").format(address=result.address)]
        self.address_hint.value = render("sandbox_list.html.j2", lines=lines)

    def _register_view(self) -> list[w.Widget]:
        return [
            ui.heading(_("1. Register a practice e-mail address"),
                       _("A good business address is short, in small letters, without spaces, "
                         "and contains your business name so buyers recognise it.")),
            ui.field(_("Address (the part before @{domain})").format(domain=mail.DOMAIN),
                     self.address),
            self.address_hint,
            ui.field(_("Name shown to the people you write to"), self.display_name),
            self.register_button, self.feedback.widget,
        ]

    def _activate_view(self, acc: mail.Account) -> list[w.Widget]:
        code = self.practice.pending_code()
        self.sms.value = render("sandbox_sms.html.j2", text=_(
            "SURELKU: your activation code for {address} is {code}. Do not give this code "
            "to anybody.").format(address=acc.address, code=code))
        return [
            ui.heading(_("2. Activate your address"),
                       _("Real e-mail services check your phone number with a code sent by "
                         "SMS. Type the code from the SMS below.")),
            self.sms, ui.field(_("Activation code"), self.code), self.activate_button,
            self.feedback.widget,
        ]

    def _message_button(self, view: mail.MessageView, prefix: str) -> w.Button:
        mark = "● " if not view.read else ""
        who = view.sender.display_name if prefix == "in" else _names(view.to)
        btn = ui.button(f"{mark}{who} — {view.subject}")
        btn.layout.justify_content = "flex-start"
        btn.on_click(lambda _b, mid=view.id: self.open(mid))
        return btn

    def _pages(self) -> list[w.VBox]:
        """The inbox, write and sent pages (their lists are refilled by :meth:`refresh`)."""
        inbox_page = w.VBox([self.refresh_button, self.inbox_list, self.reader_box],
                            layout=ui.FULL)
        compose = w.VBox([
            ui.field(_("Address book"), self.book,
                     _("Pick a person, then tap where to put them.")),
            w.HBox([self.add_to, self.add_cc, self.add_bcc], layout=ui.FULL),
            ui.field(_("To"), self.to), ui.field("CC", self.cc, _("A copy; everybody sees it.")),
            ui.field("BCC", self.bcc, _("A hidden copy; the others do not see it.")),
            ui.field(_("Subject"), self.subject), ui.field(_("Message"), self.body),
            ui.field(_("Attachment"), self.files,
                     _("At most {size} per message.").format(
                         size=ui_size(mail.MAX_ATTACHMENT_BYTES))),
            self.send_button, self.feedback.widget, self.lesson,
        ], layout=ui.FULL)
        sent_page = w.VBox([self.sent_list, self.reader_box], layout=ui.FULL)
        return [inbox_page, compose, sent_page]

    def refresh(self) -> None:
        """Redraw the page for the current state (new mail appears here)."""
        acc = self.practice.mail_account()
        if acc is None:
            self.widget.children = [ui.style(), *self._register_view()]
            return
        if not acc.activated:
            self.widget.children = [ui.style(), *self._activate_view(acc)]
            return
        book = self.practice.read(lambda c: mail.address_book(c, exclude_id=acc.id))
        self.book.options = [(b.label, b.address) for b in book]
        received = self.practice.read(lambda c: mail.inbox(c, acc.id))
        sent_views = self.practice.read(lambda c: mail.sent(c, acc.id))
        self.inbox_list.children = ([self._message_button(v, "in") for v in received] or
                                    [w.HTML(_("No mail yet."))])
        self.sent_list.children = ([self._message_button(v, "out") for v in sent_views] or
                                   [w.HTML(_("Nothing sent yet."))])
        unread = sum(1 for v in received if not v.read)
        if not self._pages_built:
            self.tabs.children = self._pages()
            self._pages_built = True
        for i, title in enumerate((_("Inbox ({n})").format(n=unread), _("Write"), _("Sent"))):
            self.tabs.set_title(i, title)
        self.widget.children = [
            ui.style(),
            ui.heading(_("Your mailbox: {address}").format(address=acc.address),
                       _("Write to other participants, or to Bu Sari, Pak Darto and Mbak Rina, "
                         "who answer automatically.")),
            self.tabs,
        ]

    # -- actions --------------------------------------------------------------------------
    def _refused(self, exc: Invalid) -> None:
        self.feedback.error(exc.problems)

    def register(self) -> None:
        """Register the typed address."""
        try:
            acc, _code = self.practice.register_mail(self.address.value,
                                                     self.display_name.value)
        except Invalid as exc:
            self._refused(exc)
            return
        self.refresh()
        self.feedback.ok(_("{address} is registered. Now activate it.").format(
            address=acc.address), self.practice.take_note())

    def activate(self) -> None:
        """Activate with the typed code."""
        try:
            self.practice.activate_mail(self.code.value)
        except Invalid as exc:
            self._refused(exc)
            return
        self.feedback.ok(_("Your address is active. Look in your inbox!"),
                         self.practice.take_note())
        self.refresh()

    def _add_from_book(self, target: w.Text) -> None:
        if not self.book.value:
            return
        present = mail.parse_addresses(target.value)
        if self.book.value not in present:
            target.value = ", ".join([*present, self.book.value])

    def send(self) -> None:
        """Send the message being written."""
        draft = mail.Draft(to=self.to.value, cc=self.cc.value, bcc=self.bcc.value,
                           subject=self.subject.value, body=self.body.value,
                           attachments=tuple(uploads_from_value(self.files.value)))
        try:
            msg_id = self.practice.send_mail(draft)
        except Invalid as exc:
            self._refused(exc)
            return
        views = self.practice.read(lambda c: mail.recipient_views(c, msg_id))
        for box in (self.to, self.cc, self.bcc, self.subject, self.body):
            box.value = ""
        self.files.value = ()
        self.refresh()
        self.feedback.ok(_("Sent."), self.practice.take_note())
        self.lesson.value = views_html(views)

    def open(self, message_id: int) -> None:
        """Show a message with its attachments and the reply/forward forms."""
        view = self.practice.open_message(message_id)
        acc = self.practice.mail_account()
        assert acc is not None  # noqa: S101 - only shown with a mailbox
        links = []
        for att in view.attachments:
            name, data = self._attachment(att.id, acc.id)
            links.append(ui.download_link(name, data, att.mime))
        self.open_id = message_id
        self.reader.value = message_html(view) + "".join(links)
        children: list[w.Widget] = [self.reader]
        if view.viewer_field == "sender":
            lesson = self.practice.read(lambda c: mail.recipient_views(c, message_id))
            children.append(w.HTML(views_html(lesson)))
        children += [
            ui.field(_("Your reply"), self.reply_body),
            ui.field(_("Attachment"), self.reply_files),
            w.HBox([self.reply_button, self.reply_all_button], layout=ui.FULL),
            self.reply_feedback.widget,
            ui.field(_("Forward to"), self.forward_to),
            ui.field(_("Note above the forwarded message"), self.forward_note),
            self.forward_button, self.feedback.widget,
        ]
        self.reader_box.children = children

    def _attachment(self, attachment_id: int, account_id: int) -> tuple[str, bytes]:
        return self.practice.read(lambda c: mail.attachment_data(c, attachment_id, account_id))

    def reply(self, reply_all: bool) -> None:
        """Send the reply written under the open message."""
        if self.open_id is None:
            return
        self.feedback.widget.value = ""
        try:
            self.practice.reply_mail(self.open_id, self.reply_body.value, reply_all,
                                     uploads_from_value(self.reply_files.value))
        except Invalid as exc:
            self.reply_feedback.error(exc.problems)
            return
        self.reply_body.value = ""
        self.reply_files.value = ()
        self.reply_feedback.ok(_("Reply sent."), self.practice.take_note())
        self.refresh()

    def forward(self) -> None:
        """Forward the open message."""
        if self.open_id is None:
            return
        self.reply_feedback.widget.value = ""
        try:
            self.practice.forward_mail(self.open_id, mail.Draft(
                to=self.forward_to.value, subject="", body=self.forward_note.value))
        except Invalid as exc:
            self._refused(exc)
            return
        self.forward_to.value = ""
        self.forward_note.value = ""
        self.feedback.ok(_("Forwarded."), self.practice.take_note())
        self.refresh()


def ui_size(n: int) -> str:
    """A byte count for people (``2,0 MB``)."""
    from kit.sandbox.common import format_size

    return format_size(n)


def mail_practice(practice: Practice) -> MailApp:
    """Build the practice mailbox for a participant (``.widget`` goes on the page)."""
    return MailApp(practice)
