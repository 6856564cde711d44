"""The pages of the dashboard, once: file, URL path, title key, icon, section and what the frame draws for each.

The entry frame builds its `st.Page`s from this list, the sidebar draws its translated links from it, and a
page links to another by its key (`ui.link(ctx, "partner", …)`), so a page is added or renamed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str  # the script, relative to the entry file
    url_path: str  # "" for the default page
    title_key: str
    icon: str
    section: str  # catalogue key of the navigation section
    heading_key: str | None  # the page's visible title (the presentation's heading is each slide's title)
    intro_key: str | None = None
    sidebar: bool = True  # the presentation draws no sidebar: a speaker cannot wander off in front of guests
    needs_data: bool = True  # the data page opens even when no good data could be loaded: it is where it is fixed
    # The page's own parameters a link to it carries when it names no others: the URL the page would write
    # itself, so opening it adds no second entry to the browser's history (one "back" leaves it).
    link_params: dict[str, list[str]] = field(default_factory=dict)


DATA_SECTION = "nav.section.data"

PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        "views/overview.py",
        "",
        "nav.overview",
        ":material/dashboard:",
        "nav.section.look",
        "overview.title",
        "app.subtitle",
    ),
    PageSpec(
        "map", "views/map.py", "map", "nav.map", ":material/public:", "nav.section.look", "map.title", "map.intro"
    ),
    PageSpec(
        "timeline",
        "views/timeline.py",
        "timeline",
        "nav.timeline",
        ":material/timeline:",
        "nav.section.look",
        "timeline.title",
        "timeline.intro",
    ),
    PageSpec(
        "activity",
        "views/activity.py",
        "activity",
        "nav.activity",
        ":material/bar_chart:",
        "nav.section.look",
        "activity.title",
        "activity.intro",
    ),
    PageSpec(
        "partner",
        "views/partner.py",
        "partner",
        "nav.partner",
        ":material/location_city:",
        "nav.section.look",
        "partner.title",
        "partner.intro",
    ),
    PageSpec(
        "health",
        "views/health.py",
        "health",
        "nav.health",
        ":material/monitor_heart:",
        "nav.section.look",
        "health.title",
        "health.intro",
    ),
    PageSpec(
        "forums",
        "views/forums.py",
        "forums",
        "nav.forums",
        ":material/groups:",
        "nav.section.look",
        "forums.title",
        "forums.intro",
    ),
    PageSpec(
        "planning",
        "views/planning.py",
        "planning",
        "nav.planning",
        ":material/event:",
        "nav.section.work",
        "plan.title",
        "plan.intro",
    ),
    PageSpec(
        "present",
        "views/present.py",
        "present",
        "nav.present",
        ":material/slideshow:",
        "nav.section.work",
        None,
        None,
        sidebar=False,
        link_params={"slide": ["1"]},
    ),
    # The Data section: the pages that fix broken files open while they are broken (`needs_data=False`).
    PageSpec(
        "data",
        "views/data/data.py",
        "data",
        "nav.data",
        ":material/edit:",
        DATA_SECTION,
        "data.title",
        None,
        needs_data=False,
    ),
    PageSpec(
        "data_add",
        "views/data/data_add.py",
        "data_add",
        "nav.data_add",
        ":material/add_circle:",
        DATA_SECTION,
        "data.add.title",
        None,
        needs_data=False,
    ),
    PageSpec(
        "data_correct",
        "views/data/data_correct.py",
        "data_correct",
        "nav.data_correct",
        ":material/table_edit:",
        DATA_SECTION,
        "data.correct.title",
        None,
        needs_data=False,
    ),
    PageSpec(
        "data_import",
        "views/data/data_import.py",
        "data_import",
        "nav.data_import",
        ":material/upload_file:",
        DATA_SECTION,
        "data.import.title",
        None,
        needs_data=False,
    ),
    PageSpec(
        "data_export",
        "views/data/data_export.py",
        "data_export",
        "nav.data_export",
        ":material/download:",
        DATA_SECTION,
        "data.export.title",
        None,
        needs_data=False,
    ),
)
BY_KEY: dict[str, PageSpec] = {spec.key: spec for spec in PAGES}
BY_PATH: dict[str, PageSpec] = {spec.path: spec for spec in PAGES}
