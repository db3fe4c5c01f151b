"""Interface strings go through gettext, and Bahasa Indonesia translates every one of them."""

from __future__ import annotations

import re
from pathlib import Path

from kit.i18n import _, set_language
from kit.i18n.catalogue import ROOT, SOURCE_DIRS, extract, missing_translations

# ``_("…")`` inside an f-string is invisible to the extractor (Python 3.11 tokenises the whole
# f-string as one string), so such a string would silently stay English.
FSTRING_CALL = re.compile(r"""\bf(["'])[^"'\n]*\{\s*_\(""")


def test_every_string_has_an_indonesian_translation() -> None:
    """No message id used in kit/, voila_apps/, modules/ or assessments/ lacks a translation."""
    missing = missing_translations("id")
    assert not missing, "\n".join(f"{f}:{ln}: {m!r}" for m, f, ln in missing)


def test_strings_are_extracted_at_all() -> None:
    """The extractor finds the kit's strings (guards against a silently empty check)."""
    assert len(list(extract())) > 50


def test_no_translation_call_inside_an_fstring() -> None:
    """No source file calls ``_()`` inside an f-string, where extraction cannot see it."""
    offenders = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FSTRING_CALL.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert not offenders, offenders


def test_indonesian_is_the_default_and_english_is_available() -> None:
    """Without a choice messages are Indonesian; ``en`` gives the English message id."""
    set_language(None)
    try:
        assert _("Workspace ready: {path}") == "Ruang kerja siap: {path}"
        set_language("en")
        assert _("Workspace ready: {path}") == "Workspace ready: {path}"
    finally:
        set_language(None)


def test_catalogue_files_have_no_fuzzy_or_empty_entries() -> None:
    """Every .po file is complete: no fuzzy flag and no empty msgstr except the header."""
    for po in sorted(Path(ROOT / "kit" / "i18n" / "locale").rglob("*.po")):
        text = po.read_text(encoding="utf-8")
        body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        assert "#, fuzzy" not in body, po
        assert not re.search(r'msgstr ""\n\n', body + "\n"), po


def test_a_message_id_has_one_translation_across_the_po_files() -> None:
    """Two .po files may share a message id only with the same translation (the merge keeps one)."""
    from babel.messages.pofile import read_po

    from kit.i18n import po_files

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in po_files("id"):
        with path.open("rb") as fh:
            for message in read_po(fh, locale="id"):
                if not message.id or not isinstance(message.id, str):
                    continue
                text = str(message.string)
                if message.id in seen and seen[message.id][1] != text:
                    clashes.append(f"{message.id!r}: {seen[message.id][0]} says "
                                   f"{seen[message.id][1]!r}, {path.name} says {text!r}")
                seen.setdefault(message.id, (path.name, text))
    assert not clashes, "\n".join(clashes)
