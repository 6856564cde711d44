"""Every figure of the dashboard, one builder per chart: `(frame, lang, …) -> dict`, a Vega-Lite spec that a
page passes to `st.vega_lite_chart` (`vega` says why Vega-Lite).

Builders take the small frames of `cooperation.metrics` (the timeline takes contacts, health and forums their
own frames) and only draw: every label comes from the translation catalogue, every colour from
`cooperation.palette`, so a sphere has one colour and one name on every page. All start from the shared look in
`vega` (the catalogue's titles, the number format per language, the legend at the foot); an empty frame gives
a titled figure that says there is nothing to show, never an exception.

- `vega`: the shared look; `activity`: bars and heatmaps of contacts; `timeline`: contacts over time;
  `overview`: the overview's top partners, small map and Kazan beside Russia (`national`: its words);
  `health`: partners by status; `forums`: who came to which edition; `big_screen`: the slides' restyle of
  these figures for a forum hall.
"""

from cooperation.charts import overview
from cooperation.charts.activity import (
    by_country_chart,
    country_sphere_heatmap,
    partner_spheres_chart,
    per_year_by_sphere,
    setting_by_year_chart,
    sphere_totals_chart,
    sphere_year_heatmap,
)
from cooperation.charts.national import national_scope
from cooperation.charts.timeline import (
    ENTRY_HOVER_CHARS,
    TIMELINE_MAX_PARTNERS,
    TIMELINE_MAX_POINTS,
    timeline_chart,
)
from cooperation.charts.vega import FONT_FAMILY, MAX_COUNTRIES, SEPARATORS, busiest_countries

__all__ = [
    "ENTRY_HOVER_CHARS",
    "FONT_FAMILY",
    "MAX_COUNTRIES",
    "SEPARATORS",
    "TIMELINE_MAX_PARTNERS",
    "TIMELINE_MAX_POINTS",
    "busiest_countries",
    "by_country_chart",
    "country_sphere_heatmap",
    "national_scope",
    "overview",
    "partner_spheres_chart",
    "per_year_by_sphere",
    "setting_by_year_chart",
    "sphere_totals_chart",
    "sphere_year_heatmap",
    "timeline_chart",
]
