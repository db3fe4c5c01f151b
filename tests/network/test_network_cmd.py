"""``network match FILE``: text, JSON in Bahasa Indonesia and English, the picture, bad input."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import kit.cli
from kit.cli.network_cmd import register
from kit.i18n import set_language

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "network" / "jaringan_contoh.csv"
HEAD = "kode,nama,komunitas,kabupaten/kota,desa,menjual,membutuhkan\n"


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Each test starts in Bahasa Indonesia and leaves the default language behind."""
    set_language(None)
    yield
    set_language(None)


def run(*argv: str) -> int:
    """Parse ``argv`` with a parser holding only this command, as ``kit.cli.main`` does."""
    parser = argparse.ArgumentParser(prog="umkm-kit")
    parser.add_argument("--lang", choices=("id", "en"), default=None)
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    set_language(args.lang)
    status: int = args.func(args)
    return status


def test_text_lists_each_match_with_its_reasons_and_the_unmet_needs(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The text output names each pair with its id and sentence, then the needs nobody meets."""
    assert run("network", "match", str(EXAMPLE)) == 0
    out = capsys.readouterr().out
    assert out.startswith("18 kecocokan di antara 12 anggota.")
    assert "[A02-A01-singkong] Tani Makmur (Bambang Susilo) → Keripik Sri (Sri Lestari)" in out
    assert "dua nama untuk barang yang sama" in out
    assert "Kebutuhan yang belum dipasok anggota mana pun:" in out
    assert "  - parafin: Lilin Batik Yuli (Yuli Astuti) (Komunitas Kriya Sragen)" in out


def test_json_in_indonesian_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON has each match's id, parties, product and reasons; only the sentence is translated."""
    assert run("network", "match", str(EXAMPLE), "--format", "json") == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) == 18
    first = found[0]
    assert first["id"] == "A02-A01-singkong"
    assert (first["supplier"]["id"], first["buyer"]["id"], first["product"]) == (
        "A02", "A01", "singkong")
    assert first["reasons"] == {
        "product": "singkong", "offered": "ubi kayu", "needed": "singkong",
        "synonym": ["ubi kayu", "singkong"], "same_community": True, "same_district": True,
        "same_village": True}
    assert "Satu desa: Kroyo." in first["explanation"]
    assert run("--lang", "en", "network", "match", str(EXAMPLE), "--format", "json") == 0
    english = json.loads(capsys.readouterr().out)
    assert [m["id"] for m in english] == [m["id"] for m in found]
    assert english[0]["reasons"] == first["reasons"]
    assert english[0]["explanation"].endswith("Same village: Kroyo.")


def test_district_filter_and_matching_across_districts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--district`` keeps one district's members; ``--across-districts`` pairs two."""
    path = tmp_path / "dua.csv"
    path.write_text(HEAD + "K1,Sri,A,Sragen,Kroyo,dodol,singkong\n"
                           "K2,Budi,B,Karanganyar,Jati,ubi kayu,\n"
                           "K3,Tono,B,Karanganyar,Jati,,dodol\n", encoding="utf-8")
    assert run("network", "match", str(path), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run("network", "match", str(path), "--format", "json", "--across-districts") == 0
    assert {m["id"] for m in json.loads(capsys.readouterr().out)} == {
        "K2-K1-singkong", "K1-K3-dodol"}
    assert run("network", "match", str(path), "--district", "kab karanganyar",
               "--across-districts", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_bad_listing_or_district_is_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad cell names file, row and field; a bad ``--district`` names the option."""
    path = tmp_path / "salah.csv"
    path.write_text(HEAD + "K1,Sri,A,Sragen,Kroyo,dodol,\nK2,Budi,A,Atlantis,,a,\n",
                    encoding="utf-8")
    assert run("network", "match", str(path)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("salah.csv:3:kabupaten/kota: 'Atlantis' bukan")
    assert captured.err.count("\n") == 1
    assert run("--lang", "en", "network", "match", str(EXAMPLE), "--district", "Bogor") == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("--district: 'Bogor' could be")
    assert run("network", "match", str(EXAMPLE), "--district", "Kabupaten Klaten") == 2
    assert capsys.readouterr().err == (
        "--district: tidak ada anggota jaringan_contoh.csv di Kabupaten Klaten\n")


def test_the_picture_is_written_and_a_wrong_suffix_refused_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--picture`` writes the SVG with one arrow per match; ``.gif`` is refused, no output."""
    svg = tmp_path / "jaringan.svg"
    assert run("network", "match", str(EXAMPLE), "--picture", str(svg)) == 0
    assert "Gambar ditulis" in capsys.readouterr().err
    assert svg.read_text(encoding="utf-8").count('id="match-') == 18
    gif = tmp_path / "jaringan.gif"
    assert run("network", "match", str(EXAMPLE), "--picture", str(gif)) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and not gif.exists()
    assert captured.err.startswith("--picture: jaringan.gif: ")


def test_through_the_kit_command_line_with_an_unwritable_picture(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Registered as the lead will, ``--lang en`` works and a missing folder is one line."""
    monkeypatch.setitem(kit.cli.COMMANDS, "network", "kit.cli.network_cmd")
    assert kit.cli.main(["--lang", "en", "network", "match", str(EXAMPLE), "--format",
                         "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["explanation"].startswith(
        "Tani Makmur (Bambang Susilo) sells")
    missing = tmp_path / "no-such-folder" / "jaringan.png"
    assert kit.cli.main(["network", "match", str(EXAMPLE), "--picture", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(missing) in err and "Traceback" not in err
