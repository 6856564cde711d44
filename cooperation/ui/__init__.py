"""The thin Streamlit layer: the entry frame, URL state, the sidebar, the shared page chrome and the cache.

A page script starts with `ctx = ui.current()` and draws from it with the helpers re-exported here.
"""

from cooperation.clock import today
from cooperation.ui.cache import derived, derived_from_data
from cooperation.ui.chrome import (
    contacts_column_config,
    coverage,
    empty_notice,
    filter_summary,
    footer,
    legend,
    link,
    notices,
    page_header,
    plain,
    table_downloads,
)
from cooperation.ui.context import PageContext, current

__all__ = [
    "PageContext",
    "contacts_column_config",
    "coverage",
    "current",
    "derived",
    "derived_from_data",
    "empty_notice",
    "filter_summary",
    "footer",
    "legend",
    "link",
    "notices",
    "page_header",
    "plain",
    "table_downloads",
    "today",
]
