"""Simulated correspondents who answer automatically, so a participant alone can practise.

On Binder every participant has a separate machine and nobody else writes to them; Bu Sari
(a buyer), Pak Darto (a supplier) and Mbak Rina (a UMKM mentor) are always in the address book,
write a first message after activation (something to reply to and forward) and answer every
message sent to them. Their answers say what they received (To, CC or BCC, attachments), which
makes the difference between CC and BCC visible.
"""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from kit.i18n import _
from kit.sandbox import mail
from kit.sandbox import tables as t


@attrs.frozen
class Correspondent:
    """A simulated person with a practice address."""

    role: str
    local: str
    name: str

    @property
    def address(self) -> str:
        """The practice address."""
        return f"{self.local}@{mail.DOMAIN}"

    def role_label(self) -> str:
        """Who they are, in the current language."""
        return {
            "sari": _("buyer"),
            "darto": _("supplier"),
            "rina": _("UMKM mentor"),
        }[self.role]


CORRESPONDENTS: dict[str, Correspondent] = {
    c.role: c for c in (
        Correspondent("sari", "sari.pembeli", "Bu Sari"),
        Correspondent("darto", "darto.pemasok", "Pak Darto"),
        Correspondent("rina", "rina.pendamping", "Mbak Rina"),
    )
}
SERVICE_MAIL = ("tim", "mail_service")


def ensure_correspondents(conn: sa.Connection) -> dict[str, mail.Account]:
    """Create the simulated accounts once; returns role → account (service sender included)."""
    out = {c.role: mail.create_service_account(
        conn, c.address, f"{c.name} ({c.role_label()})", c.role)
        for c in CORRESPONDENTS.values()}
    out[SERVICE_MAIL[1]] = mail.create_service_account(
        conn, f"{SERVICE_MAIL[0]}@{mail.DOMAIN}", _("Practice Mail Team"), SERVICE_MAIL[1])
    return out


def welcome(conn: sa.Connection, account_id: int, business_name: str | None) -> list[int]:
    """Messages a newly activated mailbox receives: a welcome and a buyer's question."""
    who = ensure_correspondents(conn)
    business = business_name or _("your business")
    ids = [
        mail.system_message(
            conn, who[SERVICE_MAIL[1]].id, account_id, _("Welcome to your practice mailbox"),
            _("Your address is active. Try everything here: write to other participants or to "
              "Bu Sari, Pak Darto and Mbak Rina (they answer automatically), reply, forward, "
              "attach a photo, and use CC and BCC.\n\nNothing here leaves the training room.")),
        mail.system_message(
            conn, who["sari"].id, account_id, _("Question about your products"),
            _("Good afternoon,\n\nI heard about {business} from a neighbour. Could you send me "
              "your price list? A photo of the products as an attachment would help too.\n\n"
              "Thank you,\nBu Sari").format(business=business)),
    ]
    return ids


def _answer_body(corr: Correspondent, view: mail.MessageView) -> str:
    parts = [_("Hello {name},").format(name=view.sender.display_name)]
    if view.viewer_field == "bcc":
        parts.append(_("I received your message as a blind copy (BCC): the other recipients "
                       "cannot see that I got it, and my name is not on their copy."))
    elif view.viewer_field == "cc":
        parts.append(_("I received a copy (CC) of your message. Everybody who received it can "
                       "see that I was copied."))
    if view.kind == "reply":
        parts.append(_("Thank you for your reply, that is clear."))
    elif view.kind == "forward":
        parts.append(_("Thank you for forwarding this message to me."))
    if view.attachments:
        parts.append(_("I received the attachment {files} and could open it.").format(
            files=", ".join(a.filename for a in view.attachments)))
    elif corr.role == "sari":
        parts.append(_("Could you also send a photo of the product as an attachment?"))
    parts.append({
        "sari": _("I would like to order. How do I pay and how is it sent?"),
        "darto": _("I can deliver the raw materials next week."),
        "rina": _("Good progress! Keep practising with the other participants."),
    }[corr.role])
    parts.append(_("Regards,\n{name}").format(name=corr.name))
    return "\n\n".join(parts)


def answer(conn: sa.Connection, message_id: int) -> list[int]:
    """Let every simulated correspondent who received the message answer it; returns reply ids.

    Each correspondent answers a given message once; answers go only to the sender (a BCC
    recipient never reveals the others).
    """
    r, a, m = t.mail_recipient, t.mail_account, t.mail_message
    rows = conn.execute(sa.select(a.c.id, a.c.simulated_role).join(r, r.c.account_id == a.c.id)
                        .where(r.c.message_id == message_id,
                               a.c.simulated_role.in_(list(CORRESPONDENTS)))
                        .order_by(a.c.id)).all()
    out = []
    for acc_id, role in rows:
        done = conn.execute(sa.select(m.c.id).where(m.c.parent_id == message_id,
                                                    m.c.sender_id == acc_id)).first()
        if done:
            continue
        view = mail.view_message(conn, message_id, acc_id)
        mail.mark_read(conn, message_id, acc_id)
        out.append(mail.system_message(
            conn, acc_id, view.sender.id, mail.prefixed("Re:", view.subject),
            _answer_body(CORRESPONDENTS[role], view), parent_id=message_id, kind="reply"))
    return out
