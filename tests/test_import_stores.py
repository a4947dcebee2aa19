"""Issue 17 through both stores (CSV file and PostgreSQL, tests/test_store_contract.py's fixture):
an import compares and writes the optional columns, and an added row and its history keep them."""
from __future__ import annotations

import csv
import io
import json

from cymap.ledger import history
from tests.test_store_contract import ledger_store  # noqa: F401 (the two-store fixture)


def _with_amounts(ledger) -> bytes:
    """The ledger as an upload with 总投资 and 牵头单位 columns, one amount and a new row."""
    rows = list(csv.reader(io.StringIO(ledger.ledger_bytes().decode("utf-8"))))
    header, body = rows[0], rows[1:]
    out = [[*header, "总投资（亿元）", "牵头单位"]]
    for row in body:
        first = row[0] == "A02-T05-01"
        out.append([*row, "125000万元" if first else "", "市发展改革委" if first else ""])
    new = dict.fromkeys(header, "")
    new.update({"id": "A02-T05-03", "name_zh": "果园港", "action": "2", "task": "5", "category": "port",
                "location": "果园港", "status": "planned"})
    out.append([new.get(c, "") for c in header] + ["30", "市交通运输委"])
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(out)
    return text.getvalue().encode("utf-8")


def test_an_import_writes_the_optional_columns_in_either_store(ledger_store):  # noqa: F811
    ledger, who = ledger_store
    preview = ledger.preview_import(_with_amounts(ledger), "amounts.csv")
    assert preview.can_apply, preview.problems
    assert [(c.id, c.field, c.old, c.new) for c in preview.changed] == [
        ("A02-T05-01", "total_investment", "", "12.5"), ("A02-T05-01", "lead_unit", "", "市发展改革委")]
    assert list(preview.added["id"]) == ["A02-T05-03"]
    ledger.apply_import(preview, who, note="投资")
    frame = ledger.snapshot().frame.set_index("id")
    assert frame.loc["A02-T05-01", "total_investment"] == "12.5"
    assert (frame.loc["A02-T05-03", "total_investment"], frame.loc["A02-T05-03", "lead_unit"]) == ("30", "市交通运输委")
    added = [json.loads(e.new) for e in ledger.history() if e.field == history.ROW_FIELD_ADDED]
    assert [(r["id"], r["total_investment"], r["lead_unit"]) for r in added] == [("A02-T05-03", "30", "市交通运输委")]
    again = ledger.preview_import(_with_amounts(ledger), "amounts.csv")
    assert (again.changed, len(again.added), len(again.removed)) == ([], 0, 0)


def _list_without_ids(names: list[str]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([["项目名称", "地点", "类别", "状态"],
                                                     *[[n, "万州区", "产业", "谋划"] for n in names]])
    return text.getvalue().encode("utf-8")


def test_a_list_without_ids_keeps_ids_and_never_reuses_one_in_either_store(ledger_store):  # noqa: F811
    ledger, who = ledger_store
    ledger.apply_import(ledger.preview_import(_list_without_ids(["甲", "乙", "丙"]), "a.csv"), who)
    assert sorted(ledger.snapshot().frame["id"]) == ["R1", "R2", "R3"]  # the small ledger's rows removed
    ledger.apply_import(ledger.preview_import(_list_without_ids(["乙", "甲"]), "b.csv"), who)  # 丙 (R3) removed
    preview = ledger.preview_import(_list_without_ids(["甲", "丁", "乙"]), "c.csv")
    assert preview.ids_kept == 2 and list(preview.added["id"]) == ["R4"]  # not R3: that is 丙's, in the history
    ledger.apply_import(preview, who)
    frame = ledger.snapshot().frame
    assert dict(zip(frame["name_zh"], frame["id"])) == {"甲": "R1", "乙": "R2", "丁": "R4"}
