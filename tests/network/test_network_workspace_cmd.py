"""``network match --community ID`` and ``--district D``: the members' own listings, matched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kit.cli
from kit.workspace import Workspace

from .test_network_cmd import run

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "network" / "jaringan_contoh.csv"
Made = tuple[Workspace, dict[str, str]]


def test_a_community_in_text_names_it_and_explains_the_match(
        district: Made, capsys: pytest.CaptureFixture[str]) -> None:
    """The text starts with the community and counts, then each match with its reasons."""
    ws, ids = district
    assert run("network", "match", "--community", ids["pangan"],
               "--workspace", str(ws.root)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Jaringan usaha Komunitas Olahan Pangan (Kabupaten Sragen)"
    assert lines[1] == "1 kecocokan di antara 2 anggota."
    assert "[pbudi-pani-singkong] Budi Santoso → Ani Lestari: singkong (#1)" in out
    assert "\"ubi kayu\" dan \"singkong\" adalah dua nama untuk barang yang sama" in out
    assert "  - label kemasan: Ani Lestari (Komunitas Olahan Pangan)" in out


def test_a_community_in_json_in_indonesian_and_english(
        district: Made, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON lists each match with its id; only the explanation changes with ``--lang en``."""
    ws, ids = district
    argv = ("network", "match", "--community", ids["pangan"], "--workspace", str(ws.root),
            "--format", "json")
    assert run(*argv) == 0
    [found] = json.loads(capsys.readouterr().out)
    assert found["id"] == "pbudi-pani-singkong"
    assert found["supplier"]["community"] == "Komunitas Olahan Pangan"
    assert found["explanation"].endswith("Keduanya anggota Komunitas Olahan Pangan.")
    assert run("--lang", "en", *argv) == 0
    [english] = json.loads(capsys.readouterr().out)
    assert english["reasons"] == found["reasons"]
    assert english["explanation"].endswith("Both are members of Komunitas Olahan Pangan.")


def test_a_district_matches_across_its_communities_and_draws_them(
        district: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--district`` reads every community of Sragen; the picture has one arrow per match."""
    ws, _ids = district
    svg = tmp_path / "jaringan.svg"
    assert run("--lang", "en", "network", "match", "--district", "Sragen", "--workspace",
               str(ws.root), "--format", "json", "--picture", str(svg)) == 0
    captured = capsys.readouterr()
    found = {m["id"]: m for m in json.loads(captured.out)}
    assert set(found) == {"pbudi-pani-singkong", "pjoko-pani-label-kemasan"}
    assert "Different communities of the same district (Kabupaten Sragen)" in found[
        "pjoko-pani-label-kemasan"]["explanation"]
    assert "Picture written" in captured.err
    assert svg.read_text(encoding="utf-8").count('id="match-') == 2
    assert run("network", "match", "--district", "Sragen", "--workspace", str(ws.root)) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == ("Jaringan usaha komunitas di Kabupaten Sragen: Komunitas Kriya, "
                     "Komunitas Olahan Pangan")


def test_no_listing_is_one_line_in_either_language(
        district: Made, capsys: pytest.CaptureFixture[str]) -> None:
    """A community whose members listed nothing says so in one line; JSON is an empty list."""
    ws, ids = district
    assert run("network", "match", "--community", ids["lain"],
               "--workspace", str(ws.root)) == 0  # Karanganyar: Karno listed, alone
    assert "0 kecocokan di antara 1 anggota." in capsys.readouterr().out
    from kit.community import service

    empty = service.create(ws, "Komunitas Kosong", "Sragen", "Aula", service.show(
        ws, ids["pangan"]).community.formed_on)
    assert run("network", "match", "--community", empty.id, "--workspace", str(ws.root)) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1 and captured.err == ""
    assert captured.out.startswith("Komunitas Kosong belum punya daftar jaringan usaha")
    assert run("--lang", "en", "network", "match", "--community", empty.id, "--workspace",
               str(ws.root), "--format", "json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert captured.err.startswith("Komunitas Kosong has no business listing yet")
    assert captured.err.count("\n") == 1
    assert run("network", "match", "--district", "Klaten", "--workspace", str(ws.root)) == 0
    assert capsys.readouterr().out == "Kabupaten Klaten belum punya komunitas.\n"


def test_bad_options_are_one_line_and_exit_2(
        district: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown community, a bad district, FILE with --community, or nothing: one line each."""
    ws, ids = district
    root = str(ws.root)
    cases = [
        (("--community", "km-tidak-ada", "--workspace", root), "--community: "),
        (("--district", "Atlantis", "--workspace", root), "--district: 'Atlantis'"),
        ((str(EXAMPLE), "--community", ids["pangan"], "--workspace", root), "--community: "),
        (("--community", ids["pangan"], "--district", "Sragen", "--workspace", root),
         "--district: "),
        (("--workspace", root), "BERKAS: "),
    ]
    for argv, start in cases:
        assert run("network", "match", *argv) == 2, argv
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith(start), (argv, captured.err)
        assert captured.err.count("\n") == 1, captured.err
    assert run("network", "match", "--community", ids["pangan"], "--workspace",
               str(tmp_path / "tidak-ada")) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_through_the_kit_command_line_in_english(
        district: Made, capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m kit --lang en network match --community ID`` prints the English heading."""
    ws, ids = district
    assert kit.cli.main(["--lang", "en", "network", "match", "--community", ids["pangan"],
                         "--workspace", str(ws.root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Business network of Komunitas Olahan Pangan (Kabupaten Sragen)\n"
                          "1 match among 2 members.")
