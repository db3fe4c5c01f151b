"""The practice mailbox: addresses, activation, sending to To/CC/BCC, replies, forwards.

Every participant of a workspace gets at most one address ``name@surel.latihan``; all of them
share one mail system, so in a room participants really write to each other (Table 4.2).
Simulated correspondents (:mod:`kit.sandbox.correspondents`) live in the same system.

What each person sees of a message follows real e-mail: To and CC are visible to everybody;
BCC recipients are visible to the sender only, and each BCC recipient sees only themself.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime

import attrs
import sqlalchemy as sa

from kit.i18n import _
from kit.records.clock import now
from kit.sandbox import tables as t
from kit.sandbox.common import Invalid, Upload, check, format_size, too_big_message

DOMAIN = "surel.latihan"
LOCAL_MIN = 6
LOCAL_MAX = 30
MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024
MAX_ATTACHMENTS = 5
FIELDS = ("to", "cc", "bcc")
_ALLOWED = re.compile(r"[a-z0-9.]")
_SPLIT = re.compile(r"[\s,;]+")


@attrs.frozen
class AddressCheck:
    """Result of checking a chosen address: the full address if usable, errors and advice."""

    address: str | None
    errors: tuple[str, ...]
    hints: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether the address can be registered."""
        return not self.errors


def _words(text: str | None) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if len(w) >= 3]


def suggest_local(business_name: str | None, person_name: str | None = None) -> str:
    """A valid address suggestion built from the business (and person) name."""
    words = _words(business_name) or _words(person_name) or ["usaha"]
    local = ".".join(words)[:LOCAL_MAX].strip(".")
    while len(local) < LOCAL_MIN:
        local += ".id" if "." not in local[-3:] else "1"
    return local


def check_address(text: str, business_name: str | None = None) -> AddressCheck:
    """Check a chosen address against the rules of a good business address.

    Rules (errors): letters a–z, digits and dots only, lowercase, no spaces, 6–30 characters,
    at least one letter, no dot at the start or end and no two dots in a row. Advice (hint): the
    address should contain a word of the business name so buyers recognise it.
    Accepts the part before ``@`` or the whole address ``…@surel.latihan``.
    """
    raw = text.strip()
    suffix = "@" + DOMAIN
    if raw.lower().endswith(suffix):
        raw = raw[: -len(suffix)]
    errors: list[str] = []
    hints: list[str] = []
    suggestion = suggest_local(business_name or raw)
    if not raw:
        return AddressCheck(None, (_("Type the name you want before @{domain}, for example "
                                     "{example}.").format(domain=DOMAIN, example=suggestion),), ())
    if "@" in raw:
        errors.append(_("Type only the part before @; practice addresses always end in "
                        "@{domain}.").format(domain=DOMAIN))
    if re.search(r"\s", raw):
        errors.append(_("An address cannot contain spaces. Join the words with a dot, for "
                        "example {example}.").format(example=".".join(raw.lower().split())))
    if raw != raw.lower():
        errors.append(_("Use small letters only (buyers type addresses in small letters): "
                        "{example}.").format(example=raw.lower()))
    bad = sorted({ch for ch in raw.lower() if not _ALLOWED.fullmatch(ch) and not ch.isspace()
                  and ch != "@"})
    if bad:
        errors.append(_("Only letters, digits and a dot are allowed; remove: {chars}").format(
            chars=" ".join(bad)))
    if raw.startswith(".") or raw.endswith(".") or ".." in raw:
        errors.append(_("A dot cannot be first, last, or twice in a row."))
    if not (LOCAL_MIN <= len(raw) <= LOCAL_MAX):
        errors.append(_("Use {lo} to {hi} characters (now {n}).").format(
            lo=LOCAL_MIN, hi=LOCAL_MAX, n=len(raw)))
    if not re.search(r"[a-zA-Z]", raw):
        errors.append(_("Use at least one letter, not only digits."))
    if errors:
        return AddressCheck(None, tuple(errors), ())
    business_words = _words(business_name)
    if business_words and not any(w in raw for w in business_words):
        hints.append(_("Tip: put your business name in the address so buyers recognise you, "
                       "for example {example}@{domain}.").format(example=suggestion,
                                                                 domain=DOMAIN))
    return AddressCheck(f"{raw}@{DOMAIN}", (), tuple(hints))


@attrs.frozen
class Account:
    """A practice mailbox."""

    id: int
    address: str
    display_name: str
    participant_id: str | None
    simulated_role: str | None
    activated: bool

    @property
    def label(self) -> str:
        """``Name <address>`` as a mail program shows it."""
        return f"{self.display_name} <{self.address}>"


def _account(row: sa.RowMapping) -> Account:
    return Account(id=row["id"], address=row["address"], display_name=row["display_name"],
                   participant_id=row["participant_id"], simulated_role=row["simulated_role"],
                   activated=row["activated_at"] is not None)


def get_account(conn: sa.Connection, *, participant_id: str | None = None,
                address: str | None = None, account_id: int | None = None) -> Account | None:
    """The account of a participant, with an address, or with an id (``None`` if none)."""
    a = t.mail_account
    q = sa.select(a)
    if participant_id is not None:
        q = q.where(a.c.participant_id == participant_id)
    elif address is not None:
        q = q.where(a.c.address == address.strip().lower())
    elif account_id is not None:
        q = q.where(a.c.id == account_id)
    else:
        raise TypeError("give participant_id, address or account_id")
    row = conn.execute(q).mappings().first()
    return _account(row) if row else None


def new_code() -> str:
    """A 6-digit activation code."""
    return f"{secrets.randbelow(1_000_000):06d}"


def create_service_account(conn: sa.Connection, address: str, display_name: str,
                           role: str) -> Account:
    """Create (once) an activated account the sandbox itself sends from; returns it."""
    found = get_account(conn, address=address)
    if found:
        return found
    ts = now()
    conn.execute(t.mail_account.insert().values(
        address=address, display_name=display_name, simulated_role=role, activated_at=ts,
        created_at=ts))
    acc = get_account(conn, address=address)
    assert acc is not None  # noqa: S101 - just inserted
    return acc


def register(conn: sa.Connection, participant_id: str, local: str, display_name: str,
             business_name: str | None = None) -> tuple[Account, str]:
    """Register the participant's practice address; returns the account and its activation code.

    Raises :class:`Invalid` if the address breaks a rule, is taken, the name is empty, or the
    participant already has an address.
    """
    result = check_address(local, business_name)
    check(list(result.errors))
    assert result.address is not None  # noqa: S101 - ok means an address
    if not display_name.strip():
        raise Invalid(_("Type the name people will see as the sender (your name or your "
                        "business name)."))
    existing = get_account(conn, participant_id=participant_id)
    if existing:
        raise Invalid(_("You already have the practice address {address}.").format(
            address=existing.address))
    if get_account(conn, address=result.address):
        raise Invalid(_("{address} is already used by someone else. Add your village or "
                        "product, for example {example}.").format(
            address=result.address,
            example=(result.address.split("@")[0] + ".sragen")[:LOCAL_MAX]))
    code = new_code()
    conn.execute(t.mail_account.insert().values(
        address=result.address, display_name=display_name.strip(), participant_id=participant_id,
        activation_code=code, created_at=now()))
    acc = get_account(conn, participant_id=participant_id)
    assert acc is not None  # noqa: S101 - just inserted
    return acc, code


def activation_code(conn: sa.Connection, account_id: int) -> str | None:
    """The code the sandbox 'sent by SMS' for this account (``None`` once activated)."""
    a = t.mail_account
    row = conn.execute(sa.select(a.c.activation_code, a.c.activated_at)
                       .where(a.c.id == account_id)).first()
    if row is None or row.activated_at is not None:
        return None
    return str(row.activation_code)


def activate(conn: sa.Connection, account_id: int, code: str) -> Account:
    """Activate the account with the code; raises :class:`Invalid` for a wrong code."""
    a = t.mail_account
    row = conn.execute(sa.select(a).where(a.c.id == account_id)).mappings().first()
    if row is None:
        raise Invalid(_("Register an address first."))
    if row["activated_at"] is not None:
        return _account(row)
    typed = re.sub(r"\s", "", code)
    if not typed:
        raise Invalid(_("Type the 6-digit code from the SMS."))
    if typed != row["activation_code"]:
        raise Invalid(_("That code is not right. Look at the SMS again and type the 6 digits."))
    conn.execute(a.update().where(a.c.id == account_id).values(activated_at=now()))
    acc = get_account(conn, account_id=account_id)
    assert acc is not None  # noqa: S101 - exists
    return acc


def address_book(conn: sa.Connection, exclude_id: int | None = None) -> list[Account]:
    """Active mailboxes one can write to: participants first, then simulated correspondents."""
    from kit.sandbox.correspondents import CORRESPONDENTS

    a = t.mail_account
    rows = conn.execute(sa.select(a).where(a.c.activated_at.is_not(None))
                        .order_by(a.c.display_name)).mappings()
    people = [_account(r) for r in rows if r["id"] != exclude_id]
    return ([p for p in people if p.participant_id] +
            [p for p in people if p.simulated_role in CORRESPONDENTS])


def parse_addresses(text: str) -> list[str]:
    """Split what was typed in a To/CC/BCC box (commas, semicolons or spaces) into addresses."""
    out: list[str] = []
    for part in _SPLIT.split(text.strip().lower()):
        part = part.strip("<>")
        if part and part not in out:
            out.append(part if "@" in part else f"{part}@{DOMAIN}")
    return out


@attrs.frozen
class Draft:
    """A message about to be sent, as typed."""

    to: str
    subject: str
    body: str
    cc: str = ""
    bcc: str = ""
    attachments: tuple[Upload, ...] = ()


def check_attachments(uploads: Sequence[Upload]) -> None:
    """Raise :class:`Invalid` for an empty file, too many files or files over the size limit."""
    problems: list[str] = []
    if len(uploads) > MAX_ATTACHMENTS:
        problems.append(_("Attach at most {n} files to one message.").format(n=MAX_ATTACHMENTS))
    for up in uploads:
        if up.size == 0:
            problems.append(_("The file {name} is empty.").format(name=up.name))
        elif up.size > MAX_ATTACHMENT_BYTES:
            problems.append(too_big_message(up, MAX_ATTACHMENT_BYTES))
    total = sum(up.size for up in uploads)
    if not problems and total > MAX_ATTACHMENT_BYTES:
        problems.append(_("Together the files are {size}; the practice allows {limit} per "
                          "message. Send them in two messages.").format(
            size=format_size(total), limit=format_size(MAX_ATTACHMENT_BYTES)))
    check(problems)


def _resolve(conn: sa.Connection, draft: Draft) -> dict[str, list[Account]]:
    problems: list[str] = []
    resolved: dict[str, list[Account]] = {}
    seen: dict[str, str] = {}
    labels = {"to": _("To"), "cc": "CC", "bcc": "BCC"}
    for field in FIELDS:
        accounts: list[Account] = []
        for addr in parse_addresses(getattr(draft, field)):
            if addr in seen:
                problems.append(_("{address} is in both {a} and {b}; keep it in one box.")
                                .format(address=addr, a=labels[seen[addr]], b=labels[field]))
                continue
            seen[addr] = field
            acc = get_account(conn, address=addr)
            if acc is None or not acc.activated:
                problems.append(_("There is no active practice address {address}. Check the "
                                  "spelling, or pick the person from the address book.")
                                .format(address=addr))
            else:
                accounts.append(acc)
        resolved[field] = accounts
    if not parse_addresses(draft.to):
        problems.append(_("Fill in To: who is the message for?"))
    if not draft.subject.strip():
        problems.append(_("Fill in the subject, so the reader knows what it is about."))
    if not draft.body.strip():
        problems.append(_("Write the message itself."))
    check(problems)
    return resolved


def _require_active(conn: sa.Connection, sender_id: int) -> Account:
    sender = get_account(conn, account_id=sender_id)
    if sender is None:
        raise Invalid(_("Register an address first."))
    if not sender.activated:
        raise Invalid(_("Activate your address first with the code from the SMS."))
    return sender


def _insert(conn: sa.Connection, sender_id: int, subject: str, body: str, kind: str,
            recipients: dict[str, list[Account]], attachments: Sequence[Upload],
            parent_id: int | None = None, thread_id: int | None = None) -> int:
    res = conn.execute(t.mail_message.insert().values(
        sender_id=sender_id, subject=subject.strip(), body=body.rstrip(), kind=kind,
        parent_id=parent_id, thread_id=thread_id, created_at=now()))
    pk = res.inserted_primary_key
    assert pk is not None  # noqa: S101 - insert has a key
    msg_id = int(pk[0])
    if thread_id is None:
        conn.execute(t.mail_message.update().where(t.mail_message.c.id == msg_id)
                     .values(thread_id=msg_id))
    for field, accounts in recipients.items():
        for acc in accounts:
            conn.execute(t.mail_recipient.insert().values(message_id=msg_id, account_id=acc.id,
                                                          field=field))
    for up in attachments:
        conn.execute(t.mail_attachment.insert().values(
            message_id=msg_id, filename=up.name, mime=up.mime, size=up.size, data=up.content))
    return msg_id


def send(conn: sa.Connection, sender_id: int, draft: Draft) -> int:
    """Send a new message; returns its id. Raises :class:`Invalid` and writes nothing on errors."""
    _require_active(conn, sender_id)
    problems: list[str] = []
    try:
        recipients = _resolve(conn, draft)
    except Invalid as exc:
        problems.extend(exc.problems)
        recipients = {}
    try:
        check_attachments(draft.attachments)
    except Invalid as exc:
        problems.extend(exc.problems)
    check(problems)
    return _insert(conn, sender_id, draft.subject, draft.body, "new", recipients,
                   draft.attachments)


def system_message(conn: sa.Connection, sender_id: int, to_id: int, subject: str,
                   body: str, parent_id: int | None = None, kind: str = "system") -> int:
    """Deliver a message from a service or simulated account to one mailbox (no checks)."""
    to = get_account(conn, account_id=to_id)
    assert to is not None  # noqa: S101 - caller passes an existing account
    thread_id = None
    if parent_id is not None:
        thread_id = conn.execute(sa.select(t.mail_message.c.thread_id)
                                 .where(t.mail_message.c.id == parent_id)).scalar()
    return _insert(conn, sender_id, subject, body, kind, {"to": [to]}, (), parent_id=parent_id,
                   thread_id=thread_id)


@attrs.frozen
class AttachmentInfo:
    """An attachment as listed in a message (the data is fetched separately)."""

    id: int
    filename: str
    mime: str
    size: int


@attrs.frozen
class MessageView:
    """A message as one person sees it.

    ``bcc`` is everything the sender typed in BCC when the viewer is the sender, only the viewer
    when the viewer is a BCC recipient, and empty for everybody else. ``viewer_field`` says how
    the viewer got the message: ``sender``, ``to``, ``cc`` or ``bcc``.
    """

    id: int
    thread_id: int
    parent_id: int | None
    kind: str
    sender: Account
    subject: str
    body: str
    created_at: datetime
    to: tuple[Account, ...]
    cc: tuple[Account, ...]
    bcc: tuple[Account, ...]
    attachments: tuple[AttachmentInfo, ...]
    viewer_field: str
    read: bool


def _recipients(conn: sa.Connection, message_id: int) -> list[tuple[str, Account, bool]]:
    r, a = t.mail_recipient, t.mail_account
    rows = conn.execute(
        sa.select(r.c.field, r.c.read_at, a).join(a, a.c.id == r.c.account_id)
        .where(r.c.message_id == message_id).order_by(a.c.display_name)).mappings()
    return [(row["field"], _account(row), row["read_at"] is not None) for row in rows]


def view_message(conn: sa.Connection, message_id: int, viewer_id: int) -> MessageView:
    """The message as ``viewer_id`` sees it; ``Invalid`` if they neither sent nor received it."""
    m = t.mail_message
    row = conn.execute(sa.select(m).where(m.c.id == message_id)).mappings().first()
    if row is None:
        raise Invalid(_("That message does not exist."))
    recips = _recipients(conn, message_id)
    mine = [(f, read) for f, acc, read in recips if acc.id == viewer_id]
    if row["sender_id"] == viewer_id:
        field, read = "sender", True
    elif mine:
        field, read = mine[0]
    else:
        raise Invalid(_("That message is not in your mailbox."))
    sender = get_account(conn, account_id=row["sender_id"])
    assert sender is not None  # noqa: S101 - foreign key
    by = {f: tuple(acc for ff, acc, _r in recips if ff == f) for f in FIELDS}
    if field == "sender":
        bcc = by["bcc"]
    elif field == "bcc":
        bcc = tuple(acc for acc in by["bcc"] if acc.id == viewer_id)
    else:
        bcc = ()
    att = t.mail_attachment
    atts = tuple(AttachmentInfo(id=x.id, filename=x.filename, mime=x.mime, size=x.size)
                 for x in conn.execute(sa.select(att.c.id, att.c.filename, att.c.mime, att.c.size)
                                       .where(att.c.message_id == message_id)
                                       .order_by(att.c.id)))
    return MessageView(id=row["id"], thread_id=row["thread_id"] or row["id"],
                       parent_id=row["parent_id"], kind=row["kind"], sender=sender,
                       subject=row["subject"], body=row["body"], created_at=row["created_at"],
                       to=by["to"], cc=by["cc"], bcc=bcc, attachments=atts,
                       viewer_field=field, read=read)


def recipient_views(conn: sa.Connection, message_id: int) -> dict[str, MessageView]:
    """Address → what that person sees, for the sender and every recipient (CC/BCC lesson)."""
    m = t.mail_message
    sender_id = conn.execute(sa.select(m.c.sender_id).where(m.c.id == message_id)).scalar()
    if sender_id is None:
        raise Invalid(_("That message does not exist."))
    ids = [int(sender_id)] + [acc.id for _f, acc, _r in _recipients(conn, message_id)]
    out: dict[str, MessageView] = {}
    for acc_id in ids:
        view = view_message(conn, message_id, acc_id)
        who = view.sender if acc_id == sender_id else next(
            acc for acc in (*view.to, *view.cc, *view.bcc) if acc.id == acc_id)
        out.setdefault(who.address, view)
    return out


def inbox(conn: sa.Connection, account_id: int) -> list[MessageView]:
    """Messages received by the account, newest first."""
    r = t.mail_recipient
    ids = conn.execute(sa.select(r.c.message_id).where(r.c.account_id == account_id)
                       .order_by(r.c.message_id.desc())).scalars().all()
    return [view_message(conn, int(i), account_id) for i in ids]


def sent(conn: sa.Connection, account_id: int) -> list[MessageView]:
    """Messages sent by the account, newest first."""
    m = t.mail_message
    ids = conn.execute(sa.select(m.c.id).where(m.c.sender_id == account_id)
                       .order_by(m.c.id.desc())).scalars().all()
    return [view_message(conn, int(i), account_id) for i in ids]


def thread(conn: sa.Connection, thread_id: int, viewer_id: int) -> list[MessageView]:
    """The messages of a conversation the viewer can see, oldest first."""
    m, r = t.mail_message, t.mail_recipient
    ids = conn.execute(
        sa.select(m.c.id).where(m.c.thread_id == thread_id).where(sa.or_(
            m.c.sender_id == viewer_id,
            m.c.id.in_(sa.select(r.c.message_id).where(r.c.account_id == viewer_id))))
        .order_by(m.c.id)).scalars().all()
    return [view_message(conn, int(i), viewer_id) for i in ids]


def mark_read(conn: sa.Connection, message_id: int, account_id: int) -> None:
    """Mark the message read in the account's mailbox."""
    r = t.mail_recipient
    conn.execute(r.update().where(r.c.message_id == message_id, r.c.account_id == account_id,
                                  r.c.read_at.is_(None)).values(read_at=now()))


def unread_count(conn: sa.Connection, account_id: int) -> int:
    """How many received messages are still unread."""
    r = t.mail_recipient
    return int(conn.execute(sa.select(sa.func.count()).select_from(r).where(
        r.c.account_id == account_id, r.c.read_at.is_(None))).scalar_one())


def attachment_data(conn: sa.Connection, attachment_id: int, viewer_id: int) -> tuple[str, bytes]:
    """``(filename, bytes)`` of an attachment of a message the viewer can see."""
    att = t.mail_attachment
    row = conn.execute(sa.select(att).where(att.c.id == attachment_id)).mappings().first()
    if row is None:
        raise Invalid(_("That attachment does not exist."))
    view_message(conn, row["message_id"], viewer_id)  # raises if not theirs
    return row["filename"], bytes(row["data"])


def prefixed(prefix: str, subject: str) -> str:
    """``Re: subject`` / ``Fwd: subject``, without doubling a prefix already there."""
    return subject if subject.lower().startswith(prefix.lower()) else f"{prefix} {subject}"


def _quote(view: MessageView) -> str:
    header = _("On {date}, {sender} wrote:").format(
        date=view.created_at.strftime("%d-%m-%Y %H:%M"), sender=view.sender.label)
    return header + "\n" + "\n".join("> " + line for line in view.body.splitlines())


def reply(conn: sa.Connection, sender_id: int, message_id: int, body: str,
          reply_all: bool = False, attachments: Sequence[Upload] = ()) -> int:
    """Reply to a message (in the same conversation); returns the new message id.

    The reply goes to the original sender. With ``reply_all`` it also goes to the other To and
    CC recipients the replier can see; BCC recipients are never included (nobody but the
    original sender knows them).
    """
    me = _require_active(conn, sender_id)
    original = view_message(conn, message_id, sender_id)
    problems: list[str] = []
    if not body.strip():
        problems.append(_("Write your reply."))
    try:
        check_attachments(attachments)
    except Invalid as exc:
        problems.extend(exc.problems)
    check(problems)
    to = list(original.to) if original.viewer_field == "sender" else [original.sender]
    cc: list[Account] = []
    if reply_all:
        taken = {a.id for a in to} | {me.id}
        for acc in (*original.to, *original.cc):
            if acc.id not in taken:
                cc.append(acc)
                taken.add(acc.id)
    to = [a for a in to if a.id != me.id] or [me]
    text = body.rstrip() + "\n\n" + _quote(original)
    return _insert(conn, sender_id, prefixed("Re:", original.subject), text, "reply",
                   {"to": to, "cc": cc}, attachments, parent_id=message_id,
                   thread_id=original.thread_id)


def forward(conn: sa.Connection, sender_id: int, message_id: int, draft: Draft) -> int:
    """Forward a message (with its attachments) to new people; returns the new message id.

    ``draft.subject`` may be empty (``Fwd: <original subject>`` is used); ``draft.body`` is the
    note written above the forwarded message and may be empty.
    """
    _require_active(conn, sender_id)
    original = view_message(conn, message_id, sender_id)
    subject = draft.subject.strip() or prefixed("Fwd:", original.subject)
    note = draft.body.strip()
    header = "\n".join([
        _("---------- Forwarded message ----------"),
        _("From: {who}").format(who=original.sender.label),
        _("Date: {date}").format(date=original.created_at.strftime("%d-%m-%Y %H:%M")),
        _("Subject: {subject}").format(subject=original.subject),
        _("To: {who}").format(who=", ".join(a.label for a in original.to)),
    ])
    body = (note + "\n\n" if note else "") + header + "\n\n" + original.body
    att = t.mail_attachment
    copied = [Upload(name=r.filename, content=bytes(r.data), mime=r.mime) for r in conn.execute(
        sa.select(att).where(att.c.message_id == message_id).order_by(att.c.id))]
    full = attrs.evolve(draft, subject=subject, body=body,
                        attachments=tuple(copied) + tuple(draft.attachments))
    recipients = _resolve(conn, full)
    check_attachments(full.attachments)
    return _insert(conn, sender_id, subject, body, "forward", recipients, full.attachments,
                   parent_id=message_id)


def usage(conn: sa.Connection, account_id: int) -> dict[str, list[int]]:
    """Ids of the account's sent messages, by feature (used by the evidence rules).

    Keys: ``new``, ``reply``, ``forward``, ``attachment``, ``cc``, ``bcc``.
    """
    m, r, att = t.mail_message, t.mail_recipient, t.mail_attachment
    out: dict[str, list[int]] = {k: [] for k in ("new", "reply", "forward", "attachment", "cc",
                                                  "bcc")}
    for mid, kind in conn.execute(sa.select(m.c.id, m.c.kind).where(m.c.sender_id == account_id)
                                  .order_by(m.c.id)):
        if kind in out:
            out[kind].append(mid)
    for mid, field in conn.execute(
            sa.select(r.c.message_id, r.c.field).join(m, m.c.id == r.c.message_id)
            .where(m.c.sender_id == account_id).distinct().order_by(r.c.message_id)):
        if field in ("cc", "bcc") and mid not in out[field]:
            out[field].append(mid)
    out["attachment"] = list(conn.execute(
        sa.select(att.c.message_id).join(m, m.c.id == att.c.message_id)
        .where(m.c.sender_id == account_id).distinct().order_by(att.c.message_id)).scalars())
    return out
