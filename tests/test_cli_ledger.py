"""The ledger-editing CLI: update, history, import, validate (stable interfaces)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from cymap.ledger import history
from cymap.cli import main
from cymap.ledger.read import read_ledger
from tests.ledger_fixtures import ROOT, SMALL_LEDGER, assert_history_matches_ledger, write_generated_ledger


def test_update_changes_status_and_prints_the_change(ledger, capsys):
    assert main(["update", "--ledger", str(ledger), "A02-T05-01", "--status", "建成投用",
                 "--note", "T3B 投用", "--who", "王工"]) == 0
    assert capsys.readouterr().out == "A02-T05-01: status 'under_construction' -> 'completed' — note: T3B 投用\n"
    assert read_ledger(ledger).rows.set_index("id").at["A02-T05-01", "note"] == "T3B 投用"
    assert [e.who for e in history.read_history(ledger)] == ["王工"]


@pytest.mark.parametrize("args, message", [
    (["A99-T01-01", "--status", "completed"], "error: no project with id 'A99-T01-01' in projects.csv"),
    (["A02-T05-01", "--status", "nearly"], "error: status 'nearly' is not a status — allowed: planned (谋划), "),
    (["A02-T05-01", "--status", "completed", "--if-version", "0000"], "error: project A02-T05-01 changed since"),
])
def test_update_errors_exit_one_with_a_message(ledger, capsys, args, message):
    before = ledger.read_bytes()
    assert main(["update", "--ledger", str(ledger), *args, "--who", "a"]) == 1
    assert capsys.readouterr().err.startswith(message)
    assert ledger.read_bytes() == before


def test_update_of_a_missing_ledger_says_so(tmp_path, capsys):
    assert main(["update", "--ledger", str(tmp_path / "nope.csv"), "A02-T05-01", "--status", "completed"]) == 1
    assert capsys.readouterr().err == f"error: there is no ledger file at {tmp_path / 'nope.csv'}\n"
    assert list(tmp_path.iterdir()) == []  # no lock file or history left behind


def test_update_with_current_version_succeeds(ledger, capsys):
    main(["history", "--ledger", str(ledger), "A02-T05-01", "--version"])
    version = capsys.readouterr().out.split()[-1]
    assert main(["update", "--ledger", str(ledger), "A02-T05-01", "--status", "delayed", "--if-version", version,
                 "--who", "a"]) == 0


def test_history_lists_and_filters(ledger, capsys):
    main(["update", "--ledger", str(ledger), "A02-T05-01", "--status", "completed", "--note", "n1", "--who", "a"])
    main(["update", "--ledger", str(ledger), "A02-T05-02", "--status", "delayed", "--who", "b"])
    capsys.readouterr()
    assert main(["history", "--ledger", str(ledger)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "a  A02-T05-01  status: 'under_construction' -> 'completed'  — n1" in lines[0]
    assert main(["history", "A02-T05-02", "--ledger", str(ledger), "--since", "2020-01-01"]) == 0
    assert [line.split("  ")[2] for line in capsys.readouterr().out.splitlines()] == ["A02-T05-02"]
    assert main(["history", "--ledger", str(ledger), "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["history", "--ledger", str(ledger), "--since", "last year"]) == 2
    assert "date 'last year' is not a date — use YYYY-MM-DD" in capsys.readouterr().err


def test_import_preview_then_apply(ledger, tmp_path, capsys):
    upload = tmp_path / "up.csv"
    lines = SMALL_LEDGER.read_text(encoding="utf-8").splitlines()
    upload.write_text("\n".join([lines[0], lines[1].replace("under_construction", "在建中").replace(",2027,", ",2028,"),
                                 *lines[2:4]]) + "\n", encoding="utf-8-sig")
    before = ledger.read_bytes()
    assert main(["import", str(upload), "--preview", "--ledger", str(ledger)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["up.csv: 3 rows — 0 added, 1 changed (1 fields), 1 removed, 2 unchanged; 0 problems",
                   "  ~ A02-T05-01  target_year: '2027' -> '2028'", "  - A06-T28-01  长寿湖生态"]
    assert ledger.read_bytes() == before
    assert main(["import", str(upload), "--apply", "--ledger", str(ledger), "--who", "a", "--note", "H1"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "applied: 2 changes recorded"
    assert len(assert_history_matches_ledger(ledger)) == 2


def test_import_problems_exit_one_and_apply_refused(ledger, tmp_path, capsys):
    upload = tmp_path / "bad.csv"
    upload.write_text(SMALL_LEDGER.read_text(encoding="utf-8").replace(",port,", ",harbour,"), encoding="utf-8")
    assert main(["import", str(upload), "--preview", "--ledger", str(ledger)]) == 1
    assert "  problem: row 2, column category: value 'harbour' — is not a category" in capsys.readouterr().out
    assert main(["import", str(upload), "--apply", "--ledger", str(ledger), "--who", "a"]) == 1
    assert "error: bad.csv has 1 problems; fix them and import again" in capsys.readouterr().err


def test_validate_unreadable_file_exits_one(tmp_path, capsys):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == f"row 0, column (file): value '{path}' — the file is empty\n"


def test_eight_cli_processes_at_once_lose_nothing(tmp_path):
    path = tmp_path / "projects.csv"
    ids = write_generated_ledger(path, 8)
    processes = [subprocess.Popen([sys.executable, "-m", "cymap", "update", "--ledger", str(path), project_id,
                                   "--status", "completed", "--note", f"cli {project_id}", "--who", "cli"],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for project_id in ids]
    assert [p.wait(timeout=120) for p in processes] == [0] * len(ids)
    rows = read_ledger(path).rows.set_index("id")
    assert [rows.at[i, "note"] for i in ids] == [f"cli {i}" for i in ids]
    assert len(assert_history_matches_ledger(path)) == len(ids)
