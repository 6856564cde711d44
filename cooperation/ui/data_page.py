"""What the Data section's pages share: the page's frame (title, hints, sign-in), snapshots and one way to save.

Every write goes through `cooperation.editing` (validated against the loader's schemas, atomic, backed up,
logged, refused when the file changed since it was opened). A table is "opened" when a Data page first reads it
in a session; that snapshot is what a save is checked against, so it is kept in the session (shared by the
section's pages) until a save succeeds or the user reloads it. The dashboard's cache is keyed on the files'
modification times, so the other pages show a saved change on their next run without being told.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cooperation import editing, signin_ui
from cooperation.i18n import plural
from cooperation.loading import default_data_dir
from cooperation.ui.chrome import footer, plain
from cooperation.ui.context import PageContext

SNAPSHOTS = "editor_snapshots"
FLASH = "editor_flash"
MAX_PROBLEMS_SHOWN = 30

Problems = list[editing.Problem]


def data_dir() -> str:
    return str(default_data_dir())


def snapshot(table: str) -> editing.Snapshot:
    snapshots = st.session_state.setdefault(SNAPSHOTS, {})
    if table not in snapshots:
        snapshots[table] = editing.open_table(data_dir(), table)
    return snapshots[table]


def forget(*tables: str) -> None:
    for table in tables:
        st.session_state.get(SNAPSHOTS, {}).pop(table, None)


def show_problems(ctx: PageContext, problems: Problems) -> None:
    lines = [f"- {plain(p.message(ctx.lang))}" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"- {ctx.t('data.more_problems', n=len(problems) - MAX_PROBLEMS_SHOWN)}")
    st.markdown("\n".join(lines))


def refused(ctx: PageContext, problems: Problems) -> None:
    st.error(ctx.t("data.not_saved"))
    show_problems(ctx, problems)


def changes(ctx: PageContext, n: int) -> str:
    return plural(n, "plural.rows_changed", ctx.lang).format(n=n)


def save(
    ctx: PageContext,
    table: str,
    write: Callable[[], editing.SaveResult],
    clear_prefix: str = "",
    form: Callable[[Problems], Problems] | None = None,
) -> None:
    """Run one save and say what happened; on success reopen the table and clear the form that made it.
    `form` tells a form's problems in the form's words (`editing.for_form`)."""
    try:
        result = write()
    except editing.ConflictError as exc:
        st.error(ctx.t("data.conflict"))
        show_problems(ctx, exc.problems[1:])
        st.button(ctx.t("data.reload"), key=f"reload_{table}", on_click=forget, args=(table,))
        return
    except editing.EditError as exc:
        refused(ctx, form(exc.problems) if form else exc.problems)
        return
    if not result.rows_changed:
        st.info(ctx.t("data.no_changes"))
        return
    forget(table)
    for key in [k for k in st.session_state if clear_prefix and str(k).startswith(clear_prefix)]:
        del st.session_state[key]
    st.session_state[FLASH] = ctx.t("data.saved", changes=changes(ctx, result.rows_changed), file=f"{table}.csv")
    st.rerun()


def header(ctx: PageContext) -> None:
    """The page's title, what a save guarantees, the hint while the files are broken and the last save's result."""
    st.title(ctx.t(ctx.page.heading_key))
    st.caption(ctx.t("data.intro"))
    if not ctx.data_ok:
        st.info(ctx.t("data.broken_hint"), icon=":material/build:")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)


def editor_page(ctx: PageContext, draw: Callable[[str], None], after: Callable[[], None] | None = None) -> None:
    """A page of editing tools: the header, the sign-in (`cooperation/signin_ui.py`), then `draw(who)` for a
    signed-in account only; `after` draws what everyone may see; the coverage line closes the page."""
    header(ctx)
    who = signin_ui.editor(ctx)  # the signed-in account's name, None: read-only
    if who is not None:
        st.warning(ctx.t("data.ingest_note"), icon=":material/info:")
        attempt(ctx, draw, who)
    if after is not None:
        after()
    footer(ctx)


def attempt(ctx: PageContext, draw: Callable[[str], None], who: str) -> None:
    """Draw one tool; a file too broken to open as a table is named instead, and the other tools still work."""
    try:
        draw(who)
    except editing.EditError as exc:
        st.error(ctx.t("data.unreadable"))  # fixed by hand: the message says where the earlier versions are
        show_problems(ctx, exc.problems)
