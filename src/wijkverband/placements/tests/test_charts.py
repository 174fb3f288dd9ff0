from __future__ import annotations

from wijkverband.placements import charts


def test_a_bar_chart_names_every_figure_in_its_description_and_title():
    svg = charts.bar_chart_svg(
        [charts.Bar("BW", (62.5, 90.0)), charts.Bar("MO", (None, 40.0))],
        title="Binnen 3 maanden",
        series=("binnen 3 maanden", "ooit"),
        unit="%",
        scale_max=100,
        target=80,
        target_label="doel",
    )

    assert svg.startswith("<svg") and "<title>Binnen 3 maanden</title>" in svg
    desc = svg[svg.index("<desc>") : svg.index("</desc>")]
    assert "BW: binnen 3 maanden 62,5%, ooit 90%" in desc and "MO: binnen 3 maanden –, ooit 40%" in desc
    assert "doel: 80%" in desc
    assert "<script" not in svg and svg.count("<rect") == 3  # no bar for the missing figure


def test_bars_never_run_past_a_fixed_scale():
    svg = charts.bar_chart_svg([charts.Bar("te veel", (150.0,))], title="t", scale_max=100)

    width = float(svg.split('width="')[2].split('"')[0])  # [0] is the svg itself
    assert width == charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH - charts.PAD_RIGHT


def test_a_chart_without_figures_is_left_out():
    assert charts.bar_chart_svg([], title="t") == ""
    assert charts.bar_chart_svg([charts.Bar("leeg", (None,))], title="t") == ""


def test_labels_are_escaped():
    svg = charts.bar_chart_svg([charts.Bar("<b>Buurt & co</b>", (1.0,))], title="a < b")

    assert "<b>" not in svg and "&lt;b&gt;Buurt &amp; co" in svg and "<title>a &lt; b</title>" in svg
