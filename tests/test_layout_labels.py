"""print.layout and print.labels as modules: page boxes, frame extents, text widths."""
from __future__ import annotations

import pytest

from cymap.print import labels, layout


def test_one_width_rule_for_cjk_and_latin():
    assert labels.text_width_em("万州区") == 3.0
    assert labels.text_width_em("A1") == pytest.approx(2 * labels.LATIN_EM)
    assert labels.text_width_pt("万州 A", 10) == pytest.approx(10 * (2 + 0.6 + 0.6))


def test_truncate_cuts_by_width_and_marks_the_cut():
    assert labels.truncate("短名", 5) == "短名"
    cut = labels.truncate("重庆江北国际机场T3B航站楼及配套工程", 6)
    assert cut.endswith("…") and labels.text_width_em(cut) <= 6


def test_fit_extent_keeps_the_bounds_and_takes_the_axes_aspect():
    x0, y0, x1, y1 = layout.fit_extent((0, 0, 10_000, 10_000), 200, 100, pad=0.0)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(2.0)
    assert x0 <= 0 and x1 >= 10_000 and y0 <= 0 and y1 >= 10_000


@pytest.mark.parametrize("paper", sorted(layout.PAPER_MM))
def test_page_boxes_fit_on_the_sheet(paper):
    for orientation in ("landscape", "portrait"):
        page = layout.Page(paper, orientation)
        width, height = page.size_mm
        for x, y, w, h in page.boxes().values():
            assert 0 <= x and 0 <= y and x + w <= width + 1e-6 and y + h <= height + 1e-6


def test_bad_paper_or_orientation_is_refused():
    with pytest.raises(ValueError, match="paper"):
        layout.Page("Letter")
    with pytest.raises(ValueError, match="orientation"):
        layout.Page("A4", "sideways")
