"""The stable CLI interface: validate and geocode."""
import json
import subprocess
import sys

from tests.conftest import ROOT

from cymap.cli import main


def test_validate_clean_ledger_exits_zero(write_ledger, capsys):
    path = write_ledger(["A02-T05-01,甲,a,2,5,rail,涪陵,ongoing,2027,,s,2023-03-10,"])
    assert main(["validate", str(path)]) == 0


def test_validate_reports_row_column_value_and_exits_one(write_ledger, capsys):
    path = write_ledger([
        "A02-T05-01,甲,a,2,5,rail,涪陵,ongoing,2027,,s,2023-03-10,",
        "A02-T05-02,乙,b,2,5,rocket,涪陵,bogus,20x7,,s,10/3/2023,",
    ])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "row 2, column category: value 'rocket'" in out[0]
    assert any("row 2, column status: value 'bogus'" in line for line in out)
    assert any("row 2, column target_year: value '20x7'" in line for line in out)
    assert any("row 2, column updated: value '10/3/2023'" in line for line in out)


def test_geocode_writes_feature_collection_with_contract_properties(write_ledger, tmp_path, capsys):
    path = write_ledger([
        "A02-T05-01,机场,Airport,2,5,airport,江北国际机场,under_construction,2027,,s,2023-03-10,",
        "A09-T45-01,帮扶县,Counties,9,45,pilot,城口县;巫溪县,ongoing,,,s,2023-03-10,",
    ])
    out = tmp_path / "x.geojson"
    assert main(["geocode", str(path), "--out", str(out)]) == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    props = collection["features"][1]["properties"]
    for key in ("id", "name_zh", "action", "status", "precision", "districts", "primary_district"):
        assert key in props
    assert isinstance(props["districts"], list) and "城口县" in props["districts"]
    assert props["primary_district"] == "城口县"
    printed = capsys.readouterr().out
    assert "rows: 2" in printed and "unresolved names: none" in printed


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "cymap", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "validate" in result.stdout


def test_problem_names_the_spreadsheet_line_too():
    from cymap.ledger.schema import Problem

    text = str(Problem(2, "status", "bogus", "is not a status", "planned"))
    assert text.startswith("row 2, column status: value 'bogus'")
    assert "line 3 of the file" in text
    assert "line" not in str(Problem(0, "(file)", "x.csv", "the file is empty"))
