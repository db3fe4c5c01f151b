"""The practice blog page: sign up, settings, text/photo/video posts, follow, product link."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from kit.i18n import _
from kit.sandbox import blog as blogs
from kit.sandbox import ui
from kit.sandbox.common import MAX_IMAGE_BYTES, Invalid, format_size, uploads_from_value
from kit.sandbox.practice import Practice
from kit.ui import Markup, render


class BlogApp:
    """The practice blog of one participant (``.widget`` is the page part)."""

    def __init__(self, practice: Practice):
        self.practice = practice
        self.name = ui.text(placeholder="keripiksiti")
        self.reg_title = ui.text()
        self.register_button = ui.button(_("Create blog"), primary=True)
        self.title = ui.text()
        self.description = ui.area(rows=2)
        self.about = ui.area(rows=4)
        self.settings_button = ui.button(_("Save settings"), primary=True)
        self.post_title = ui.text()
        self.post_body = ui.area(rows=5)
        self.text_button = ui.button(_("Publish text"), primary=True)
        self.image_title = ui.text()
        self.image = ui.upload(accept="image/*")
        self.image_caption = ui.text()
        self.image_button = ui.button(_("Publish photo"), primary=True)
        self.video_title = ui.text()
        self.video_url = ui.text(placeholder="https://youtu.be/…")
        self.video_button = ui.button(_("Publish video link"), primary=True)
        self.others = w.Dropdown(layout=ui.FULL)
        self.follow_button = ui.button(_("Follow"), primary=True)
        self.product = w.Dropdown(layout=ui.FULL)
        self.product_note = ui.text()
        self.link_button = ui.button(_("Publish product link"), primary=True)
        self.preview = w.HTML()
        actions: dict[w.Button, Callable[[], str]] = {
            self.register_button: self.register, self.settings_button: self.save_settings,
            self.text_button: self.post_text, self.image_button: self.post_image,
            self.video_button: self.post_video, self.follow_button: self.follow,
            self.link_button: self.link_product,
        }
        for btn, action in actions.items():
            btn.on_click(lambda b, action=action: self._do(action, b))
        self.results = ui.Results([b for b in vars(self).values() if isinstance(b, w.Button)])
        self.widget = ui.box([])
        self.refresh()

    @property
    def feedback(self) -> ui.Feedback:
        """The message area of the last tap (right below its button)."""
        return self.results.current

    def _do(self, action: Callable[[], str], pressed: w.Button | None = None) -> None:
        feedback = self.results.press(pressed)
        try:
            message = action()
        except Invalid as exc:
            feedback.error(exc.problems)
            return
        self.refresh()
        self.feedback.ok(message, self.practice.take_note())

    def refresh(self) -> None:
        """Redraw the page for the current state of the blog."""
        b = self.practice.blog()
        parts: list[w.Widget] = [ui.style()]
        if b is None:
            parts += [
                ui.heading(_("1. Create your blog"),
                           _("Sign up with your practice e-mail. The web name becomes the "
                             "address of your blog.")),
                ui.field(_("Web name (….blog.latihan)"), self.name),
                ui.field(_("Blog title"), self.reg_title), self.register_button,
            ]
        else:
            parts += self._blog_parts(b)
        self.widget.children = self.results.lay_out(parts, 2)

    def _blog_parts(self, b: blogs.Blog) -> list[w.Widget]:
        if not self.title.value:
            self.title.value, self.description.value, self.about.value = (
                b.title, b.description, b.about)
        others = self.practice.other_blogs()
        followed = {x.id for x in self.practice.read(lambda c: blogs.following(c, b.id))}
        self.others.options = [(("✓ " if o.id in followed else "") + o.title, o.id)
                               for o in others]
        products = [p for p in self.practice.products() if p.active]
        self.product.options = [(p.name, p.id) for p in products]
        if products and self.product.value is None:
            self.product.value = products[0].id
        if others and self.others.value is None:
            self.others.value = others[0].id
        self.preview.value = self._preview(b)
        return [
            ui.heading(_("Your blog: {url}").format(url=b.url)),
            ui.heading(_("2. Manage the website")),
            ui.field(_("Title"), self.title), ui.field(_("Short description"), self.description),
            ui.field(_("About us"), self.about,
                     _("Who you are, what you make, how buyers contact you.")),
            self.settings_button,
            ui.heading(_("3. Post text")),
            ui.field(_("Title"), self.post_title), ui.field(_("Text"), self.post_body),
            self.text_button,
            ui.heading(_("4. Post a photo and a video")),
            ui.field(_("Photo title"), self.image_title),
            ui.field(_("Photo"), self.image, _("JPG or PNG, at most {size}.").format(
                size=format_size(MAX_IMAGE_BYTES))),
            ui.field(_("Caption"), self.image_caption), self.image_button,
            ui.field(_("Video title"), self.video_title),
            ui.field(_("Video link"), self.video_url,
                     _("Open the video, tap Share, then Copy link, and paste it here.")),
            self.video_button,
            ui.heading(_("5. Follow someone else's blog")),
            ui.field(_("Blog"), self.others), self.follow_button,
            ui.heading(_("6. Link a product of your store")),
            ui.field(_("Product"), self.product,
                     "" if products else _("Add a product in the online store part first.")),
            ui.field(_("A sentence about it"), self.product_note), self.link_button,
            ui.heading(_("How visitors see your blog")), self.preview,
        ]

    def _preview(self, b: blogs.Blog) -> str:
        posts = []
        for post in self.practice.read(lambda c: blogs.posts(c, b.id)):
            image = ""
            if post.has_image and not post.video_url:
                data = self._image(post.id)
                if data:
                    image = ui.image_html(data[0], data[1], post.title)
            posts.append({"title": post.title, "video_url": post.video_url,
                          "image_html": Markup(image),
                          "body_html": Markup(ui.para(post.body))})
        return render("sandbox_blog.html.j2", title=b.title, description=b.description,
                      posts=posts)

    def _image(self, post_id: int) -> tuple[bytes, str] | None:
        return self.practice.read(lambda c: blogs.post_image_data(c, post_id))

    # -- actions (each returns the success message) ----------------------------------------
    def register(self) -> str:
        """Create the blog."""
        b = self.practice.register_blog(self.name.value, self.reg_title.value)
        return _("Your blog {url} is ready.").format(url=b.url)

    def save_settings(self) -> str:
        """Save title, description and about."""
        self.practice.save_blog_settings(self.title.value, self.description.value,
                                         self.about.value)
        return _("Settings saved.")

    def post_text(self) -> str:
        """Publish the text post."""
        self.practice.post_text(self.post_title.value, self.post_body.value)
        self.post_title.value = self.post_body.value = ""
        return _("Published.")

    def post_image(self) -> str:
        """Publish the photo post."""
        files = uploads_from_value(self.image.value)
        self.practice.post_image(self.image_title.value, files[0] if files else None,
                                 self.image_caption.value)
        self.image_title.value = self.image_caption.value = ""
        self.image.value = ()
        return _("Photo published.")

    def post_video(self) -> str:
        """Publish the video-link post."""
        self.practice.post_video(self.video_title.value, self.video_url.value)
        self.video_title.value = self.video_url.value = ""
        return _("Video link published.")

    def follow(self) -> str:
        """Follow the chosen blog."""
        if self.others.value is None:
            raise Invalid(_("Choose a blog to follow."))
        added = self.practice.follow(int(self.others.value))
        return _("You follow this blog.") if added else _("You already follow this blog.")

    def link_product(self) -> str:
        """Publish a post linking the chosen product."""
        if self.product.value is None:
            raise Invalid(_("Add a product in the online store part first."))
        url = self.practice.link_product(int(self.product.value), self.product_note.value)
        return _("Product linked: {url}").format(url=url)


def blog_practice(practice: Practice) -> BlogApp:
    """Build the practice blog for a participant (``.widget`` goes on the page)."""
    return BlogApp(practice)
