"""Data: the section's first page (the old links to `data` open it) — sign in, then the tools, one page each."""

from __future__ import annotations

from cooperation import ui
from cooperation.ui import data_page
from cooperation.ui.registry import DATA_SECTION, PAGES

# The page that fixes broken files opens while they are broken (the registry's `needs_data=False`): it then works
# from an empty dataset.
ctx = ui.current()


def _tools(who: str) -> None:
    for spec in PAGES:
        if spec.section == DATA_SECTION and spec.key != ctx.page.key:
            ui.link(ctx, spec.key, spec.title_key, spec.icon)


data_page.editor_page(ctx, _tools)
