"""The one Altair theme: colour-blind-safe palettes, type readable on a briefing slide, consistent province colours."""

from __future__ import annotations

import altair as alt

FONT = "Noto Sans, Be Vietnam Pro, Arial, sans-serif"
# Okabe–Ito and Tol hues, ordered for contrast on white (yellow last); the first seven (the provinces of a usual
# comparison) are all of different hues, so sky blue comes after them, away from the first blue.
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#882255",
    "#999933",
    "#56B4E9",
    "#000000",
    "#44AA99",
    "#117733",
    "#F0E442",
]
SEQUENTIAL = "blues"  # choropleths: darker = better
NO_DATA = "#e6e6e6"
COMPUTED_DASH = [4, 3]
METHOD_BREAK = "#7f7f7f"
LEGEND_ENTRY_PX = 150  # a legend entry (symbol and a province's name) on a row of entries
# Legends below the chart wrap into as many columns as its width holds (one on a phone beside a long name).
LEGEND_COLUMNS = f"max(1, floor(width / {LEGEND_ENTRY_PX}))"


@alt.theme.register("reform_dashboard", enable=True)
def reform_dashboard() -> alt.theme.ThemeConfig:
    """Project-wide chart styling; charts never repeat it."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": 640, "continuousHeight": 320},
            "title": {
                "fontSize": 18,
                "fontWeight": 600,
                "anchor": "start",
                "subtitleFontSize": 13,
                "subtitleColor": "#555555",
                "offset": 10,
            },
            "axis": {
                "labelFontSize": 13,
                "titleFontSize": 13,
                "titleFontWeight": 500,
                "gridColor": "#ececec",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {
                "labelFontSize": 13,
                "titleFontSize": 13,
                "orient": "bottom",
                "labelLimit": {"expr": "min(260, width - 30)"},  # a long label ends in "…" within the chart
                "columns": {"expr": LEGEND_COLUMNS},
            },
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
        }
    }


def province_colors(codes) -> dict[str, str]:
    """Colour of each selected province by its position in the selection (stable across every chart of a view)."""
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(codes)}


def color_scale(codes, names: dict[str, str]) -> alt.Scale:
    """An Altair scale mapping province names (as shown in the legend) to their colours."""
    colors = province_colors(codes)
    return alt.Scale(domain=[names[c] for c in codes], range=[colors[c] for c in codes])


# The presentation view's axes: no tick marks, fewer and fainter gridlines and numbers (every category still named).
PRESENT_AXES = {
    "axis": {"ticks": False, "gridColor": "#f2f2f2", "domainColor": "#bbbbbb"},
    "axisQuantitative": {"tickCount": 5},
}


def _taller(view: dict, scale: float) -> dict:
    """A view (and the views inside it) with fixed heights and height steps scaled: bands grow with their labels.
    Maps keep their frame (a taller frame would only add sea: their width is the column's)."""
    if "projection" in view or any("projection" in v for v in view.get("layer", [])):
        return view
    out = dict(view)
    h = out.get("height")
    if isinstance(h, int | float) and not isinstance(h, bool):
        out["height"] = round(h * scale)
    elif isinstance(h, dict) and isinstance(h.get("step"), int | float):
        out["height"] = h | {"step": round(h["step"] * scale)}
    for key in ("layer", "concat", "hconcat", "vconcat"):
        if isinstance(out.get(key), list):
            out[key] = [_taller(v, scale) for v in out[key]]
    return out


def presentation_spec(spec: dict, scale: float) -> dict:
    """A Vega-Lite spec for the presentation view: the theme's type sizes and the chart's fixed heights scaled up,
    quieter axes (PRESENT_AXES); the spec given is unchanged."""
    cfg = reform_dashboard()["config"]
    sizes = {
        "title": ("fontSize", "subtitleFontSize"),
        "axis": ("labelFontSize", "titleFontSize"),
        "legend": ("labelFontSize", "titleFontSize"),
    }
    config = dict(spec.get("config", {}))
    for group, extra in PRESENT_AXES.items():
        config[group] = dict(config.get(group, {})) | extra
    for group, keys in sizes.items():
        config[group] = dict(config.get(group, {})) | {k: round(cfg[group][k] * scale) for k in keys}
    return _taller(spec, scale) | {"config": config}
