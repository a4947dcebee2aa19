"""`python -m cymap export|pack`: the stable interface (docs/ARCHITECTURE.md, "Interfaces"), on the small
fixture ledger."""
from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from cymap import cli
from cymap.print import pack
from cymap.views.filters import FilterSpec, apply_filters
from cymap.geo.projects import load_projects

SMALL = str(Path(__file__).parent / "data" / "export_small.csv")


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg", "html", "csv", "xlsx"])
def test_export_writes_every_format(tmp_path, fmt, capsys):
    out = tmp_path / f"map.{fmt}"
    code = cli.main(["export", "--ledger", SMALL, "--district", "万州", "--format", fmt, "--out", str(out),
                     "--dpi", "60"])
    assert code == 0 and out.stat().st_size > 1000
    expected_rows = len(apply_filters(load_projects(SMALL).geocoded, FilterSpec(districts=["万州"])))
    assert f"{expected_rows} projects" in capsys.readouterr().out
    if fmt == "png":
        assert Image.open(out).size[0] == int(297 / 25.4 * 60)
    if fmt == "csv":
        assert out.read_bytes().startswith(codecs.BOM_UTF8)


def test_export_takes_the_format_from_the_extension_and_options(tmp_path):
    out = tmp_path / "wanzhou.png"
    assert cli.main(["export", "--ledger", SMALL, "--out", str(out), "--paper", "A3", "--orientation", "portrait",
                     "--dpi", "30", "--lang", "en"]) == 0
    width, height = Image.open(out).size
    assert height > width and abs(width - 297 / 25.4 * 30) < 1


def test_export_rejects_an_unknown_format(tmp_path, capsys):
    assert cli.main(["export", "--ledger", SMALL, "--out", str(tmp_path / "x.gif")]) == 2
    assert "format" in capsys.readouterr().err


def test_unknown_district_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["export", "--ledger", SMALL, "--district", "火星区", "--out", str(tmp_path / "x.csv")]) == 2
    assert "火星区" in capsys.readouterr().err


def test_pack_prints_a_progress_bar_and_writes_the_pages(tmp_path, capsys):
    out = tmp_path / "pack.pdf"
    assert cli.main(["pack", "--ledger", SMALL, "--status", "delayed", "--status", "ongoing", "--out", str(out)]) == 0
    view = apply_filters(load_projects(SMALL).geocoded, FilterSpec(statuses=["delayed", "ongoing"]))
    districts = {name for names in view["districts"] for name in names}
    pages = len(PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert pages == 1 + len(districts) + pack.closing_pages(view)  # + investment / targets pages
    err = capsys.readouterr().err
    assert f"] {pages}/{pages} pages" in err and "[" + "#" * 30 + "]" in err
