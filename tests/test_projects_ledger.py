"""The committed ledger: complete, verbatim, valid and fully geocoded."""
import pytest

from tests.conftest import ROOT

from cymap.geo import geocode

from cymap.ledger.read import read_ledger
from cymap.ledger.schema import ACTIONS, TASK_ACTION

import importlib.util

_spec = importlib.util.spec_from_file_location("check_sources", ROOT / "scripts" / "check_sources.py")
check_sources = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_sources)

# Items the plan names with a place; each must have a row (substring of name_zh).
MUST_HAVE = [
    "重庆新机场", "T3B", "第四跑道", "成渝中线高铁", "渝昆高铁", "渝湘高铁", "璧铜线", "三峡水运新通道",
    "白市驿隧道", "宝山大桥", "科学大道", "两江新区—长寿区快速通道", "双槐电厂", "蟠龙", "建全",
    "铜锣峡", "黄草峡", "藻渡", "向阳", "跳蹬", "渝西水资源配置", "金凤实验室", "明月湖实验室",
    "广阳湾智创生态城", "寸滩国际新城", "观音桥", "解放碑", "陆海国际中心", "大足石刻", "金佛山",
    "川渝高竹新区", "成渝金融法院", "西部（重庆）科学城", "广阳岛",
]


@pytest.fixture(scope="module")
def read():
    return read_ledger(ROOT / "projects.csv")


@pytest.fixture(scope="module")
def geocoded(read):
    return geocode.geocode(read.rows)


def test_ledger_is_valid(read):
    assert read.problems == []
    assert read.total_rows == len(read.rows) >= 120


def test_all_ten_actions_present(read):
    assert set(read.rows["action"].astype(int)) == set(ACTIONS)


def test_ids_match_action_and_task(read):
    ids = read.rows["id"]
    assert (ids.str.slice(1, 3).astype(int) == read.rows["action"].astype(int)).all()
    assert (ids.str.slice(5, 7).astype(int) == read.rows["task"].astype(int)).all()
    assert all(TASK_ACTION[int(t)] == int(a) for t, a in zip(read.rows["task"], read.rows["action"]))


def test_every_source_is_a_verbatim_passage_of_the_plan(capsys):
    assert check_sources.main([str(ROOT / "projects.csv")]) == 0


def test_every_row_geocodes(geocoded):
    unresolved = geocoded[geocoded["precision"] == "unresolved"]
    assert unresolved.empty, unresolved[["id", "location", "suggestions"]]
    assert geocoded.geometry.notna().all()


@pytest.mark.parametrize("name", MUST_HAVE)
def test_named_plan_items_have_rows(read, name):
    assert read.rows["name_zh"].str.contains(name, regex=False).any(), name


def test_four_key_counties_row_touches_all_four(geocoded):
    rows = geocoded[geocoded["source"].str.contains("城口、巫溪、酉阳、彭水", regex=False)]
    assert len(rows) >= 1
    wanted = {"城口县", "巫溪县", "酉阳土家族苗族自治县", "彭水苗族土家族自治县"}
    column = "districts_2023" if "districts_2023" in rows else "districts"
    assert any(wanted <= set(d) for d in rows[column])


def test_statuses_follow_the_plan_for_completion_clauses(read):
    # Items the plan says will be 建成投用 by 2027 start as under_construction (or later states
    # with a note), never as planned.
    rows = read.rows[read.rows["source"].str.contains("建成投用", regex=False)]
    assert not rows.empty
    assert (rows["status"] != "planned").all()
