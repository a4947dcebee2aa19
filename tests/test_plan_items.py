"""Nothing of the plan missing (issue 14 part 5): every place-bound item of the plan has a row.

PLAN_ITEMS lists the plan's place-bound items clause by clause (the numbered paragraphs 1–53 of
docs/action-plan-2023-2027.zh.txt; 0 = an action's preamble, quoted anywhere in the plan). Each must
have a row whose name contains the item, whose task is the clause and whose `source` is a verbatim
passage of that clause.
"""
import re

import pytest

from cymap.geo import geocode
from cymap.ledger.read import read_ledger
from tests.conftest import ROOT

PLAN_ITEMS: list[tuple[int, str]] = [
    (1, "两江新区"), (1, "西部（重庆）科学城"), (1, "中心城区强核提能级行动"), (1, "主城新区扩容提品质行动"),
    (1, "涪陵、永川、合川、綦江—万盛"),
    (2, "“两江四岸”整体提升"), (2, "成渝地区先进制造业协同发展示范区"),
    (3, "璧山、江津、长寿、南川联系中心城区通道"), (3, "广安重庆都市圈北部副中心"), (3, "川渝高竹新区"),
    (3, "合（川）广（安）长（寿）协同发展示范区"), (3, "成渝地区中部崛起"), (3, "渝东北川东北一体化发展"),
    (3, "川南渝西融合发展"),
    (5, "世界级机场群"), (5, "重庆新机场"), (5, "T3B"), (5, "第四跑道"), (5, "“米”字型高铁网"),
    (5, "成渝中线高铁"), (5, "渝昆高铁川渝段"), (5, "渝湘高铁重庆中心城区至黔江段"), (5, "沪汉蓉铁路"),
    (5, "“三主五辅”"), (5, "“三环十八射多联线”"), (5, "长江上游航运中心"), (5, "三峡水运新通道"),
    (5, "长江黄金水道"), (5, "嘉陵江通航能力"), (5, "“一干两支六线”"), (5, "“三枢纽五重点八支点”"),
    (6, "“1000+”城市轨道交通"), (6, "璧铜线"), (6, "中心城区至永川市域铁路"), (6, "中心城区至南川市域铁路"),
    (6, "两江新区—长寿区快速通道"), (6, "白市驿隧道"), (6, "宝山大桥"), (6, "科学大道九龙坡段"),
    (6, "三纵线柏树堡立交"), (6, "“五横六纵一环六联络”"), (6, "成渝“智行走廊”"),
    (7, "川渝特高压主网架"), (7, "“疆电入渝”"), (7, "合川双槐电厂三期"), (7, "涪陵国家级页岩气示范区"),
    (7, "南川、綦江、武隆等区块页岩气"), (7, "梁平、忠县等重点区域页岩气"), (7, "“北煤入渝”"),
    (7, "綦江蟠龙抽水蓄能电站"), (7, "云阳建全抽水蓄能电站"), (7, "铜锣峡储气库"), (7, "黄草峡储气库"),
    (7, "中航油西南战略储运基地"), (7, "国家级石油天然气交易中心"),
    (8, "川渝东北一体化（重庆中部）水资源配置工程"), (8, "渝南水资源配置工程"), (8, "藻渡水库"),
    (8, "向阳水库"), (8, "跳蹬水库"), (8, "渝西水资源配置工程"), (8, "长江上游干流重庆段防洪达标治理工程"),
    (10, "全国一体化算力网络成渝国家枢纽节点"), (10, "鲲鹏计算产业生态重庆中心"),
    (10, "国家网络安全产业园区（成渝）"), (10, "国家区块链创新应用综合试点"),
    (11, "西部金融中心"), (11, "东盟法律服务中心"), (11, "服务业扩大开放综合试点"),
    (12, "成渝现代高效特色农业带"), (12, "国家农业高新技术产业示范区"), (12, "渝遂绵优质蔬菜生产带"),
    (12, "全球泡（榨）菜出口基地"), (12, "中国（重庆）国际农产品加工产业园"), (12, "生猪大数据中心"),
    (14, "西部（重庆）科学城"), (14, "成渝（金凤）综合性科学中心"), (14, "大学城"), (14, "科研港"),
    (14, "科创街"), (14, "科学谷"), (14, "生命岛"),
    (15, "超瞬态实验装置"), (15, "长江上游种质创制中心"), (15, "国家实验室重庆基地"), (15, "金凤实验室"),
    (15, "明月湖实验室"), (15, "轻金属国家技术创新中心"), (15, "重庆科学中心"), (15, "两江协同创新区"),
    (15, "广阳湾智创生态城"),
    (17, "重庆国家科技成果转移转化示范区"),
    (18, "“一带一路”科技创新合作区"), (18, "“万达开”协同创新示范区"), (18, "全国地方科协综合改革示范区"),
    (19, "知识产权保护试点示范区"), (19, "知识产权法庭"),
    (0, "国际消费中心城市培育建设"),
    (21, "渝中、江北、南岸"), (21, "万州、永川区域消费中心城市"), (21, "大足、南川、武隆、巫山"),
    (21, "中央商务区"), (21, "寸滩国际新城"), (21, "解放碑—朝天门"), (21, "观音桥"), (21, "陆海国际中心"),
    (21, "中環万象城"), (21, "“两江游”“母城游”"),
    (22, "“两江四岸”品质提升"),
    (24, "巴蜀文化旅游走廊"), (24, "长江三峡"), (24, "金佛山"), (24, "武隆喀斯特"), (24, "大足石刻"),
    (24, "铜梁龙舞"), (24, "丰都庙会"),
    (25, "智博会、西洽会、西旅会"), (25, "重庆国际马拉松"), (25, "武隆国际山地户外运动公开赛"),
    (28, "“两岸青山·千里林带”"), (28, "三峡库区消落带"), (28, "长江十年禁渔"), (28, "“四山”"), (28, "寨山坪"),
    (29, "长江、嘉陵江一级支流"),
    (30, "两江新区气候投融资国家试点"),
    (31, "全域“无废城市”"), (31, "广阳岛"), (31, "三峡绿色发展新模式"),
    (33, "营商环境创新试点城市"),
    (34, "成渝金融法院"), (34, "重庆破产法庭"),
    (38, "西部陆海新通道（重庆段）"), (38, "“一主两辅多节点”"),
    (39, "中欧班列（成渝）"), (39, "中欧班列集结中心"), (39, "重庆港水运口岸"), (39, "国际航空枢纽功能"),
    (39, "“五型”国家物流枢纽"),
    (41, "中国（重庆）自由贸易试验区"), (41, "中新（重庆）战略性互联互通示范项目"),
    (41, "中新金融科技合作示范区"), (41, "国际航空物流产业示范区"), (41, "大数据智能化产业示范园区"),
    (41, "两江新区高水平开发开放"),
    (42, "两路果园港综合保税区"), (42, "西永综合保税区"), (42, "国家级服务外包示范城市"),
    (42, "服务业扩大开放综合试点"),
    (43, "中西部国际交往中心"), (43, "陆海新通道国际交流合作中心"), (43, "永久会址"),
    (43, "“一带一路”进出口商品博览会"),
    (44, "国家城乡融合发展试验区重庆西部片区"),
    (45, "国家乡村振兴重点帮扶县"),
    (46, "万开云"),
    (47, "万州、黔江区域性中心城市"), (47, "长江三峡国际黄金旅游带"), (47, "乌江画廊"),
    (47, "“三峡库心·长江盆景”"), (47, "“黄金三角”"), (47, "渝东南国家文化产业和旅游产业融合发展示范区"),
    (52, "长江国家文化公园（重庆段）"), (52, "长征国家文化公园（重庆段）"),
]

# The named networks and items of issue 14 part 5: drawn as their known members (gazetteer names), or
# municipality-wide (重庆市) with a note that says the members are not public.
NETWORKS: dict[str, set[str]] = {
    "“米”字型高铁网": {"成渝中线高铁", "渝昆高铁川渝段", "渝湘高铁重庆中心城区至黔江段"},
    "“一干两支六线”": {"长江（重庆段）", "嘉陵江（重庆段）", "乌江（重庆段）"},
    "世界级机场群": {"江北国际机场", "重庆新机场"},
    "“三枢纽五重点八支点”": set(), "“三环十八射多联线”": set(), "“三主五辅”": set(), "“北煤入渝”": set(),
    "长江上游航运中心": set(), "成渝地区中部崛起": set(), "西部金融中心": set(), "成渝现代高效特色农业带": set(),
    "知识产权法庭": set(),
}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("**", ""))


def plan_clauses() -> dict[int, str]:
    """Clause number -> its text (whitespace removed); 0 -> the whole plan (preambles)."""
    text = (ROOT / "docs" / "action-plan-2023-2027.zh.txt").read_text(encoding="utf-8")
    starts = [(int(m.group(1)), m.start()) for m in re.finditer(r"(?m)^(\d{1,2})\.\s", text)]
    clauses = {number: _normalise(text[start:(starts[i + 1][1] if i + 1 < len(starts) else len(text))])
               for i, (number, start) in enumerate(starts)}
    clauses[0] = _normalise(text)
    return clauses


@pytest.fixture(scope="module")
def rows():
    read = read_ledger(ROOT / "projects.csv")
    assert read.problems == []
    return read.rows


@pytest.fixture(scope="module")
def clauses():
    return plan_clauses()


def test_the_plan_has_its_53_numbered_clauses(clauses):
    assert set(range(1, 57)) <= set(clauses)


@pytest.mark.parametrize("clause, item", PLAN_ITEMS, ids=[f"{c}-{i}" for c, i in PLAN_ITEMS])
def test_plan_item_has_a_row_quoting_its_clause(rows, clauses, clause, item):
    named = rows["name_zh"].str.contains(item, regex=False)
    candidates = rows[named & (rows["task"].astype(int) == clause)] if clause else rows[named]
    assert len(candidates) >= 1, f"no row for {item!r} (clause {clause})"
    assert any(_normalise(source) in clauses[clause] for source in candidates["source"]), candidates["id"].tolist()


def test_new_rows_follow_the_id_form_with_the_next_free_number(rows):
    ids = rows["id"].tolist()
    assert len(ids) == len(set(ids))
    by_task: dict[str, list[int]] = {}
    for id_ in ids:
        by_task.setdefault(id_[:7], []).append(int(id_[8:]))
    for prefix, numbers in by_task.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), prefix  # no gaps: next free number used


@pytest.mark.parametrize("item", list(NETWORKS))
def test_networks_are_their_members_or_municipality_wide_with_a_note(rows, item):
    row = rows[rows["name_zh"].str.contains(item, regex=False)].iloc[0]
    names = set(row["location"].split(";"))
    if NETWORKS[item]:
        assert NETWORKS[item] <= names, (item, names)
    else:
        assert "重庆市" in names, (item, names)
        pattern = r"not named|not verified|not public|municipality-wide|drawn at|drawn as"
        assert re.search(pattern, row["note"], re.IGNORECASE), row["note"]


def test_every_plan_item_row_geocodes(rows):
    wanted = {item for _, item in PLAN_ITEMS}
    located = geocode.geocode(rows[rows["name_zh"].map(lambda n: any(item in n for item in wanted))])
    unresolved = located.loc[located["precision"] == "unresolved", "id"].tolist()
    assert unresolved == []
