"""Data: staff add and correct rows, import contacts and export the dataset — editing only with the editor secret.

Every write goes through `cooperation.editing` (validated against the loader's schemas, atomic, backed up,
logged, refused when the file changed since it was opened). A table is "opened" when this page first reads it
in a session; that snapshot is what a save is checked against, so it is kept in the session until a save
succeeds or the user reloads it. The dashboard's cache is keyed on the files' modification times, so the other
pages show a saved change on their next run without being told.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable

import pandas as pd
import streamlit as st

from cooperation import auth, editing, ui, uploads
from cooperation.export import dataset as export_dataset
from cooperation.i18n import format_int, label, plural
from cooperation.loading import data_version, default_data_dir
from cooperation.ui import coverage, footer, plain
from cooperation.ui_banner import set_aside_list
from cooperation.vocab import (
    DATE_PRECISIONS,
    DOC_TYPES,
    FORMATS,
    HOME_CITY_ID,
    RECORDED_STATUSES,
    RELATIONS,
    ROLES,
    SPHERES,
    VENUES,
    YEAR_SOURCES,
)

# The page that fixes broken files opens while they are broken (the registry's `needs_data=False`): it then works
# from an empty dataset.
ctx = ui.current()

EDITOR = "editor_session"  # (name, fingerprint of the secret signed in with)
ATTEMPTS = "editor_attempts"
SNAPSHOTS = "editor_snapshots"
FLASH = "editor_flash"
PREVIEW = "imp_checked"  # (upload and data version, ImportPreview); "imp_" so a finished import clears it
NEW = "__new__"
MAX_EDITOR_ROWS = 500
MAX_PROBLEMS_SHOWN = 30


def _data_dir() -> str:
    return str(default_data_dir())


def _date_format() -> str:
    return ctx.t("data.date_placeholder")


# --- who may edit -------------------------------------------------------------------------------------------

def _secret() -> str | None:
    try:
        secrets = st.secrets.to_dict()
    except FileNotFoundError:
        secrets = {}
    return auth.configured_secret(secrets, os.environ)


def _editor(secret: str) -> str | None:
    """The signed-in name, if this session signed in with the secret that is configured now."""
    session = st.session_state.get(EDITOR)
    if session and session[1] == auth.fingerprint(secret):
        return session[0]
    st.session_state.pop(EDITOR, None)
    return None


def _sign_in(secret: str) -> None:
    with st.form("signin"):
        st.subheader(ctx.t("data.signin.heading"))
        name = st.text_input(ctx.t("data.signin.name"), key="signin_name")
        given = st.text_input(ctx.t("data.signin.secret"), type="password", key="signin_secret")
        submitted = st.form_submit_button(ctx.t("data.signin.submit"), key="signin_submit")
    if not submitted:
        return
    now = time.time()
    attempts = st.session_state.get(ATTEMPTS, auth.Attempts())
    wait = attempts.wait(now)
    if wait > 0:
        st.error(ctx.t("data.signin.wait", seconds=int(wait) + 1))
        return
    if not auth.editor_name(name):
        st.error(ctx.t("data.signin.name_required"))
        return
    ok, attempts = auth.sign_in(given, secret, attempts, now)
    st.session_state[ATTEMPTS] = attempts
    if ok:
        st.session_state[EDITOR] = (auth.editor_name(name), auth.fingerprint(secret))
        st.rerun()
    st.error(ctx.t("data.signin.failed", seconds=int(attempts.delay)))


# --- snapshots and saving -----------------------------------------------------------------------------------

def _snapshot(table: str) -> editing.Snapshot:
    snapshots = st.session_state.setdefault(SNAPSHOTS, {})
    if table not in snapshots:
        snapshots[table] = editing.open_table(_data_dir(), table)
    return snapshots[table]


def _forget(*tables: str) -> None:
    for table in tables:
        st.session_state.get(SNAPSHOTS, {}).pop(table, None)


def _show_problems(problems: list[editing.Problem]) -> None:
    lines = [f"- {plain(p.message(ctx.lang))}" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"- {ctx.t('data.more_problems', n=len(problems) - MAX_PROBLEMS_SHOWN)}")
    st.markdown("\n".join(lines))


def _changes(n: int) -> str:
    return plural(n, "plural.rows_changed", ctx.lang).format(n=n)


def _save(table: str, write: Callable[[], editing.SaveResult], clear_prefix: str = "",
          form: Callable[[list[editing.Problem]], list[editing.Problem]] | None = None) -> None:
    """Run one save and say what happened; on success reopen the table and clear the form that made it.
    `form` tells a form's problems in the form's words (`editing.for_form`)."""
    try:
        result = write()
    except editing.ConflictError as exc:
        st.error(ctx.t("data.conflict"))
        _show_problems(exc.problems[1:])
        st.button(ctx.t("data.reload"), key=f"reload_{table}", on_click=_forget, args=(table,))
        return
    except editing.EditError as exc:
        _refused(form(exc.problems) if form else exc.problems)
        return
    if not result.rows_changed:
        st.info(ctx.t("data.no_changes"))
        return
    _forget(table)
    for key in [k for k in st.session_state if clear_prefix and str(k).startswith(clear_prefix)]:
        del st.session_state[key]
    st.session_state[FLASH] = ctx.t("data.saved", changes=_changes(result.rows_changed), file=f"{table}.csv")
    st.rerun()


def _refused(problems: list[editing.Problem]) -> None:
    st.error(ctx.t("data.not_saved"))
    _show_problems(problems)


def _form_problems(snapshot: editing.Snapshot, fields: list[str], derived: tuple[str, ...] = (),
                   label: object = None) -> Callable[[list[editing.Problem]], list[editing.Problem]]:
    """The mapping of a save's problems to the form that made the row (new: appended after the last row)."""
    position = len(snapshot.frame) if label is None else snapshot.frame.index.get_loc(label)
    row = position + editing.FIRST_DATA_ROW
    return lambda problems: editing.for_form(problems, f"{snapshot.table}.csv", row, fields, derived,
                                             appended=label is None)


def _city_names(cities: pd.DataFrame) -> dict[str, str]:
    names = cities[f"name_{ctx.lang}"].where(cities[f"name_{ctx.lang}"] != "", cities["name_ru"])
    return dict(zip(cities["city_id"], names + " (" + cities["country_iso2"] + ")"))


def _float(text: str) -> float | None:
    try:
        return float(str(text).replace(",", "."))
    except ValueError:
        return None


def _int(text: str) -> int | None:
    number = _float(text)
    return int(number) if number is not None and number.is_integer() else None


def _cells(row: pd.Series) -> dict[str, str]:
    """The row being edited as text; empty for a new one."""
    return {str(k): str(v) for k, v in row.items()}


def _choice(options: list[str], current: str) -> int | None:
    return options.index(current) if current in options else None


# --- forms --------------------------------------------------------------------------------------------------

def _contact_form(who: str) -> None:
    cities = _snapshot("cities").frame
    events = _snapshot("events").frame
    names = _city_names(cities)
    partners = [c for c in cities["city_id"] if c != HOME_CITY_ID]
    event_names = dict(zip(events["event_id"], events[f"name_{ctx.lang}"]))
    with st.form("contact_form"):
        city = st.selectbox(ctx.t("field.city_id"), partners, index=None, format_func=names.get, key="ct_city",
                            placeholder=ctx.t("data.choose"))
        # Dates are typed text, parsed by the import's parser: a date picker moves 31.02.2024 to 29.02.2024 unasked.
        left, middle, right = st.columns(3)
        start = left.text_input(ctx.t("field.date_start"), key="ct_start", placeholder=_date_format(),
                                help=ctx.t("data.date_help"))
        end = middle.text_input(ctx.t("field.date_end"), key="ct_end", placeholder=_date_format(),
                                help=ctx.t("data.date_end_help"))
        precision = right.selectbox(ctx.t("field.date_precision"), DATE_PRECISIONS, key="ct_precision",
                                    format_func=lambda v: label("date_precision", v, ctx.lang))
        undated = st.checkbox(ctx.t("data.undated"), key="ct_undated", help=ctx.t("data.undated_help"))
        date_text = st.text_input(ctx.t("field.date_text"), key="ct_date_text", help=ctx.t("data.date_text_help"))
        left, middle, right = st.columns(3)
        venue = left.selectbox(ctx.t("field.venue"), VENUES, key="ct_venue",
                               format_func=lambda v: label("venue", v, ctx.lang))
        venue_city = middle.text_input(ctx.t("field.venue_city"), key="ct_venue_city")
        fmt = right.selectbox(ctx.t("field.format"), FORMATS, key="ct_format",
                              format_func=lambda v: label("format", v, ctx.lang))
        spheres = st.multiselect(ctx.t("field.spheres"), SPHERES, key="ct_spheres",
                                 format_func=lambda v: label("sphere", v, ctx.lang))
        text = st.text_area(ctx.t("field.text_ru"), key="ct_text")
        event = st.selectbox(ctx.t("field.event_id"), ["", *event_names], key="ct_event",
                             format_func=lambda v: event_names.get(v, ctx.t("common.none")))
        source = st.text_input(ctx.t("field.source_file"), key="ct_source", help=ctx.t("data.source_help"))
        submitted = st.form_submit_button(ctx.t("data.add_contact"), key="ct_submit", type="primary")
    if submitted:
        row, problems = editing.contact_from_form(
            city_id=city or "", start=start, end=end, precision=precision, venue=venue, venue_city=venue_city,
            format=fmt, spheres=spheres, text_ru=text, event_id=event, date_text=date_text, source=source,
            undated=undated)
        if problems:  # nothing is written: the form's own checks, in its own words
            _refused(problems)
            return
        snapshot = _snapshot("contacts")
        fields = ["city_id", "date_start", "date_end", "date_precision", "date_text", "venue", "venue_city", "format",
                  "spheres", "text_ru", "event_id", "source_file"]
        _save("contacts", lambda: editing.add_row(_data_dir(), snapshot, row, who), clear_prefix="ct_",
              form=_form_problems(snapshot, fields, ("contact_id", "date_text", "source_file", "source_line")))


def _city_form(who: str) -> None:
    snapshot = _snapshot("cities")
    cities = snapshot.frame
    names = _city_names(cities)
    chosen = st.selectbox(ctx.t("data.choose_city"), [NEW, *cities["city_id"]], key="cy_choice",
                          format_func=lambda c: ctx.t("data.new_city") if c == NEW else names.get(c, c))
    current = cities[cities["city_id"] == chosen].iloc[0] if chosen != NEW else pd.Series(dtype=str)
    old = _cells(current)
    prefix = f"cy_{chosen}_"
    with st.form("city_form"):
        city_id = st.text_input(ctx.t("field.city_id_new"), value=old.get("city_id", ""), key=prefix + "id",
                                disabled=chosen != NEW, help=ctx.t("data.city_id_help"))
        left, right = st.columns(2)
        name_ru = left.text_input(ctx.t("field.name_ru"), value=old.get("name_ru", ""), key=prefix + "ru")
        name_en = right.text_input(ctx.t("field.name_en"), value=old.get("name_en", ""), key=prefix + "en")
        left, middle, right = st.columns(3)
        role = left.selectbox(ctx.t("field.role"), ROLES, index=_choice(list(ROLES), old.get("role") or "partner"),
                              key=prefix + "role", format_func=lambda v: label("role", v, ctx.lang))
        iso2 = middle.text_input(ctx.t("field.country_iso2"), value=old.get("country_iso2", ""), max_chars=2,
                                 key=prefix + "iso2", help=ctx.t("data.iso2_help"))
        website = right.text_input(ctx.t("field.website"), value=old.get("website", ""), key=prefix + "website")
        left, right = st.columns(2)
        lat = left.number_input(ctx.t("field.lat"), min_value=-90.0, max_value=90.0, format="%.5f",
                                value=_float(old.get("lat", "")), key=prefix + "lat")
        lon = right.number_input(ctx.t("field.lon"), min_value=-180.0, max_value=180.0, format="%.5f",
                                 value=_float(old.get("lon", "")), key=prefix + "lon")
        description = st.text_area(ctx.t("field.description_ru"), value=old.get("description_ru", ""),
                                   key=prefix + "description")
        submitted = st.form_submit_button(ctx.t("data.save"), key="cy_submit", type="primary")
    if not submitted:
        return
    same_country = iso2.strip().upper() == old.get("country_iso2", "")
    values = {"city_id": city_id, "role": role, "name_ru": name_ru, "name_en": name_en, "country_iso2": iso2,
              "country_ru": old.get("country_ru", "") if same_country else "",
              "country_en": old.get("country_en", "") if same_country else "",
              "lat": lat, "lon": lon, "website": website, "description_ru": description}
    row = editing.city_row(values, set(cities["city_id"]))
    fields = ["city_id", "name_ru", "name_en", "role", "country_iso2", "website", "lat", "lon", "description_ru"]
    derived = ("city_id", "country_ru", "country_en") if chosen == NEW else ("country_ru", "country_en")
    if chosen == NEW:
        _save("cities", lambda: editing.add_row(_data_dir(), snapshot, row, who), clear_prefix=prefix,
              form=_form_problems(snapshot, fields, derived))
    else:
        _save("cities", lambda: editing.replace_row(_data_dir(), snapshot, current.name, row, who),
              form=_form_problems(snapshot, fields, derived, current.name))


def _agreement_form(who: str) -> None:
    snapshot = _snapshot("agreements")
    agreements = snapshot.frame
    cities = _snapshot("cities").frame
    names = _city_names(cities)
    titles = dict(zip(agreements["agreement_id"],
                      agreements["agreement_id"] + " · " + agreements["title_ru"].str.slice(0, 60)))
    chosen = st.selectbox(ctx.t("data.choose_agreement"), [NEW, *agreements["agreement_id"]], key="ag_choice",
                          format_func=lambda a: ctx.t("data.new_agreement") if a == NEW else titles.get(a, a))
    current = agreements[agreements["agreement_id"] == chosen].iloc[0] if chosen != NEW else pd.Series(dtype=str)
    old = _cells(current)
    prefix = f"ag_{chosen}_"
    partners = [c for c in cities["city_id"] if c != HOME_CITY_ID]
    with st.form("agreement_form"):
        city = st.selectbox(ctx.t("field.city_id"), partners, index=_choice(partners, old.get("city_id", "")),
                            format_func=names.get, key=prefix + "city", placeholder=ctx.t("data.choose"))
        title = st.text_input(ctx.t("field.title_ru"), value=old.get("title_ru", ""), key=prefix + "title")
        left, middle, right = st.columns(3)
        doc_type = left.selectbox(ctx.t("field.doc_type"), DOC_TYPES, key=prefix + "doc_type",
                                  index=_choice(list(DOC_TYPES), old.get("doc_type", "")),
                                  format_func=lambda v: label("doc_type", v, ctx.lang),
                                  placeholder=ctx.t("data.choose"))
        relation = middle.selectbox(ctx.t("field.relation"), RELATIONS, key=prefix + "relation",
                                    index=_choice(list(RELATIONS), old.get("relation", "")),
                                    format_func=lambda v: label("relation", v, ctx.lang),
                                    placeholder=ctx.t("data.choose"))
        year = right.number_input(ctx.t("field.year_signed"), min_value=1900, max_value=2100, step=1,
                                  value=_int(old.get("year_signed", "")), key=prefix + "year")
        year_source = st.selectbox(ctx.t("field.year_source"), YEAR_SOURCES,
                                   index=_choice(list(YEAR_SOURCES), old.get("year_source") or "document"),
                                   key=prefix + "year_source", format_func=lambda v: label("year_source", v, ctx.lang))
        known_parties = [p for p in old.get("parties", "").split("|") if p in names]
        parties = st.multiselect(ctx.t("field.parties"), list(cities["city_id"]), format_func=names.get,
                                 default=known_parties or [HOME_CITY_ID], key=prefix + "parties",
                                 help=ctx.t("data.parties_help"))
        source = st.text_input(ctx.t("field.source_file"), value=old.get("source_file", ""),
                               key=prefix + "source")
        submitted = st.form_submit_button(ctx.t("data.save"), key="ag_submit", type="primary")
    if not submitted:
        return
    if city and city not in parties:
        parties = [*parties, city]
    values = {"agreement_id": old.get("agreement_id", ""), "city_id": city or "", "title_ru": title,
              "doc_type": doc_type or "", "relation": relation or "", "year_signed": year, "year_source": year_source,
              "parties": parties, "source_file": source, "source_line": old.get("source_line", "")}
    row = editing.agreement_row(values, set(agreements["agreement_id"]))
    fields = ["city_id", "title_ru", "doc_type", "relation", "year_signed", "year_source", "parties", "source_file"]
    if chosen == NEW:
        _save("agreements", lambda: editing.add_row(_data_dir(), snapshot, row, who), clear_prefix=prefix,
              form=_form_problems(snapshot, fields, ("agreement_id",)))
    else:
        _save("agreements", lambda: editing.replace_row(_data_dir(), snapshot, current.name, row, who),
              form=_form_problems(snapshot, fields, (), current.name))


def _status_form(who: str) -> None:
    agreements = _snapshot("agreements").frame
    titles = dict(zip(agreements["agreement_id"],
                      agreements["agreement_id"] + " · " + agreements["title_ru"].str.slice(0, 60)))
    st.caption(ctx.t("data.status_intro"))
    with st.form("status_form"):
        agreement = st.selectbox(ctx.t("common.agreement"), list(titles), index=None, format_func=titles.get,
                                 key="st_agreement", placeholder=ctx.t("data.choose"))
        left, right = st.columns(2)
        status = left.selectbox(ctx.t("field.status"), RECORDED_STATUSES, key="st_status",
                                format_func=lambda v: label("recorded_status", v, ctx.lang))
        when = right.text_input(ctx.t("field.status_date"), key="st_date", placeholder=_date_format(),
                                help=ctx.t("data.date_help"))
        source = st.text_input(ctx.t("field.source"), key="st_source", help=ctx.t("data.status_source_help"))
        note = st.text_input(ctx.t("field.note"), key="st_note")
        submitted = st.form_submit_button(ctx.t("data.record_status"), key="st_submit", type="primary")
    if submitted:
        row, problems = editing.status_from_form(agreement_id=agreement or "", status=status, status_date=when,
                                                 source=source, note=note, who=who)
        if problems:
            _refused(problems)
            return
        snapshot = _snapshot("agreement_statuses")
        fields = ["agreement_id", "status", "status_date", "source", "note"]
        _save("agreement_statuses", lambda: editing.add_row(_data_dir(), snapshot, row, who), clear_prefix="st_",
              form=_form_problems(snapshot, fields))
    recorded = _snapshot("agreement_statuses").frame
    if not recorded.empty:
        st.dataframe(recorded, hide_index=True, key="st_recorded")


def _correct_rows(who: str) -> None:
    table = st.selectbox(ctx.t("data.table"), editing.EDITABLE_TABLES, key="fix_table",
                         format_func=lambda name: f"{name}.csv")
    snapshot = _snapshot(table)
    query = st.text_input(ctx.t("data.find_rows"), key=f"fix_query_{table}", help=ctx.t("data.find_rows_help"))
    frame = snapshot.frame
    if query:
        frame = frame[frame.apply(lambda column: column.str.contains(query, case=False, regex=False)).any(axis=1)]
    if len(frame) > MAX_EDITOR_ROWS:
        st.info(ctx.t("data.too_many_rows", n=len(frame), limit=MAX_EDITOR_ROWS))
        frame = frame.head(MAX_EDITOR_ROWS)
    # The editor keeps its edits by row position: a new search or a reloaded file must start a new editor, or
    # an edit made in one view would land on another row. Its rows are numbered as the file's rows in Excel, the
    # numbers every problem message names.
    shown = frame.set_axis(frame.index + editing.FIRST_DATA_ROW).rename_axis(ctx.t("data.grid_row"))
    st.caption(ctx.t("data.grid_rows_note"))
    edited = st.data_editor(shown, num_rows="fixed", key=f"fix_editor_{table}_{snapshot.version[:12]}_{query}",
                            width="stretch")
    edited = edited.set_axis(edited.index - editing.FIRST_DATA_ROW).rename_axis(None)
    changes = editing.diff_rows(table, snapshot.frame, editing.apply_edits(snapshot, edited))
    st.caption(ctx.t("data.rows_changed", changes=_changes(len(changes))))
    why = st.text_input(ctx.t("data.why"), key=f"fix_why_{table}")
    left, right = st.columns(2)
    if left.button(ctx.t("data.save_changes"), key=f"fix_save_{table}", disabled=not changes, type="primary"):
        _save(table, lambda: editing.save_table(_data_dir(), snapshot, editing.apply_edits(snapshot, edited), who,
                                                "table", why))
    right.button(ctx.t("data.reload"), key=f"fix_reload_{table}", on_click=_forget, args=(table,))
    _history(table, who)


def _history(table: str, who: str) -> None:
    """A corrected row's history (the sources' value, each correction with who and when) and undo."""
    st.subheader(ctx.t("data.history.heading"))
    rows = editing.corrected_rows(_data_dir(), table)
    if not rows:
        st.caption(ctx.t("data.history.none"))
        return
    row = st.selectbox(ctx.t("data.history.pick"), rows, key=f"hist_row_{table}")
    history = editing.row_history(_data_dir(), table, row)
    st.caption(ctx.t("data.history.caption"))
    st.dataframe(editing.history_table(history, ctx.lang), hide_index=True, key=f"hist_table_{table}")
    fields = list(dict.fromkeys(history.loc[history["kind"] == "correction", "column"]))
    column = st.selectbox(ctx.t("data.undo_field"), fields, key=f"hist_field_{table}")
    if st.button(ctx.t("data.undo"), key=f"hist_undo_{table}"):
        _save(table, lambda: editing.undo_correction(_data_dir(), table, row, column, who))


def _import(who: str) -> None:
    st.caption(ctx.t("data.import_intro"))
    limits = uploads.LIMITS
    st.caption(ctx.t("data.import_limits", size=limits.bytes // uploads.MB, rows=format_int(editing.MAX_IMPORT_ROWS, ctx.lang),
                     columns=limits.columns, chars=format_int(limits.cell_chars, ctx.lang)))
    upload = st.file_uploader(ctx.t("data.import_file"), type=["csv", "xlsx"], key="imp_file")
    if upload is None:
        return
    # A preview of 5,000 rows takes 1.5–3 s; the page reruns on every click while the file sits in the uploader.
    version = (upload.file_id, data_version(_data_dir()))
    cached = st.session_state.get(PREVIEW)
    if cached is None or cached[0] != version:
        cached = (version, editing.preview_import(upload.getvalue(), upload.name, _data_dir()))
        st.session_state[PREVIEW] = cached
    preview = cached[1]
    if preview.file_problems:
        st.error(ctx.t("data.import_file_problems"))
        _show_problems(preview.file_problems)
    if preview.ignored_columns:
        st.info(ctx.t("data.import_ignored", columns=", ".join(preview.ignored_columns)))
    if preview.cleaned:
        st.warning(ctx.t("data.import_cleaned"))
        _show_problems(preview.cleaned)
    if preview.rows.empty:
        return
    shown = preview.rows.copy()
    shown.insert(0, ctx.t("data.import_problems"),
                 ["; ".join(p.message(ctx.lang) for p in preview.problems.get(i, [])) or ctx.t("data.import_ok")
                  for i in range(len(shown))])
    shown.index = pd.Index(preview.sheet_rows, name=ctx.t("data.grid_row"))  # the rows the messages name
    st.dataframe(shown, key="imp_preview")
    valid = preview.valid
    st.caption(ctx.t("data.import_summary", valid=len(valid), total=len(preview.rows),
                     rows=plural(len(preview.rows), "plural.rows_of", ctx.lang)))
    undated = preview.undated
    confirmed = True
    if undated:  # a contact without a date drops out of every count per year: imported only when confirmed
        shown_rows = ", ".join(map(str, undated[:20])) + (" …" if len(undated) > 20 else "")
        st.warning(ctx.t("data.import_undated", rows=shown_rows))
        confirmed = st.checkbox(ctx.t("data.import_undated_confirm"), key="imp_undated")
    if st.button(ctx.t("data.import_confirm", n=len(valid), rows=plural(len(valid), "plural.rows_to_import", ctx.lang)),
                 key="imp_confirm", disabled=valid.empty or not confirmed, type="primary"):
        snapshot = _snapshot("contacts")
        _save("contacts", lambda: editing.import_rows(_data_dir(), snapshot, valid, who), clear_prefix="imp_")


def _export() -> None:
    st.subheader(ctx.t("data.export"))
    left, right = st.columns(2)
    left.download_button(ctx.t("data.export_zip"), lambda: export_dataset.export_zip(_data_dir(), ctx.lang),
                         file_name="cooperation-data.zip", mime="application/zip", key="exp_zip",
                         icon=":material/folder_zip:")
    nothing_loaded = not ctx.data_ok and ctx.dataset.cities.empty
    right.download_button(ctx.t("data.export_xlsx"), lambda: export_dataset.export_xlsx(ctx.dataset, ctx.lang, coverage(ctx)),
                          file_name="cooperation-data.xlsx", key="exp_xlsx", icon=":material/table:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          disabled=nothing_loaded, help=ctx.t("data.export_xlsx_broken") if nothing_loaded else None)
    st.caption(ctx.t("data.export_note"))


def body() -> None:
    st.title(ctx.t(ctx.page.heading_key))
    st.caption(ctx.t("data.intro"))
    if not ctx.data_ok:
        st.info(ctx.t("data.broken_hint"), icon=":material/build:")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    secret = _secret()
    who = _editor(secret) if secret else None
    if secret is None:
        st.info(ctx.t("data.read_only"), icon=":material/lock:")
    elif who is None:
        _sign_in(secret)
    else:
        left, right = st.columns([4, 1])
        left.caption(ctx.t("data.signed_in_as", name=plain(who)))
        if right.button(ctx.t("data.sign_out"), key="sign_out"):
            st.session_state.pop(EDITOR, None)
            st.rerun()
        st.warning(ctx.t("data.ingest_note"), icon=":material/info:")
        tabs = st.tabs([ctx.t(k) for k in ("data.tab_contact", "data.tab_city", "data.tab_agreement",
                                          "data.tab_status", "data.tab_correct", "data.tab_import")])
        for tab, draw in zip(tabs, (_contact_form, _city_form, _agreement_form, _status_form, _correct_rows,
                                    _import)):
            with tab:
                try:
                    draw(who)
                except editing.EditError as exc:  # a file too broken to open as a table: fix it by hand
                    st.error(ctx.t("data.unreadable"))
                    _show_problems(exc.problems)
    set_aside_list(ctx.dataset, ctx.lang)
    _export()
    footer(ctx)


body()
