"""The one palette: the provinces of a usual comparison get colours a reader tells apart."""

import itertools

from dashboard import theme

USUAL = 7  # provinces in a usual comparison (the default five and two more)


def lab(color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a #rrggbb colour."""
    rgb = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    xyz = (
        (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047,
        0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2],
        (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883,
    )
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_the_colours_of_a_usual_comparison_are_far_apart():
    close = [
        (a, b, round(dist))
        for a, b in itertools.combinations(theme.PALETTE[:USUAL], 2)
        if (dist := sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5) < 30
    ]
    assert close == []


def test_a_province_keeps_its_colour_by_its_place_in_the_selection():
    colors = theme.province_colors(["08", "94", "04", "01", "96", "48"])
    assert colors["48"] == theme.PALETTE[5] and len(set(colors.values())) == 6


def test_the_presentation_spec_is_larger_and_quieter_and_leaves_the_spec_alone():
    spec = {"layer": [{"mark": "point", "height": {"step": 28}}], "height": 200, "config": {"axis": {"grid": True}}}
    shown = theme.presentation_spec(spec, 1.5)
    assert shown["height"] == 300 and shown["layer"][0]["height"] == {"step": 42}
    assert shown["config"]["axis"]["labelFontSize"] > 13 and shown["config"]["axis"]["ticks"] is False
    assert shown["config"]["axis"]["grid"] is True and shown["config"]["axisQuantitative"]["tickCount"] == 5
    assert spec["height"] == 200 and spec["layer"][0]["height"] == {"step": 28}
    assert "ticks" not in spec["config"]["axis"]


def test_legends_wrap_to_the_width_of_their_chart():
    legend = theme.reform_dashboard()["config"]["legend"]
    assert "width" in legend["columns"]["expr"] and "width" in legend["labelLimit"]["expr"]
