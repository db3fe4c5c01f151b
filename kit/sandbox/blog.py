"""The practice blog (web marketing): account, settings, posts, following, product links.

A participant signs up with their practice e-mail, sets title/description/about, posts text,
an image and a video link, follows another participant's blog (or a simulated one) and links a
product of their practice store. Invalid input raises :class:`kit.sandbox.common.Invalid` and
writes nothing.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import attrs
import sqlalchemy as sa

from kit.i18n import _
from kit.records.clock import now
from kit.sandbox import mail, shop
from kit.sandbox import tables as t
from kit.sandbox.common import Invalid, Upload, check, normalise_image

BLOG_HOST = "blog.latihan"
TITLE_MAX = 80
DESCRIPTION_MAX = 300
ABOUT_MAX = 3000
POST_TITLE_MAX = 120


@attrs.frozen
class Blog:
    """A practice blog."""

    id: int
    name: str
    title: str
    description: str
    about: str
    participant_id: str | None
    simulated_role: str | None

    @property
    def url(self) -> str:
        """The blog's practice web address."""
        return f"https://{self.name}.{BLOG_HOST}"


@attrs.frozen
class Post:
    """A blog post (image bytes are fetched separately)."""

    id: int
    blog_id: int
    kind: str
    title: str
    body: str
    has_image: bool
    video_url: str | None
    product_id: int | None


def _blog(row: sa.RowMapping) -> Blog:
    return Blog(id=row["id"], name=row["name"], title=row["title"],
                description=row["description"], about=row["about"],
                participant_id=row["participant_id"], simulated_role=row["simulated_role"])


def get_blog(conn: sa.Connection, participant_id: str) -> Blog | None:
    """The participant's blog, or ``None``."""
    row = conn.execute(sa.select(t.blog).where(t.blog.c.participant_id == participant_id)
                       ).mappings().first()
    return _blog(row) if row else None


def blog_by_id(conn: sa.Connection, blog_id: int) -> Blog:
    """The blog with this id (``Invalid`` if none)."""
    row = conn.execute(sa.select(t.blog).where(t.blog.c.id == blog_id)).mappings().first()
    if row is None:
        raise Invalid(_("That blog does not exist."))
    return _blog(row)


SIMULATED_BLOGS = (
    # role, web name, title, description
    ("sari", "catatanbusari", "Catatan Belanja Bu Sari",
     "Ulasan jujur belanja online dari seorang ibu rumah tangga."),
    ("rina", "pojokumkm", "Pojok UMKM Mbak Rina",
     "Kiat sederhana berjualan online untuk pelaku UMKM."),
)


def ensure_simulated_blogs(conn: sa.Connection) -> list[Blog]:
    """Create (once) the simulated correspondents' blogs that anyone can follow."""
    from kit.sandbox.correspondents import ensure_correspondents

    who = ensure_correspondents(conn)
    for role, name, title, description in SIMULATED_BLOGS:
        if conn.execute(sa.select(t.blog.c.id).where(t.blog.c.name == name)).first():
            continue
        ts = now()
        res = conn.execute(t.blog.insert().values(
            name=name, simulated_role=role, account_id=who[role].id, title=title,
            description=description, about=description, created_at=ts, updated_at=ts))
        pk = res.inserted_primary_key
        assert pk is not None  # noqa: S101 - insert has a key
        conn.execute(t.blog_post.insert().values(
            blog_id=int(pk[0]), kind="text", title=title, body=description, created_at=ts))
    rows = conn.execute(sa.select(t.blog).where(t.blog.c.simulated_role.is_not(None))
                        .order_by(t.blog.c.id)).mappings()
    return [_blog(r) for r in rows]


def register(conn: sa.Connection, participant_id: str, name: str, title: str) -> Blog:
    """Create the participant's blog with their practice e-mail; a welcome e-mail follows.

    Raises :class:`Invalid` without an active practice mailbox, for a bad or taken web name, an
    empty title or a second blog.
    """
    acc = mail.get_account(conn, participant_id=participant_id)
    if acc is None or not acc.activated:
        raise Invalid(_("Sign up with your e-mail: first make and activate your practice "
                        "address in the e-mail part."))
    problems = shop.check_domain(name)
    if not title.strip():
        problems.append(_("Type the blog title, for example the name of your business."))
    check(problems)
    if get_blog(conn, participant_id):
        raise Invalid(_("You already have a blog."))
    name = name.strip()
    if conn.execute(sa.select(t.blog.c.id).where(t.blog.c.name == name)).first():
        raise Invalid(_("The web name {name} is already taken; add your town, for example "
                        "{example}.").format(name=name, example=f"{name}-sragen"[:30]))
    ts = now()
    conn.execute(t.blog.insert().values(
        name=name, participant_id=participant_id, account_id=acc.id, title=title.strip(),
        created_at=ts, updated_at=ts))
    blog = get_blog(conn, participant_id)
    assert blog is not None  # noqa: S101 - just inserted
    service = mail.create_service_account(conn, f"info@{BLOG_HOST}", _("Practice Blog"),
                                          "blog_service")
    mail.system_message(conn, service.id, acc.id, _("Your blog is ready"),
                        _("Your blog {url} is ready. Fill in its description and 'about' page, "
                          "then write your first post.").format(url=blog.url))
    return blog


def save_settings(conn: sa.Connection, blog_id: int, *, title: str, description: str,
                  about: str) -> dict[str, str]:
    """Save title, description and about text (all required); returns what was saved."""
    blog_by_id(conn, blog_id)
    problems = []
    if not title.strip():
        problems.append(_("Type the blog title."))
    elif len(title.strip()) > TITLE_MAX:
        problems.append(_("Keep the title under {n} characters.").format(n=TITLE_MAX))
    if not description.strip():
        problems.append(_("Type a short description: what you sell and where."))
    elif len(description.strip()) > DESCRIPTION_MAX:
        problems.append(_("Keep the description under {n} characters.").format(
            n=DESCRIPTION_MAX))
    if not about.strip():
        problems.append(_("Fill in 'About us': who you are and how buyers can contact you."))
    elif len(about.strip()) > ABOUT_MAX:
        problems.append(_("Keep 'About us' under {n} characters.").format(n=ABOUT_MAX))
    check(problems)
    values = {"title": title.strip(), "description": description.strip(), "about": about.strip()}
    conn.execute(t.blog.update().where(t.blog.c.id == blog_id).values(**values,
                                                                      updated_at=now()))
    return values


def _title_problems(title: str) -> list[str]:
    if not title.strip():
        return [_("Type a title for the post.")]
    if len(title.strip()) > POST_TITLE_MAX:
        return [_("Keep the post title under {n} characters.").format(n=POST_TITLE_MAX)]
    return []


def _insert_post(conn: sa.Connection, blog_id: int, **values: object) -> int:
    res = conn.execute(t.blog_post.insert().values(blog_id=blog_id, created_at=now(), **values))
    pk = res.inserted_primary_key
    assert pk is not None  # noqa: S101 - insert has a key
    return int(pk[0])


def post_text(conn: sa.Connection, blog_id: int, title: str, body: str) -> int:
    """Publish a text post; returns its id."""
    blog_by_id(conn, blog_id)
    problems = _title_problems(title)
    if not body.strip():
        problems.append(_("Write the text of the post."))
    check(problems)
    return _insert_post(conn, blog_id, kind="text", title=title.strip(), body=body.strip())


def post_image(conn: sa.Connection, blog_id: int, title: str, image: Upload | None,
               caption: str = "") -> int:
    """Publish a photo post (photo checked and shrunk); returns its id."""
    blog_by_id(conn, blog_id)
    problems = _title_problems(title)
    data: tuple[bytes, str] | None = None
    if image is None:
        problems.append(_("Choose a photo to post."))
    else:
        try:
            data = normalise_image(image)
        except Invalid as exc:
            problems.extend(exc.problems)
    check(problems)
    assert data is not None  # noqa: S101 - checked above
    return _insert_post(conn, blog_id, kind="image", title=title.strip(), body=caption.strip(),
                        image=data[0], image_mime=data[1])


def check_video_url(url: str) -> list[str]:
    """Problems with a video link: it must be a whole web address ``https://…`` with a site name."""
    raw = url.strip()
    if not raw:
        return [_("Paste the video link (use the Share button of the video, then Copy link).")]
    if re.search(r"\s", raw):
        return [_("A link has no spaces; copy it again with the Share button.")]
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https"):
        return [_("A link starts with https:// — copy it with the Share button of the video.")]
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith("."):
        return [_("The link has no site name (such as youtube.com); copy it again.")]
    return []


def post_video(conn: sa.Connection, blog_id: int, title: str, url: str,
               caption: str = "") -> int:
    """Publish a video-link post; returns its id."""
    blog_by_id(conn, blog_id)
    problems = _title_problems(title) + check_video_url(url)
    check(problems)
    return _insert_post(conn, blog_id, kind="video", title=title.strip(), body=caption.strip(),
                        video_url=url.strip())


def link_product(conn: sa.Connection, blog_id: int, participant_id: str, product_id: int,
                 note: str = "") -> tuple[int, str]:
    """Publish a post linking a product of the participant's own store; returns (id, url)."""
    blog = blog_by_id(conn, blog_id)
    if blog.participant_id != participant_id:
        raise Invalid(_("That blog is not yours."))
    own = shop.get_store(conn, participant_id)
    if own is None:
        raise Invalid(_("Open your practice store and add a product first."))
    product = shop.get_product(conn, own.id, product_id)
    if not product.active:
        raise Invalid(_("That product is switched off in your store; switch it on first."))
    url = shop.product_url(own, product)
    body = (note.strip() + "\n\n" if note.strip() else "") + _("Buy it in my store: {url}").format(
        url=url)
    post_id = _insert_post(conn, blog_id, kind="product", title=product.name, body=body,
                           product_id=product.id)
    return post_id, url


def posts(conn: sa.Connection, blog_id: int) -> list[Post]:
    """The blog's posts, newest first."""
    p = t.blog_post
    rows = conn.execute(sa.select(p.c.id, p.c.blog_id, p.c.kind, p.c.title, p.c.body,
                                  (p.c.image.is_not(None)).label("has_image"), p.c.video_url,
                                  p.c.product_id).where(p.c.blog_id == blog_id)
                        .order_by(p.c.id.desc())).mappings()
    return [Post(**dict(r)) for r in rows]


def post_image_data(conn: sa.Connection, post_id: int) -> tuple[bytes, str] | None:
    """``(bytes, mime)`` of a photo post, or ``None``."""
    p = t.blog_post
    row = conn.execute(sa.select(p.c.image, p.c.image_mime).where(p.c.id == post_id)).first()
    if row is None or row.image is None:
        return None
    return bytes(row.image), str(row.image_mime)


def other_blogs(conn: sa.Connection, blog_id: int) -> list[Blog]:
    """Every blog except this one: participants' first, then the simulated ones."""
    ensure_simulated_blogs(conn)
    rows = conn.execute(sa.select(t.blog).where(t.blog.c.id != blog_id)
                        .order_by(t.blog.c.simulated_role.is_not(None), t.blog.c.title)
                        ).mappings()
    return [_blog(r) for r in rows]


def follow(conn: sa.Connection, follower_id: int, followed_id: int) -> bool:
    """Follow a blog; returns False if already followed. ``Invalid`` for one's own blog."""
    if follower_id == followed_id:
        raise Invalid(_("Choose someone else's blog; you cannot follow your own."))
    blog_by_id(conn, followed_id)
    f = t.blog_follow
    if conn.execute(sa.select(f.c.follower_id).where(f.c.follower_id == follower_id,
                                                     f.c.followed_id == followed_id)).first():
        return False
    conn.execute(f.insert().values(follower_id=follower_id, followed_id=followed_id,
                                   created_at=now()))
    return True


def following(conn: sa.Connection, blog_id: int) -> list[Blog]:
    """Blogs this blog follows."""
    f = t.blog_follow
    rows = conn.execute(sa.select(t.blog).join(f, f.c.followed_id == t.blog.c.id)
                        .where(f.c.follower_id == blog_id).order_by(t.blog.c.title)).mappings()
    return [_blog(r) for r in rows]


def followers(conn: sa.Connection, blog_id: int) -> list[Blog]:
    """Blogs that follow this blog."""
    f = t.blog_follow
    rows = conn.execute(sa.select(t.blog).join(f, f.c.follower_id == t.blog.c.id)
                        .where(f.c.followed_id == blog_id).order_by(t.blog.c.title)).mappings()
    return [_blog(r) for r in rows]
