"""Reading the Vega-Lite specs `cooperation.charts` builds, in the chart tests: a chart's title and notes as the
reader sees them (lines joined), and the rows it draws."""

from __future__ import annotations


def title(chart: dict) -> str:
    return " ".join(chart["title"]["text"])


def subtitle(chart: dict) -> str:
    return " ".join(chart["title"]["subtitle"])


def rows(chart: dict) -> list[dict]:
    return chart["data"]["values"]
