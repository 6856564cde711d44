"""Data, add: a new contact, a city or an agreement (new or changed) and a recorded agreement status."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from cooperation import editing, ui
from cooperation.i18n import label
from cooperation.ui import data_page
from cooperation.vocab import (
    HOME_CITY_ID,
    SPHERES,
)

ctx = ui.current()

NEW = "__new__"


def _form_problems(
    snapshot: editing.Snapshot, fields: list[str], derived: tuple[str, ...] = (), label: object = None
) -> Callable[[data_page.Problems], data_page.Problems]:
    """The mapping of a save's problems to the form that made the row (new: appended after the last row)."""
    position = len(snapshot.frame) if label is None else snapshot.frame.index.get_loc(label)
    row = position + editing.FIRST_DATA_ROW
    return lambda problems: editing.for_form(
        problems, f"{snapshot.table}.csv", row, fields, derived, appended=label is None
    )


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


def _agreement_titles(agreements: pd.DataFrame) -> dict[str, str]:
    return dict(
        zip(agreements["agreement_id"], agreements["agreement_id"] + " · " + agreements["title_ru"].str.slice(0, 60))
    )


def _pick(
    frame: pd.DataFrame, id_column: str, names: dict[str, str], choose_key: str, new_key: str, prefix: str
) -> tuple[str, pd.Series, dict[str, str], str]:
    """The row a form edits, chosen by id or a new one: its id, the row, its cells as text and the prefix of the
    form's widget keys (a prefix per row, so switching rows starts the form afresh)."""
    chosen = st.selectbox(
        ctx.t(choose_key),
        [NEW, *frame[id_column]],
        key=f"{prefix}choice",
        format_func=lambda c: ctx.t(new_key) if c == NEW else names.get(c, c),
    )
    current = frame[frame[id_column] == chosen].iloc[0] if chosen != NEW else pd.Series(dtype=str)
    return chosen, current, _cells(current), f"{prefix}{chosen}_"


def _vocabulary(container, column: str, key: str, current: str | None = None) -> str | None:
    """A choice among a vocabulary column's values, shown by their labels (`editing.COLUMN_VOCABULARIES`, the
    same mapping the problem messages list the allowed values from); `current` preselects, None: the first."""
    vocabulary = editing.COLUMN_VOCABULARIES[column]
    values = list(editing.VOCABULARY_VALUES[vocabulary])
    return container.selectbox(
        ctx.t(f"field.{column}"),
        values,
        index=0 if current is None else _choice(values, current),
        key=key,
        format_func=lambda v: label(vocabulary, v, ctx.lang),
        placeholder=ctx.t("data.choose"),
    )


def _contact_form(who: str) -> None:
    cities = data_page.snapshot("cities").frame
    events = data_page.snapshot("events").frame
    names = _city_names(cities)
    partners = [c for c in cities["city_id"] if c != HOME_CITY_ID]
    event_names = dict(zip(events["event_id"], events[f"name_{ctx.lang}"]))
    with st.form("contact_form"):
        city = st.selectbox(
            ctx.t("field.city_id"),
            partners,
            index=None,
            format_func=names.get,
            key="ct_city",
            placeholder=ctx.t("data.choose"),
        )
        # Dates are typed text, parsed by the import's parser: a date picker moves 31.02.2024 to 29.02.2024 unasked.
        left, middle, right = st.columns(3)
        start = left.text_input(
            ctx.t("field.date_start"),
            key="ct_start",
            placeholder=ctx.t("data.date_placeholder"),
            help=ctx.t("data.date_help"),
        )
        end = middle.text_input(
            ctx.t("field.date_end"),
            key="ct_end",
            placeholder=ctx.t("data.date_placeholder"),
            help=ctx.t("data.date_end_help"),
        )
        precision = _vocabulary(right, "date_precision", "ct_precision")
        undated = st.checkbox(ctx.t("data.undated"), key="ct_undated", help=ctx.t("data.undated_help"))
        date_text = st.text_input(ctx.t("field.date_text"), key="ct_date_text", help=ctx.t("data.date_text_help"))
        left, middle, right = st.columns(3)
        venue = _vocabulary(left, "venue", "ct_venue")
        venue_city = middle.text_input(ctx.t("field.venue_city"), key="ct_venue_city")
        fmt = _vocabulary(right, "format", "ct_format")
        spheres = st.multiselect(
            ctx.t("field.spheres"), SPHERES, key="ct_spheres", format_func=lambda v: label("sphere", v, ctx.lang)
        )
        text = st.text_area(ctx.t("field.text_ru"), key="ct_text")
        event = st.selectbox(
            ctx.t("field.event_id"),
            ["", *event_names],
            key="ct_event",
            format_func=lambda v: event_names.get(v, ctx.t("common.none")),
        )
        source = st.text_input(ctx.t("field.source_file"), key="ct_source", help=ctx.t("data.source_help"))
        submitted = st.form_submit_button(ctx.t("data.add_contact"), key="ct_submit", type="primary")
    if submitted:
        row, problems = editing.contact_from_form(
            city_id=city or "",
            start=start,
            end=end,
            precision=precision,
            venue=venue,
            venue_city=venue_city,
            format=fmt,
            spheres=spheres,
            text_ru=text,
            event_id=event,
            date_text=date_text,
            source=source,
            undated=undated,
        )
        if problems:  # nothing is written: the form's own checks, in its own words
            data_page.refused(ctx, problems)
            return
        snapshot = data_page.snapshot("contacts")
        fields = [
            "city_id",
            "date_start",
            "date_end",
            "date_precision",
            "date_text",
            "venue",
            "venue_city",
            "format",
            "spheres",
            "text_ru",
            "event_id",
            "source_file",
        ]
        data_page.save(
            ctx,
            "contacts",
            lambda: editing.add_row(data_page.data_dir(), snapshot, row, who),
            clear_prefix="ct_",
            form=_form_problems(snapshot, fields, ("contact_id", "date_text", "source_file", "source_line")),
        )


def _city_form(who: str) -> None:
    snapshot = data_page.snapshot("cities")
    cities = snapshot.frame
    names = _city_names(cities)
    chosen, current, old, prefix = _pick(cities, "city_id", names, "data.choose_city", "data.new_city", "cy_")
    with st.form("city_form"):
        city_id = st.text_input(
            ctx.t("field.city_id_new"),
            value=old.get("city_id", ""),
            key=prefix + "id",
            disabled=chosen != NEW,
            help=ctx.t("data.city_id_help"),
        )
        left, right = st.columns(2)
        name_ru = left.text_input(ctx.t("field.name_ru"), value=old.get("name_ru", ""), key=prefix + "ru")
        name_en = right.text_input(ctx.t("field.name_en"), value=old.get("name_en", ""), key=prefix + "en")
        left, middle, right = st.columns(3)
        role = _vocabulary(left, "role", prefix + "role", old.get("role") or "partner")
        iso2 = middle.text_input(
            ctx.t("field.country_iso2"),
            value=old.get("country_iso2", ""),
            max_chars=2,
            key=prefix + "iso2",
            help=ctx.t("data.iso2_help"),
        )
        website = right.text_input(ctx.t("field.website"), value=old.get("website", ""), key=prefix + "website")
        left, right = st.columns(2)
        lat = left.number_input(
            ctx.t("field.lat"),
            min_value=-90.0,
            max_value=90.0,
            format="%.5f",
            value=_float(old.get("lat", "")),
            key=prefix + "lat",
        )
        lon = right.number_input(
            ctx.t("field.lon"),
            min_value=-180.0,
            max_value=180.0,
            format="%.5f",
            value=_float(old.get("lon", "")),
            key=prefix + "lon",
        )
        description = st.text_area(
            ctx.t("field.description_ru"), value=old.get("description_ru", ""), key=prefix + "description"
        )
        submitted = st.form_submit_button(ctx.t("data.save"), key="cy_submit", type="primary")
    if not submitted:
        return
    same_country = iso2.strip().upper() == old.get("country_iso2", "")
    values = {
        "city_id": city_id,
        "role": role,
        "name_ru": name_ru,
        "name_en": name_en,
        "country_iso2": iso2,
        "country_ru": old.get("country_ru", "") if same_country else "",
        "country_en": old.get("country_en", "") if same_country else "",
        "lat": lat,
        "lon": lon,
        "website": website,
        "description_ru": description,
    }
    row = editing.city_row(values, set(cities["city_id"]))
    fields = ["city_id", "name_ru", "name_en", "role", "country_iso2", "website", "lat", "lon", "description_ru"]
    derived = ("city_id", "country_ru", "country_en") if chosen == NEW else ("country_ru", "country_en")
    if chosen == NEW:
        data_page.save(
            ctx,
            "cities",
            lambda: editing.add_row(data_page.data_dir(), snapshot, row, who),
            clear_prefix=prefix,
            form=_form_problems(snapshot, fields, derived),
        )
    else:
        data_page.save(
            ctx,
            "cities",
            lambda: editing.replace_row(data_page.data_dir(), snapshot, current.name, row, who),
            form=_form_problems(snapshot, fields, derived, current.name),
        )


def _agreement_form(who: str) -> None:
    snapshot = data_page.snapshot("agreements")
    agreements = snapshot.frame
    cities = data_page.snapshot("cities").frame
    names = _city_names(cities)
    titles = _agreement_titles(agreements)
    chosen, current, old, prefix = _pick(
        agreements, "agreement_id", titles, "data.choose_agreement", "data.new_agreement", "ag_"
    )
    partners = [c for c in cities["city_id"] if c != HOME_CITY_ID]
    with st.form("agreement_form"):
        city = st.selectbox(
            ctx.t("field.city_id"),
            partners,
            index=_choice(partners, old.get("city_id", "")),
            format_func=names.get,
            key=prefix + "city",
            placeholder=ctx.t("data.choose"),
        )
        title = st.text_input(ctx.t("field.title_ru"), value=old.get("title_ru", ""), key=prefix + "title")
        left, middle, right = st.columns(3)
        doc_type = _vocabulary(left, "doc_type", prefix + "doc_type", old.get("doc_type", ""))
        relation = _vocabulary(middle, "relation", prefix + "relation", old.get("relation", ""))
        year = right.number_input(
            ctx.t("field.year_signed"),
            min_value=1900,
            max_value=2100,
            step=1,
            value=_int(old.get("year_signed", "")),
            key=prefix + "year",
        )
        year_source = _vocabulary(st, "year_source", prefix + "year_source", old.get("year_source") or "document")
        known_parties = [p for p in old.get("parties", "").split("|") if p in names]
        parties = st.multiselect(
            ctx.t("field.parties"),
            list(cities["city_id"]),
            format_func=names.get,
            default=known_parties or [HOME_CITY_ID],
            key=prefix + "parties",
            help=ctx.t("data.parties_help"),
        )
        source = st.text_input(ctx.t("field.source_file"), value=old.get("source_file", ""), key=prefix + "source")
        submitted = st.form_submit_button(ctx.t("data.save"), key="ag_submit", type="primary")
    if not submitted:
        return
    if city and city not in parties:
        parties = [*parties, city]
    values = {
        "agreement_id": old.get("agreement_id", ""),
        "city_id": city or "",
        "title_ru": title,
        "doc_type": doc_type or "",
        "relation": relation or "",
        "year_signed": year,
        "year_source": year_source,
        "parties": parties,
        "source_file": source,
        "source_line": old.get("source_line", ""),
    }
    row = editing.agreement_row(values, set(agreements["agreement_id"]))
    fields = ["city_id", "title_ru", "doc_type", "relation", "year_signed", "year_source", "parties", "source_file"]
    if chosen == NEW:
        data_page.save(
            ctx,
            "agreements",
            lambda: editing.add_row(data_page.data_dir(), snapshot, row, who),
            clear_prefix=prefix,
            form=_form_problems(snapshot, fields, ("agreement_id",)),
        )
    else:
        data_page.save(
            ctx,
            "agreements",
            lambda: editing.replace_row(data_page.data_dir(), snapshot, current.name, row, who),
            form=_form_problems(snapshot, fields, (), current.name),
        )


def _status_form(who: str) -> None:
    agreements = data_page.snapshot("agreements").frame
    titles = _agreement_titles(agreements)
    st.caption(ctx.t("data.status_intro"))
    with st.form("status_form"):
        agreement = st.selectbox(
            ctx.t("common.agreement"),
            list(titles),
            index=None,
            format_func=titles.get,
            key="st_agreement",
            placeholder=ctx.t("data.choose"),
        )
        left, right = st.columns(2)
        status = _vocabulary(left, "status", "st_status")
        when = right.text_input(
            ctx.t("field.status_date"),
            key="st_date",
            placeholder=ctx.t("data.date_placeholder"),
            help=ctx.t("data.date_help"),
        )
        source = st.text_input(ctx.t("field.source"), key="st_source", help=ctx.t("data.status_source_help"))
        note = st.text_input(ctx.t("field.note"), key="st_note")
        submitted = st.form_submit_button(ctx.t("data.record_status"), key="st_submit", type="primary")
    if submitted:
        row, problems = editing.status_from_form(
            agreement_id=agreement or "", status=status, status_date=when, source=source, note=note, who=who
        )
        if problems:
            data_page.refused(ctx, problems)
            return
        snapshot = data_page.snapshot("agreement_statuses")
        fields = ["agreement_id", "status", "status_date", "source", "note"]
        data_page.save(
            ctx,
            "agreement_statuses",
            lambda: editing.add_row(data_page.data_dir(), snapshot, row, who),
            clear_prefix="st_",
            form=_form_problems(snapshot, fields),
        )
    recorded = data_page.snapshot("agreement_statuses").frame
    if not recorded.empty:
        st.dataframe(recorded, hide_index=True, key="st_recorded")


def _tools(who: str) -> None:
    tabs = st.tabs([ctx.t(k) for k in ("data.tab_contact", "data.tab_city", "data.tab_agreement", "data.tab_status")])
    for tab, draw in zip(tabs, (_contact_form, _city_form, _agreement_form, _status_form)):
        with tab:
            data_page.attempt(ctx, draw, who)


data_page.editor_page(ctx, _tools)
