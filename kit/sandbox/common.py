"""Shared pieces of the sandbox: validation errors, uploads, images, formatting."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from kit.i18n import _

MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_MAX_SIDE = 1024
IMAGE_TYPES = ("JPEG", "PNG", "GIF", "WEBP")


class Invalid(ValueError):
    """Input the sandbox refuses; ``problems`` are friendly sentences in the current language."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = tuple(problems)


def check(problems: list[str]) -> None:
    """Raise :class:`Invalid` with ``problems`` if there are any."""
    if problems:
        raise Invalid(*problems)


@attrs.frozen
class Upload:
    """One uploaded file (from an ipywidgets ``FileUpload`` or a test)."""

    name: str
    content: bytes
    mime: str = "application/octet-stream"

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.content)


def uploads_from_value(value: Iterable[Mapping[str, Any]]) -> list[Upload]:
    """Turn a ``FileUpload.value`` (tuple of dicts with name/type/content) into uploads."""
    out = []
    for item in value:
        content = item.get("content", b"")
        out.append(Upload(name=str(item.get("name") or "berkas"), content=bytes(content),
                          mime=str(item.get("type") or "application/octet-stream")))
    return out


def format_size(n: int) -> str:
    """A size for people: ``820 KB``, ``2,5 MB`` (decimal comma in Bahasa Indonesia)."""
    from kit.i18n import get_language

    mib = 1024 * 1024
    text = f"{max(1, round(n / 1024))} KB" if n < mib else f"{n / mib:.1f} MB"
    return text.replace(".", ",") if get_language() == "id" else text


def too_big_message(upload: Upload, limit: int) -> str:
    """The friendly sentence shown when a file is larger than ``limit``."""
    return _("The file {name} is {size}; the practice allows at most {limit}. Make it smaller "
             "first (for a photo: send it to yourself on WhatsApp, or take it again at a lower "
             "resolution) and try again.").format(name=upload.name, size=format_size(upload.size),
                                                  limit=format_size(limit))


def normalise_image(upload: Upload, limit: int = MAX_IMAGE_BYTES) -> tuple[bytes, str]:
    """Check an uploaded photo and return it shrunk to at most 1024 px as ``(bytes, mime)``.

    Raises :class:`Invalid` for an empty file, a file over ``limit`` or something that is not
    a JPEG/PNG/GIF/WEBP picture. Pillow is imported here only, so pages start light.
    """
    if upload.size == 0:
        raise Invalid(_("The file {name} is empty.").format(name=upload.name))
    if upload.size > limit:
        raise Invalid(too_big_message(upload, limit))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(upload.content)) as img:
            if img.format not in IMAGE_TYPES:
                raise Invalid(_("{name} is not a photo the practice can show (use JPG or PNG).")
                              .format(name=upload.name))
            img.load()
            pic = img.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise Invalid(_("{name} is not a photo the practice can open (use JPG or PNG).")
                      .format(name=upload.name)) from None
    pic.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
    buf = io.BytesIO()
    pic.save(buf, format="JPEG", quality=82)
    return buf.getvalue(), "image/jpeg"
