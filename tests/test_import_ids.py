"""Issue 17 item 5: a list without an id column (ids R1, R2, … from its row numbers) keeps each
row's id when imported again — matched by name_zh + location — so no edit or history is lost."""
from __future__ import annotations

import csv
import io
import json

import pytest

from cymap.geo import names
from cymap.ledger import history, importer, store
from cymap.ledger.read import read_ledger

HEADER = ["项目名称", "建设地点", "类别", "进展状态", "总投资（亿元）", "牵头单位"]
LIST = [
    ["江北国际机场T3B航站楼", "江北国际机场", "机场", "在建", "12.5", "市发展改革委"],
    ["璧山至铜梁快速通道", "璧山区>铜梁区", "公路与城市道路", "前期", "100", "市交通运输委"],
    ["渝西水资源配置工程", "江津区;永川区", "水利", "谋划", "50.5", "市水利局"],
    ["万州区公共服务中心", "万州区", "公共服务", "持续推进", "", ""],
    ["万州区公共服务中心", "万州区", "公共服务", "谋划", "3", ""],  # the same name and place twice
]


def district_list(rows, header=HEADER) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue().encode("gb18030")


@pytest.fixture
def ledger(tmp_path):
    """A ledger made by importing the list (no id column) into an empty one: ids R1–R5."""
    path = tmp_path / "projects.csv"
    path.write_text("id,name_zh,category,location,status\n", encoding="utf-8")
    preview = importer.preview_import(path, district_list(LIST), "区县清单.csv")
    assert preview.problems == [] and preview.ids_kept == 0
    importer.apply_import(preview, "tester")
    return path


def ids_by_name(path) -> list[tuple[str, str]]:
    return [(r.id, r.name_zh) for r in read_ledger(path).rows.itertuples()]


def test_first_import_numbers_the_rows(ledger):
    assert [i for i, _ in ids_by_name(ledger)] == ["R1", "R2", "R3", "R4", "R5"]


def test_the_same_list_again_is_no_change(ledger):
    preview = importer.preview_import(ledger, district_list(LIST), "区县清单.csv")
    assert (preview.changed, len(preview.added), len(preview.removed), preview.unchanged) == ([], 0, 0, 5)
    assert preview.ids_kept == 5 and "5 rows kept their ids by name and location" in preview.summary()


def test_reordered_inserted_removed_and_a_status_changed_keep_every_id(ledger):
    store.update_status(ledger, "R3", "preparing", "前期工作启动", who="officer")  # an edit to keep
    # shuffled, one row inserted, the second 万州 row gone, 璧铜 now 在建
    rows = [LIST[2], ["合川区钓鱼城遗址公园", "合川区", "文化旅游", "在建", "8", "合川区政府"], LIST[0],
            [*LIST[1][:3], "在建", *LIST[1][4:]], LIST[3]]
    preview = importer.preview_import(ledger, district_list(rows), "区县清单.csv")
    assert preview.problems == []
    assert preview.added[["id", "name_zh"]].values.tolist() == [["R6", "合川区钓鱼城遗址公园"]]
    assert preview.removed["id"].tolist() == ["R5"]  # the one row no longer listed (the later 万州 twin)
    assert [(c.id, c.field, c.new) for c in preview.changed] == [("R3", "status", "planned"),
                                                               ("R2", "status", "under_construction")]
    importer.apply_import(preview, "tester")
    kept = dict((name, i) for i, name in ids_by_name(ledger))
    assert kept == {"江北国际机场T3B航站楼": "R1", "璧山至铜梁快速通道": "R2", "渝西水资源配置工程": "R3",
                    "万州区公共服务中心": "R4", "合川区钓鱼城遗址公园": "R6"}
    assert [e.field for e in history.for_project(ledger, "R3")] == [history.ROW_FIELD_ADDED, "status", "status"]


def test_a_new_id_never_reuses_a_removed_rows_id(ledger):
    importer.apply_import(importer.preview_import(ledger, district_list(LIST[:4]), "a.csv"), "t")  # R5 removed
    assert history.for_project(ledger, "R5")[-1].field == history.ROW_FIELD_REMOVED
    preview = importer.preview_import(ledger, district_list([*LIST[:4], ["新项目", "万州区", "产业", "谋划", "", ""]]))
    assert preview.added["id"].tolist() == ["R6"]  # not R5: its history belongs to the removed row


def test_names_are_compared_as_the_one_name_rule_does(ledger):
    """Full-width forms and spaces do not make a row new: 'Ｔ３Ｂ' is T3B, '璧山区 > 铜梁区' is the route."""
    rows = [[r[0].replace("T3B", "Ｔ３Ｂ"), r[1].replace(">", " > "), *r[2:]] for r in LIST]
    preview = importer.preview_import(ledger, district_list(rows), "全角.csv")
    assert len(preview.added) == 0 and len(preview.removed) == 0 and preview.ids_kept == 5
    assert {c.field for c in preview.changed} == {"name_zh", "location"}  # the text itself did change


def test_ids_are_kept_by_the_one_matching_key_of_names():
    from cymap.ledger import keys

    assert names.key is keys.key and importer.key is keys.key  # one rule, not a copy that can drift
    assert keys.key(" 两江新区（行政区） ") == keys.key("两江新区(行政区)") and keys.key("「科学城」") == "科学城"


def test_a_list_with_an_id_column_is_matched_by_id_not_by_name(ledger):
    rows = [["R9", *LIST[0]]]
    preview = importer.preview_import(ledger, district_list(rows, ["编号", *HEADER]), "ids.csv")
    assert preview.ids_kept is None and preview.added["id"].tolist() == ["R9"]
    assert sorted(preview.removed["id"]) == ["R1", "R2", "R3", "R4", "R5"]


def test_history_keeps_the_optional_columns_of_added_and_removed_rows(ledger):
    added = {e.id: json.loads(e.new) for e in history.read_history(ledger) if e.field == history.ROW_FIELD_ADDED}
    assert added["R1"]["total_investment"] == "12.5" and added["R1"]["lead_unit"] == "市发展改革委"
    importer.apply_import(importer.preview_import(ledger, district_list(LIST[1:]), "b.csv"), "t")
    removed = [json.loads(e.old) for e in history.read_history(ledger) if e.field == history.ROW_FIELD_REMOVED]
    assert [(r["id"], r["total_investment"], r["lead_unit"]) for r in removed] == [("R1", "12.5", "市发展改革委")]
