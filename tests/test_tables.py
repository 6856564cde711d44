"""The contacts table as people read it and download it: newest first, labels in the language, a source per row,
search over the entry and the names, and a bound on what is sent to the browser."""

from __future__ import annotations

import harness

from cooperation import tables
from cooperation.i18n import label, t
from cooperation.loading import DATA_DIR_ENV
from devtools import synthetic


def test_table_is_newest_first_with_labels_in_the_language_and_a_source(dataset, contacts) -> None:
    table = tables.contacts_table(contacts, "ru", dataset.events)
    assert list(table.columns) == [t(key, "ru") for key in tables.CONTACT_COLUMNS]
    assert len(table) == len(contacts)
    newest = contacts[contacts["date_start"] == contacts["date_start"].max()]
    assert table.iloc[0][t("timeline.date_as_written", "ru")] in set(newest["date_text"])
    oldest = contacts[contacts["date_start"] == contacts["date_start"].min()]
    assert table.iloc[-1][t("timeline.date_as_written", "ru")] in set(oldest["date_text"])
    assert set(table[t("common.format", "ru")]) <= {label("format", f, "ru") for f in contacts["format"].unique()}
    assert table[t("common.source", "ru")].str.fullmatch(r".+:\d+").all()


def test_search_finds_words_in_entries_and_partner_names_in_either_language(contacts) -> None:
    harbin = tables.search(contacts, "harbin")
    assert len(harbin) == (contacts["city_id"] == "harbin").sum() > 0
    assert set(tables.search(contacts, "Харбин")["city_id"]) >= {"harbin"}
    assert tables.search(contacts, "шахмат харбин").index.isin(harbin.index).all()
    assert tables.search(contacts, "   ").equals(contacts)


def test_table_keeps_to_the_newest_rows_it_is_asked_for(dataset, contacts) -> None:
    table = tables.contacts_table(contacts, "en", dataset.events, limit=5)
    assert len(table) == 5
    assert table.equals(tables.contacts_table(contacts, "en", dataset.events).head(5))


def test_timeline_page_sends_a_bounded_table_and_says_how_many_it_holds(tmp_path, monkeypatch) -> None:
    count = tables.MAX_TABLE_ROWS + 700
    synthetic.write(synthetic.Request(contacts=count), tmp_path)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = harness.run("timeline", lang="en")
    assert not at.exception and not at.error
    assert len(at.dataframe[0].value) == tables.MAX_TABLE_ROWS
    assert t("timeline.rows_newest", "en", n=f"{tables.MAX_TABLE_ROWS:,}", total=f"{count:,}") in [
        c.value for c in at.caption
    ]
