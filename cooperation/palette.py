"""One visual language: the colour of every sphere, setting, relation and status, used by every chart and map.

Colours come from colour-blind-safe qualitative sets (Okabe–Ito and Tableau 10) so a sphere looks the same
on the overview, the timeline, the activity heatmaps and the big screen.
"""

from __future__ import annotations

from cooperation.vocab import FORMATS, RELATIONS, SETTINGS, SPHERES

SPHERE_COLORS: dict[str, str] = dict(
    zip(
        SPHERES,
        (
            "#4E79A7",  # governance
            "#F28E2B",  # economy
            "#B07AA1",  # culture
            "#59A14F",  # education
            "#E15759",  # sport
            "#EDC948",  # tourism
            "#9C755F",  # urban_planning
            "#76B7B2",  # digital
            "#FF9DA7",  # health
        ),
    )
)

SETTING_COLORS: dict[str, str] = dict(zip(SETTINGS, ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#BBBBBB")))

RELATION_COLORS: dict[str, str] = dict(zip(RELATIONS, ("#D55E00", "#0072B2", "#009E73", "#56B4E9", "#999999")))

# Marker shapes (Vega's names): the timeline shapes each contact by its format.
FORMAT_SYMBOLS: dict[str, str] = dict(zip(FORMATS, ("circle", "diamond", "triangle-up", "square")))

HOME_COLOR = "#C8102E"
NEUTRAL = "#8A8F98"
BACKGROUND = "#FFFFFF"
LAND_FILL = "#E9ECEF"
LAND_LINE = "#BFC5CC"


def hex_to_rgb(color: str, alpha: int = 255) -> list[int]:
    """pydeck wants [r, g, b, a] lists where Vega-Lite takes hex strings."""
    value = color.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


# Partner status (cooperation.health): green for alive, warm for fading, grey for never started, so the
# at-a-glance chart reads like a traffic light. Keys are vocab.PARTNER_STATUSES (a test checks).
STATUS_COLORS: dict[str, str] = {
    "active": "#009E73",
    "renewed": "#56B4E9",
    "slowing": "#E69F00",
    "dormant": "#D55E00",
    "never_activated": "#999999",
    "suspended": "#CC79A7",
    "ended": "#333333",
}
