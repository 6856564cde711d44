"""The translation catalogue: every label the dashboard shows, in Russian and English, defined once.

Pages and figure builders never hold display text; they ask `t(key, lang)`. Vocabulary labels (spheres,
venues, formats, …) are keyed `<vocabulary>.<value>` so a test can check that every value of every
vocabulary in `cooperation.vocab` has both translations. Source texts (descriptions, contact entries)
are not translated: they are shown as written, in Russian.
"""
from __future__ import annotations

import datetime
import math
from collections.abc import Iterable

LANGS: tuple[str, ...] = ("ru", "en")
DEFAULT_LANG = "ru"

CATALOGUE: dict[str, dict[str, str]] = {
    # --- app and navigation
    "app.title": {"ru": "Международное сотрудничество Казани", "en": "Kazan's international cooperation"},
    "app.subtitle": {"ru": "Города-побратимы и партнёры: соглашения и контакты",
                     "en": "Twin and partner cities: agreements and contacts"},
    "nav.overview": {"ru": "Обзор", "en": "Overview"},
    "nav.map": {"ru": "Карта", "en": "Map"},
    "nav.timeline": {"ru": "Хронология", "en": "Timeline"},
    "nav.activity": {"ru": "Активность", "en": "Activity"},
    "nav.heading": {"ru": "Разделы", "en": "Pages"},
    "lang.label": {"ru": "Язык", "en": "Language"},
    "lang.ru": {"ru": "Русский", "en": "Русский"},
    "lang.en": {"ru": "English", "en": "English"},
    # --- vocabularies
    "sphere.governance": {"ru": "Управление", "en": "Governance"},
    "sphere.economy": {"ru": "Экономика", "en": "Economy"},
    "sphere.culture": {"ru": "Культура", "en": "Culture"},
    "sphere.education": {"ru": "Образование", "en": "Education"},
    "sphere.sport": {"ru": "Спорт", "en": "Sport"},
    "sphere.tourism": {"ru": "Туризм", "en": "Tourism"},
    "sphere.urban_planning": {"ru": "Градостроительство", "en": "Urban planning"},
    "sphere.digital": {"ru": "Цифровизация", "en": "Digital"},
    "sphere.health": {"ru": "Здравоохранение", "en": "Health"},
    "venue.kazan": {"ru": "В Казани", "en": "In Kazan"},
    "venue.partner": {"ru": "В городе-партнёре", "en": "In the partner city"},
    "venue.other": {"ru": "В другом месте", "en": "Elsewhere"},
    "venue.unknown": {"ru": "Место не указано", "en": "Place not stated"},
    "setting.kazan": {"ru": "В Казани", "en": "In Kazan"},
    "setting.partner": {"ru": "В городе-партнёре", "en": "In the partner city"},
    "setting.other": {"ru": "В другом месте", "en": "Elsewhere"},
    "setting.online": {"ru": "Онлайн", "en": "Online"},
    "setting.unknown": {"ru": "Не указано", "en": "Not stated"},
    "format.in_person": {"ru": "Очно", "en": "In person"},
    "format.online": {"ru": "Онлайн", "en": "Online"},
    "format.message": {"ru": "Обращение, поздравление", "en": "Message or greeting"},
    "format.unknown": {"ru": "Формат не указан", "en": "Format not stated"},
    "role.home": {"ru": "Родной город", "en": "Home city"},
    "role.partner": {"ru": "Город-партнёр", "en": "Partner city"},
    "role.co_party": {"ru": "Сторона соглашения", "en": "Co-party of an agreement"},
    "doc_type.agreement": {"ru": "Соглашение", "en": "Agreement"},
    "doc_type.memorandum": {"ru": "Меморандум", "en": "Memorandum"},
    "doc_type.treaty": {"ru": "Договор", "en": "Treaty"},
    "doc_type.protocol": {"ru": "Протокол", "en": "Protocol"},
    "relation.twinning": {"ru": "Побратимство", "en": "Twinning"},
    "relation.partnership": {"ru": "Партнёрство", "en": "Partnership"},
    "relation.friendship": {"ru": "Дружба", "en": "Friendship"},
    "relation.cooperation": {"ru": "Сотрудничество", "en": "Cooperation"},
    "relation.intent": {"ru": "Намерение", "en": "Intent"},
    "year_source.document": {"ru": "по документу", "en": "from the document"},
    "year_source.inferred": {"ru": "по записи о подписании", "en": "inferred from the signing entry"},
    "year_source.unknown": {"ru": "год неизвестен", "en": "year unknown"},
    "date_precision.day": {"ru": "день", "en": "day"},
    "date_precision.month": {"ru": "месяц", "en": "month"},
    "date_precision.year": {"ru": "год", "en": "year"},
    "recorded_status.active": {"ru": "Действует", "en": "Active"},
    "recorded_status.suspended": {"ru": "Приостановлено", "en": "Suspended"},
    "recorded_status.ended": {"ru": "Прекращено", "en": "Ended"},
    "recorded_status.renewed": {"ru": "Продлено", "en": "Renewed"},
    # --- generic
    "common.none": {"ru": "—", "en": "—"},
    "common.all": {"ru": "Все", "en": "All"},
    "common.contacts": {"ru": "Контакты", "en": "Contacts"},
    "common.year": {"ru": "Год", "en": "Year"},
    "common.country": {"ru": "Страна", "en": "Country"},
    "common.partner": {"ru": "Город-партнёр", "en": "Partner city"},
    "common.sphere": {"ru": "Сфера", "en": "Sphere"},
    "common.venue": {"ru": "Место", "en": "Venue"},
    "common.setting": {"ru": "Где и как", "en": "Where and how"},
    "common.format": {"ru": "Формат", "en": "Format"},
    "common.date": {"ru": "Дата", "en": "Date"},
    "common.period": {"ru": "Период", "en": "Period"},
    "common.entry": {"ru": "Запись (как в источнике)", "en": "Entry (as in the source, Russian)"},
    "common.event": {"ru": "Форум", "en": "Forum"},
    "common.source": {"ru": "Источник", "en": "Source"},
    "common.agreement": {"ru": "Соглашение", "en": "Agreement"},
    "common.agreements": {"ru": "Соглашения", "en": "Agreements"},
    "common.last_contact": {"ru": "Последний контакт", "en": "Last contact"},
    "common.download_csv": {"ru": "Скачать CSV", "en": "Download CSV"},
    "common.download_xlsx": {"ru": "Скачать Excel", "en": "Download Excel"},
    "common.empty": {"ru": "По выбранным фильтрам ничего не найдено. Измените или сбросьте фильтры.",
                     "en": "Nothing matches the selected filters. Change or reset them."},
    "error.data": {"ru": "Данные не прошли проверку, показать их нельзя. Что исправить:",
                   "en": "The data failed validation and cannot be shown. What to fix:"},
    "error.data_stale": {"ru": "Файлы данных изменились и не прошли проверку; показана последняя исправная версия. Проблемы: {problems}",
                         "en": "The data files changed and failed validation; the last good version is shown. Problems: {problems}"},
    "error.unexpected": {"ru": "Не удалось построить страницу. Сообщите администратору; подробности — в журнале сервера.",
                         "en": "This page could not be built. Tell the administrator; details are in the server log."},
    # --- filters
    "filters.heading": {"ru": "Фильтры", "en": "Filters"},
    "filters.years": {"ru": "Годы", "en": "Years"},
    "filters.year_from": {"ru": "Год «с»", "en": "Year “from”"},
    "filters.year_to": {"ru": "Год «по»", "en": "Year “to”"},
    "filters.countries": {"ru": "Страны", "en": "Countries"},
    "filters.partners": {"ru": "Города-партнёры", "en": "Partner cities"},
    "filters.spheres": {"ru": "Сферы", "en": "Spheres"},
    "filters.settings": {"ru": "Где и как проходили", "en": "Where and how"},
    "filters.reset": {"ru": "Сбросить фильтры", "en": "Reset filters"},
    "filters.none_active": {"ru": "Фильтры не заданы: показаны все данные", "en": "No filters: showing all data"},
    "filters.active": {"ru": "Фильтры — {summary}", "en": "Filters — {summary}"},
    "filters.ignored": {"ru": "В ссылке неизвестное значение фильтра «{what}»: «{value}» — оно пропущено.",
                        "en": "The link has an unknown value for “{what}”: “{value}” — it was ignored."},
    "filters.ignored_year": {"ru": "В ссылке недопустимый {what}: «{value}» (данные охватывают {low}–{high}) — пропущен.",
                             "en": "The link has an invalid {what}: “{value}” (the data covers {low}–{high}) — ignored."},
    "filters.swapped": {"ru": "Годы в ссылке были перепутаны; показан период {low}–{high}.",
                        "en": "The years in the link were reversed; showing {low}–{high}."},
    # --- coverage (issue 10)
    "coverage.page": {"ru": "Сайт мэрии Казани, список партнёров, стр. {pages} (снимок {snapshot})",
                      "en": "Kazan city website, partner list page {pages} (snapshot {snapshot})"},
    "coverage.pages": {"ru": "Сайт мэрии Казани, список партнёров, стр. {pages} (снимки до {snapshot})",
                       "en": "Kazan city website, partner list pages {pages} (snapshots to {snapshot})"},
    "coverage.unnumbered": {"ru": "Сайт мэрии Казани, список партнёров (снимок {snapshot})",
                            "en": "Kazan city website, partner list (snapshot {snapshot})"},
    "coverage.no_source": {"ru": "Источник не указан", "en": "Source not stated"},
    "coverage.partners_of": {"ru": "{n} из {total} партнёров ({as_of})", "en": "{n} of {total} partners ({as_of})"},
    "coverage.partners": {"ru": "{n} партнёров", "en": "{n} partners"},
    "coverage.last_contact": {"ru": "последний контакт: {date}", "en": "last contact {date}"},
    "coverage.no_contacts": {"ru": "контактов нет", "en": "no contacts"},
    "coverage.missing": {
        "ru": "Не все партнёры в данных. По данным «{source}» ({as_of}), у Казани {total} городов-побратимов и "
              "партнёров в {countries} странах; здесь — {n} из них в {n_countries} странах. Остальных {missing} "
              "нет в загруженных источниках: добавьте другие страницы списка командой "
              "`python -m cooperation.ingest --source ФАЙЛ …` или внесите их на странице редактирования данных.",
        "en": "Not every partner is in the data. According to “{source}” ({as_of}), Kazan has {total} twin and "
              "partner cities in {countries} countries; this dataset holds {n} of them in {n_countries} countries. "
              "The other {missing} are not in the loaded sources: add the other pages of the list with "
              "`python -m cooperation.ingest --source FILE …` or enter them on the data editing page."},
    # --- months (nominative, for axis and period labels)
    **{f"month.{i}": {"ru": ru, "en": en} for i, (ru, en) in enumerate(zip(
        ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
         "ноябрь", "декабрь"),
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December")), start=1)},
}


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **values: object) -> str:
    """The label for `key`; a missing key shows itself (never a crash), and the catalogue test fails."""
    entry = CATALOGUE.get(key)
    text = entry.get(normalise_lang(lang), key) if entry else key
    return text.format(**values) if values else text


def label(vocabulary: str, value: str, lang: str) -> str:
    """A vocabulary value's label: label("sphere", "culture", "en") → "Culture"."""
    return t(f"{vocabulary}.{value}", lang)


def labels(vocabulary: str, values: Iterable[str], lang: str) -> dict[str, str]:
    return {v: label(vocabulary, v, lang) for v in values}


def format_int(value: float | int | None, lang: str) -> str:
    """1 234 in Russian (narrow no-break space), 1,234 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.none", lang)
    text = f"{int(round(value)):,}"
    return text.replace(",", "\u202f") if normalise_lang(lang) == "ru" else text


def format_number(value: float | None, lang: str, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.none", lang)
    text = f"{value:,.{decimals}f}"
    if normalise_lang(lang) == "ru":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def month_name(month: int, lang: str) -> str:
    return t(f"month.{month}", lang)


def format_date(value: datetime.date | None, lang: str, precision: str = "day") -> str:
    """A date at the precision the source gives: "May 2023", not a made-up "1 May 2023"."""
    if value is None:
        return t("common.none", lang)
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{month_name(value.month, lang)} {value.year}"
    return value.strftime("%d.%m.%Y") if normalise_lang(lang) == "ru" else value.strftime("%-d %b %Y")


def format_period(start: datetime.date | None, end: datetime.date | None, precision: str, lang: str) -> str:
    if start is None:
        return t("common.none", lang)
    first = format_date(start, lang, precision)
    if end is None or end == start:
        return first
    last = format_date(end, lang, precision)
    return first if last == first else f"{first} – {last}"
