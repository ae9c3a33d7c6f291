"""AppTest of the overview page on the bundled data: the KPI values a leader reads."""

import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import pytest

from ntm.figures import charts
from ntm.measures import metrics
from ntm.measures.metrics import Scope
from pages.ui import plots
from tests import headline
from tests.conftest import open_page


def _run(bundled_db, **state):
    return open_page(**state)


def _kpis(at):
    return headline.read(at)


def test_letter_417_figures_on_the_overview(bundled_db):
    at = _run(bundled_db)
    assert not at.exception
    k = _kpis(at)
    assert k["Xã đạt chuẩn NTM"][0] == "52/134"
    assert k["Tỷ lệ xã đạt chuẩn"][0] == "38,8%"
    assert k["So với mục tiêu 28% (điểm %)"][0] == "+10,8"
    assert k["Bình quân tiêu chí/xã"][0] == "14,1"
    assert len(at.get("plotly_chart")) == 3
    assert any("Dữ liệu minh họa" in w.value for w in at.warning)
    assert any("143 → 134" in c.value for c in at.caption)


def test_end_2019_and_its_change_since_2016(bundled_db):
    k = _kpis(_run(bundled_db, period_id="2019-12"))
    assert k["Xã đạt chuẩn NTM"] == ("52/143", "+24 xã")
    assert k["Tỷ lệ xã đạt chuẩn"][0] == "36,4%"


def test_choosing_a_district_changes_every_number_consistently(bundled_db, bundled_con):
    table = metrics.district_table(bundled_con, Scope("2020-02")).set_index("district_code")
    row = table.loc["089"]
    at = _run(bundled_db, districts=["089"])
    assert not at.exception
    k = _kpis(at)
    assert k["Xã đạt chuẩn NTM"][0] == f"{row.recognised}/{row.base}"
    assert k["Tỷ lệ xã đạt chuẩn"][0] == f"{row.pct:.1f}%".replace(".", ",")
    assert at.dataframe[0].value.shape[0] == 1
    assert "Văn Bàn" in at.caption[0].value


def test_english_labels(bundled_db):
    k = _kpis(_run(bundled_db, lang="en"))
    assert k["Share of communes meeting it"][0] == "38.8%"


def test_first_period_has_no_deltas_and_no_target(bundled_db):
    at = _run(bundled_db, period_id="2015-12")
    assert not at.exception
    k = _kpis(at)
    assert k["Xã đạt chuẩn NTM"][0] == "20/143" and not k["Xã đạt chuẩn NTM"][1]
    assert k["So với mục tiêu Trung ương"][0] == "—"


@pytest.mark.parametrize("period", ["2016-12", "2020-12"])
def test_other_periods_render(bundled_db, period):
    assert not _run(bundled_db, period_id=period).exception


def test_a_kept_figure_is_sent_as_plotly_writes_it_without_being_converted_again(bundled_con, monkeypatch):
    """The overview keeps its figures with its cached view; each run sends the dict made once (0,1 against 0,6 ms a
    chart), and the browser gets the same specification as from the figure itself."""
    from ntm.views.overview import overview

    v = overview(bundled_con, Scope("2026-06"), "vi")
    fig = charts.criteria_bars(v.criteria, "vi")
    expected = pio.to_json(fig.to_dict(), validate=False)
    kept = plots.as_sent(fig)
    converted = []
    monkeypatch.setattr(go.Figure, "to_dict", lambda self: converted.append(self) or {})
    assert kept.to_dict() is kept.to_dict() and converted == []
    assert pio.to_json(plotly.tools.return_figure_from_figure_or_data(kept, True), validate=False) == expected
    assert plots.as_sent(None) is None
