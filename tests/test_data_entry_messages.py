"""Forms and imports speak the user's language (issue 20, item 6): each case in both languages, and nothing is
written on an error. The form's checks are pure functions (`editing.contact_from_form`, `editing.for_form`); the
page tests drive the real Data page under AppTest."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import harness
import pandas as pd
import pytest
from fixture_data import EDITOR_NAME, EDITOR_PASSWORD
from streamlit.testing.v1 import AppTest

from cooperation import editing
from cooperation.i18n import CATALOGUE, plural, t
from cooperation.loading import DATA_DIR_ENV, load_dataset
from cooperation.paths import ROOT

# The page tests sign in to the account of the `editors` fixture (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("editors")
TEXT = "Делегация Тегерана посетила выставку в Казани."


def form(**values: object) -> tuple[dict[str, str], list[editing.Problem]]:
    given = {
        "city_id": "tehran",
        "start": "04.05.2025",
        "end": "",
        "precision": "day",
        "venue": "kazan",
        "venue_city": "",
        "format": "in_person",
        "spheres": ["culture"],
        "text_ru": TEXT,
        "event_id": "",
        "date_text": "",
        "source": "",
        "undated": False,
        **values,
    }
    return editing.contact_from_form(**given)  # type: ignore[arg-type]


def messages(problems: list[editing.Problem], lang: str) -> list[str]:
    return [p.message(lang) for p in problems]


def untouched(data_dir: Path) -> bool:
    return (data_dir / "contacts.csv").read_bytes() == (ROOT / "data" / "contacts.csv").read_bytes() and not (
        data_dir / editing.CHANGE_LOG
    ).exists()


# --- the new-contact form -----------------------------------------------------------------------------------


def test_an_empty_form_asks_for_what_is_missing_in_the_forms_words():
    _, problems = form(city_id="", start="", spheres=[], text_ru="")
    assert messages(problems, "en") == [
        "Choose a city.",
        "Enter the start date, or tick “The date is not known”.",
        "Choose at least one sphere.",
        "Write the entry’s text.",
    ]
    assert messages(problems, "ru") == [
        "Выберите город.",
        "Укажите дату начала или отметьте «Дата неизвестна».",
        "Выберите хотя бы одну сферу.",
        "Напишите текст записи.",
    ]
    for text in messages(problems, "ru") + messages(problems, "en"):
        assert "contacts.csv" not in text and "строка" not in text and "row" not in text
        assert t("field.contact_id", "ru") not in text and t("field.contact_id", "en") not in text


@pytest.mark.parametrize(
    "typed, en, ru",
    [
        ("31.02.2024", "31.02.2024: there is no 31 February", "31.02.2024: в феврале нет 31-го числа"),
        ("2024-02-31", "2024-02-31: there is no 31 February", "2024-02-31: в феврале нет 31-го числа"),
        ("31.04.2025", "31.04.2025: there is no 31 April", "31.04.2025: в апреле нет 31-го числа"),
        (
            "29.02.2023",
            "29.02.2023: there is no 29 February in 2023",
            "29.02.2023: в феврале 2023 года нет 29-го числа",
        ),
        (
            "12.13.2024",
            "12.13.2024: there is no month 13 (months are 1 to 12)",
            "12.13.2024: месяца 13 нет (месяцы — от 1 до 12)",
        ),
        (
            "вчера",
            "“вчера” is not a date: DD.MM.YYYY or YYYY-MM-DD expected",
            "«вчера» — не дата: нужно ДД.ММ.ГГГГ или ГГГГ-ММ-ДД",
        ),
    ],
)
def test_a_date_that_does_not_exist_is_named_as_typed_and_never_moved(typed, en, ru):
    assert editing.parse_date(typed) is None, "no nearby date instead"
    row, problems = form(start=typed)
    assert messages(problems, "en") == [en] and messages(problems, "ru") == [ru]
    assert row["date_start"] == "", "the row carries no invented date"


def test_real_dates_are_kept_exactly():
    assert editing.parse_date("29.02.2024") == datetime.date(2024, 2, 29)
    assert editing.parse_date("2025-03-14 00:00:00") == datetime.date(2025, 3, 14)
    row, problems = form(start="4.5.2025", end="06.05.2025")
    assert not problems and (row["date_start"], row["date_end"]) == ("2025-05-04", "2025-05-06")
    _, problems = form(start="06.05.2025", end="04.05.2025")
    assert messages(problems, "en") == ["The end date is before the start date."]
    _, problems = form(start="", end="04.05.2025", undated=True)
    assert messages(problems, "ru") == ["Указана только дата окончания — укажите и дату начала."]
    _, problems = form(start="04.05.0025")
    assert messages(problems, "en") == ["“04.05.0025” is outside the range 1900…2100"]


def test_a_contact_without_a_date_needs_the_confirmation(data_dir):
    _, problems = form(start="")
    assert [p.key for p in problems] == ["edit.form.date_or_undated"]
    row, problems = form(start="", undated=True)
    assert not problems and row["date_start"] == "" and row["date_precision"] == ""
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), row, "Анна")
    saved = load_dataset(data_dir).contacts
    assert saved[saved["contact_id"] == row["contact_id"]]["date_start"].isna().all()


def test_a_repeated_entry_is_told_without_fields_the_form_does_not_have(data_dir):
    snapshot = editing.open_table(data_dir, "contacts")
    original = snapshot.frame.iloc[10]
    row, problems = form(city_id=original["city_id"], text_ru=original["text_ru"])
    assert not problems
    with pytest.raises(editing.EditError) as caught:
        editing.add_row(data_dir, snapshot, row, "Анна")
    shown = editing.for_form(
        caught.value.problems,
        "contacts.csv",
        len(snapshot.frame) + 2,
        ["city_id", "text_ru", "date_start"],
        ("contact_id", "date_text", "source_line"),
    )
    assert messages(shown, "en") == ["the same entry for this city is already in contacts.csv, row 12"]
    assert messages(shown, "ru") == ["та же запись об этом городе уже есть в contacts.csv, строка 12"]
    assert untouched(data_dir)


def test_a_form_lists_choices_by_their_labels_and_leaves_out_what_it_fills_in(data_dir):
    snapshot = editing.open_table(data_dir, "agreements")
    values = {
        "agreement_id": "",
        "city_id": "tehran",
        "title_ru": "Соглашение",
        "doc_type": "",
        "relation": "",
        "year_signed": 2020,
        "year_source": "document",
        "parties": ["kazan", "tehran"],
        "source_file": "",
    }
    row = editing.agreement_row(values, set(snapshot.frame["agreement_id"]))
    with pytest.raises(editing.EditError) as caught:
        editing.add_row(data_dir, snapshot, row, "Анна")
    shown = editing.for_form(
        caught.value.problems,
        "agreements.csv",
        len(snapshot.frame) + 2,
        ["city_id", "title_ru", "doc_type", "relation"],
        ("agreement_id",),
    )
    assert messages(shown, "en") == [
        "field “Kind of document”: empty; one of: Agreement, Memorandum, Treaty, Protocol",
        "field “Relation”: empty; one of: Twinning, Partnership, Friendship, Cooperation, Intent",
    ]
    assert messages(shown, "ru")[0] == (
        "поле «Вид документа»: не заполнено; возможные значения: Соглашение, Меморандум, Договор, Протокол"
    )
    cities = editing.open_table(data_dir, "cities")
    city = editing.city_row(
        {"city_id": "", "role": "partner", "name_ru": "Новый", "name_en": "", "country_iso2": "IT"},
        set(cities.frame["city_id"]),
    )
    with pytest.raises(editing.EditError) as caught:
        editing.add_row(data_dir, cities, city, "Анна")
    shown = editing.for_form(
        caught.value.problems,
        "cities.csv",
        len(cities.frame) + 2,
        ["city_id", "name_ru", "name_en", "country_iso2"],
        ("city_id", "country_ru", "country_en"),
    )
    assert messages(shown, "en") == ["field “Name in English”: required, but empty"], "one cause, one message"


# --- imports ------------------------------------------------------------------------------------------------


def preview(data_dir: Path, *rows: dict[str, str]) -> editing.ImportPreview:
    return editing.preview_import(
        pd.DataFrame(list(rows)).to_csv(index=False, sep=";").encode("utf-8-sig"), "новые.csv", data_dir
    )


def test_an_impossible_date_in_an_import_is_told_once_as_typed(data_dir):
    result = preview(data_dir, {"city_id": "tehran", "date_start": "31.02.2024", "text_ru": TEXT})
    [problem] = result.problems[0]
    assert (
        problem.message("en")
        == "новые.csv, row 2, column “date_start” (Start date): 31.02.2024: there is no 31 February"
    )
    assert problem.message("ru") == (
        "новые.csv, строка 2, столбец «date_start» (Дата начала): 31.02.2024: в феврале нет 31-го числа"
    )
    assert result.valid.empty and untouched(data_dir)


@pytest.mark.parametrize(
    "row, column, en, ru",
    [
        (
            {"city_id": "tehran", "date_start": "04.05.2025", "text_ru": ""},
            "text_ru",
            "required, but empty",
            "обязательное поле не заполнено",
        ),
        (
            {"city_id": "", "date_start": "04.05.2025", "text_ru": TEXT},
            "city_id",
            "required, but empty",
            "обязательное поле не заполнено",
        ),
    ],
)
def test_one_cause_gives_one_message(data_dir, row, column, en, ru):
    result = preview(data_dir, row)
    [problem] = result.problems[0]  # not also contact_id, venue, format, spheres made from the missing text
    assert problem.column == column
    assert problem.message("en").endswith(en) and problem.message("ru").endswith(ru)


def test_an_unknown_sphere_lists_the_spheres_with_their_names(data_dir):
    result = preview(
        data_dir,
        {
            "city_id": "tehran",
            "date_start": "04.05.2025",
            "text_ru": TEXT,
            "spheres": "culture|cooking",
            "venue": "kazan",
            "format": "in_person",
        },
        {"city_id": "tehran", "date_start": "05.05.2025", "text_ru": TEXT + " 2", "venue": "moon"},
    )
    [sphere] = result.problems[0]
    assert "no such value — cooking" in sphere.message("en") and "culture (Culture)" in sphere.message("en")
    assert "нет такого значения — cooking" in sphere.message("ru") and "culture (Культура)" in sphere.message("ru")
    assert "urban_planning (Градостроительство)" in sphere.message("ru")
    [venue] = result.problems[1]
    assert "kazan (In Kazan)" in venue.message("en") and "kazan (В Казани)" in venue.message("ru")


def test_import_rows_are_the_files_rows(data_dir):
    """A blank line is a row in Excel: the rows after it keep the numbers Excel shows."""
    data = f"city_id;date_start;text_ru\ntehran;04.05.2025;{TEXT}\n\n;05.05.2025;Второй визит.\n".encode()
    result = editing.preview_import(data, "с_пропуском.csv", data_dir)
    assert result.sheet_rows == [2, 4]
    assert [p.row for p in result.problems[1]] == [4]
    assert result.rows.loc[1, "source_line"] == "4"


def test_undated_import_rows_are_listed_for_a_confirmation(data_dir):
    result = preview(
        data_dir,
        {"city_id": "tehran", "date_start": "", "text_ru": TEXT},
        {"city_id": "harbin", "date_start": "04.05.2025", "text_ru": "Визит делегации Харбина."},
    )
    assert result.undated == [2] and len(result.valid) == 2


# --- plurals ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, en, ru",
    [
        (1, "1 row changed", "изменена 1 строка"),
        (2, "2 rows changed", "изменены 2 строки"),
        (5, "5 rows changed", "изменено 5 строк"),
        (21, "21 rows changed", "изменена 21 строка"),
        (12, "12 rows changed", "изменено 12 строк"),
    ],
)
def test_counts_of_rows_use_proper_plurals(n, en, ru):
    assert plural(n, "plural.rows_changed", "en").format(n=n) == en
    assert plural(n, "plural.rows_changed", "ru").format(n=n) == ru
    assert "(s)" not in CATALOGUE["data.saved"]["en"] and "(s)" not in CATALOGUE["data.rows_changed"]["en"]


# --- the page -----------------------------------------------------------------------------------------------


def signed_in(data_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str, page: str = "data_add") -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = harness.run(page, lang=lang)
    at.text_input(key="signin_name").input(EDITOR_NAME)
    at.text_input(key="signin_secret").input(EDITOR_PASSWORD)
    return at.button(key="signin_submit").click().run()


def shown_problems(at: AppTest) -> list[str]:
    """The problem lines as the user reads them (the markdown source escapes "31." so it is no list number)."""
    return [
        re.sub(r"\\(.)", r"\1", line.removeprefix("- "))
        for m in at.markdown
        if m.value.startswith("- ")
        for line in m.value.split("\n")
    ]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_page_refuses_an_impossible_date_and_an_undated_contact_until_confirmed(data_dir, monkeypatch, lang):
    at = signed_in(data_dir, monkeypatch, lang)
    at.selectbox(key="ct_city").set_value("tehran")
    at.text_input(key="ct_start").input("31.02.2024")
    at.multiselect(key="ct_spheres").select("culture")
    at.text_area(key="ct_text").input(TEXT)
    at.button(key="ct_submit").click().run()
    assert not at.exception
    expected = {"en": "31.02.2024: there is no 31 February", "ru": "31.02.2024: в феврале нет 31-го числа"}
    assert shown_problems(at) == [expected[lang]]
    assert at.text_input(key="ct_start").value == "31.02.2024", "what was typed stays, unchanged"
    assert untouched(data_dir)

    at.text_input(key="ct_start").input("")
    at.button(key="ct_submit").click().run()
    assert shown_problems(at) == [t("edit.form.date_or_undated", lang)]
    assert untouched(data_dir)
    at.checkbox(key="ct_undated").check()
    at.button(key="ct_submit").click().run()
    assert not at.exception
    saved = {"en": "Saved to contacts.csv: 1 row changed.", "ru": "Сохранено в contacts.csv: изменена 1 строка."}
    assert [s.value for s in at.success] == [saved[lang]]
    [entry] = [json.loads(line) for line in (data_dir / editing.CHANGE_LOG).read_text(encoding="utf-8").splitlines()]
    assert entry["after"]["date_start"] == "" and entry["after"]["text_ru"] == TEXT


@pytest.mark.parametrize("query", ["", "Харбин"])
def test_the_correction_grid_numbers_rows_as_the_messages_do(data_dir, monkeypatch, query):
    contacts = editing.open_table(data_dir, "contacts").frame.copy()
    target = contacts.index[contacts["text_ru"].str.contains("Харбин")][3]
    contacts.loc[target, "date_start"] = "31.02.2024"
    (data_dir / "contacts.csv").write_bytes(editing.csv_bytes(contacts))
    [problem] = [p for p in editing.check_dataset(data_dir, {}) if p.file == "contacts.csv"]

    at = signed_in(data_dir, monkeypatch, "en", "data_correct")
    at.selectbox(key="fix_table").set_value("contacts").run()
    if query:
        at.text_input(key="fix_query_contacts").input(query).run()
    grid = next(d for d in at.dataframe if str(d.key).startswith("fix_editor_contacts")).value
    [shown_row] = grid.index[grid["date_start"] == "31.02.2024"]
    assert shown_row == problem.row == target + 2
    assert f"row {shown_row}," in problem.message("en")
    assert t("data.grid_rows_note", "en") in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_page_imports_undated_rows_only_when_confirmed(data_dir, monkeypatch, lang):
    at = signed_in(data_dir, monkeypatch, lang, "data_import")
    data = (
        f"city_id;date_start;text_ru\ntehran;;{TEXT}\nharbin;04.05.2025;Визит делегации Харбина.\n"
        "hefei;31.02.2024;Дата, которой нет.\n"
    ).encode("cp1251")
    at.get("file_uploader")[0].set_value(("новые.csv", data, "text/csv"))
    at.run()
    assert not at.exception
    [preview] = [d.value for d in at.dataframe if t("data.import_problems", lang) in d.value.columns]
    assert list(preview.index) == [2, 3, 4] and preview.index.name == t("data.grid_row", lang)
    expected = {
        "en": "новые.csv, row 4, column “date_start” (Start date): 31.02.2024: there is no 31 February",
        "ru": "новые.csv, строка 4, столбец «date_start» (Дата начала): 31.02.2024: в феврале нет 31-го числа",
    }
    assert preview.loc[4, t("data.import_problems", lang)] == expected[lang]
    assert t("data.import_undated", lang, rows="2") in [w.value for w in at.warning]
    assert at.button(key="imp_confirm").disabled, "undated rows wait for the confirmation"
    at.checkbox(key="imp_undated").check().run()
    at.button(key="imp_confirm").click().run()
    assert not at.exception
    saved = {"en": "Saved to contacts.csv: 2 rows changed.", "ru": "Сохранено в contacts.csv: изменены 2 строки."}
    assert [s.value for s in at.success] == [saved[lang]]
    contacts = load_dataset(data_dir).contacts
    assert TEXT in set(contacts["text_ru"]) and "Дата, которой нет." not in set(contacts["text_ru"])


def test_a_new_row_is_found_below_rows_others_appended_meanwhile():
    """When another editor's addition lands first, the form's row is further down the file: still the form's."""
    theirs = editing.Problem("edit.problem.required", {}, "contacts.csv", 72, "text_ru")
    mine = editing.Problem("edit.problem.duplicate_entry", {"first_row": "12"}, "contacts.csv", 74, "contact_id")
    shown = editing.for_form([theirs, mine], "contacts.csv", 73, ["text_ru"], ("contact_id",), appended=True)
    assert messages(shown, "en") == [
        "the same entry for this city is already in contacts.csv, row 12",
        ("contacts.csv, row 72, column “text_ru” (The entry (in Russian)): required, but empty"),
    ]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_an_empty_status_form_names_its_own_fields(data_dir, monkeypatch, lang):
    at = signed_in(data_dir, monkeypatch, lang)
    at.text_input(key="st_date").input("30.02.2025")
    at.button(key="st_submit").click().run()
    assert not at.exception
    expected = {
        "en": ["Choose an agreement.", "30.02.2025: there is no 30 February"],
        "ru": ["Выберите соглашение.", "30.02.2025: в феврале нет 30-го числа"],
    }
    assert shown_problems(at) == expected[lang]
    agreement = load_dataset(data_dir).agreements["agreement_id"][0]
    at.selectbox(key="st_agreement").set_value(agreement)
    at.text_input(key="st_date").input("28.02.2025")
    at.button(key="st_submit").click().run()
    required = {"en": "field “Source”: required, but empty", "ru": "поле «Источник»: обязательное поле не заполнено"}
    assert shown_problems(at) == [required[lang]]
    assert not (data_dir / editing.CHANGE_LOG).exists()


def test_every_problem_key_the_editing_code_names_is_in_the_catalogue():
    named = set()
    for module in (*(ROOT / "cooperation" / "editing").glob("*.py"), ROOT / "cooperation" / "uploads.py"):
        named |= set(re.findall(r"\"(edit\.(?:problem|form|notice)\.[a-z_]+)\"", module.read_text(encoding="utf-8")))
    assert len(named) > 30 and not sorted(k for k in named if k not in CATALOGUE)
