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
    "nav.partner": {"ru": "Профиль партнёра", "en": "Partner profile"},
    "nav.health": {"ru": "Состояние соглашений", "en": "Agreement health"},
    "nav.forums": {"ru": "Форумы", "en": "Forums"},
    "nav.planning": {"ru": "План на год", "en": "The year ahead"},
    "nav.present": {"ru": "Презентация", "en": "Presentation"},
    "nav.data": {"ru": "Данные и редактирование", "en": "Data and editing"},
    "nav.section.look": {"ru": "Разделы", "en": "Pages"},
    "nav.section.work": {"ru": "Работа", "en": "Work"},
    "common.more_notices": {"ru": "и ещё {n}", "en": "and {n} more"},
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
    "common.empty": {"ru": "По выбранным фильтрам ничего не найдено. Измените или сбросьте фильтры.",
                     "en": "Nothing matches the selected filters. Change or reset them."},
    "error.data": {"ru": "Данные не прошли проверку, показать их нельзя. Что исправить:",
                   "en": "The data failed validation and cannot be shown. What to fix:"},
    "error.fix_on_data_page": {"ru": "Исправить на странице данных", "en": "Fix them on the data page"},
    "error.data_stale": {"ru": "Файлы данных изменились и не прошли проверку; показана последняя исправная версия. Проблемы: {problems}",
                         "en": "The data files changed and failed validation; the last good version is shown. Problems: {problems}"},
    "error.page_not_found": {"ru": "Такой страницы нет — открыт обзор. Разделы дашборда — в меню слева.",
                             "en": "There is no such page — the overview is shown. The dashboard's pages are in the "
                                   "menu on the left."},
    "error.unexpected": {"ru": "Не удалось построить страницу. Сообщите администратору; подробности — в журнале сервера.",
                         "en": "This page could not be built. Tell the administrator; details are in the server log."},
    # --- pages
    "overview.title": {"ru": "Партнёрства Казани: обзор", "en": "Kazan's partnerships at a glance"},
    "overview.partners": {"ru": "Города-партнёры", "en": "Partner cities"},
    "overview.countries": {"ru": "Страны", "en": "Countries"},
    "overview.map": {"ru": "Партнёры на карте", "en": "Partners on the map"},
    "overview.latest": {"ru": "Последние контакты", "en": "Latest contacts"},
    "overview.coming_up": {"ru": "Скоро", "en": "Coming up"},
    "overview.nothing_coming": {"ru": "В ближайшие 12 месяцев дат нет.", "en": "Nothing dated in the next 12 months."},
    "overview.open_planning": {"ru": "Весь план на год", "en": "The whole year ahead"},
    "overview.national": {"ru": "Казань на фоне страны", "en": "Kazan against the national figures"},
    "map.title": {"ru": "Карта партнёрств", "en": "Map of partnerships"},
    "map.intro": {"ru": "Дуги связывают Казань с партнёрами: толщина — число контактов, цвет — вид отношений. "
                        "Нажмите на город, чтобы увидеть сводку.",
                  "en": "Arcs link Kazan to its partners: width shows the number of contacts, colour the kind of "
                        "relation. Click a city to see its summary."},
    "map.click_hint": {"ru": "Нажмите на город-партнёр на карте.", "en": "Click a partner city on the map."},
    "map.relation": {"ru": "Отношения", "en": "Relation"},
    "map.open_profile": {"ru": "Профиль партнёра", "en": "Partner profile"},
    "map.open_timeline": {"ru": "Контакты на хронологии", "en": "Its contacts on the timeline"},
    "timeline.title": {"ru": "Хронология контактов", "en": "Timeline of contacts"},
    "timeline.intro": {"ru": "Точки — датированные контакты, полосы — периоды («2002–2018», «апрель–май 2025»); "
                             "цвет — сфера, форма — формат.",
                       "en": "Points are dated contacts, bars are periods (“2002–2018”, “April–May 2025”); colour "
                             "shows the sphere, shape the format."},
    "timeline.table": {"ru": "Все контакты по фильтрам", "en": "All contacts matching the filters"},
    "timeline.search": {"ru": "Поиск по тексту", "en": "Search the entries"},
    "timeline.search_hint": {"ru": "например: шахмат, Харбин, 2019", "en": "e.g. шахмат, Harbin, 2019"},
    "timeline.rows": {"ru": "Строк: {n}", "en": "Rows: {n}"},
    "timeline.rows_newest": {"ru": "Показаны {n} самых новых из {total}; сузьте поиском или фильтрами. В файлах — показанные строки.",
                             "en": "The newest {n} of {total} are shown; narrow them with the search or the filters. The downloads hold the rows shown."},
    "timeline.date_as_written": {"ru": "Дата в источнике", "en": "Date as written"},
    "timeline.entry_help": {"ru": "Текст записи, как на сайте (по-русски)",
                            "en": "The entry as written on the website (Russian)"},
    "timeline.source_help": {"ru": "Файл источника и номер строки", "en": "Source file and line number"},
    "activity.title": {"ru": "Активность по странам и сферам", "en": "Activity by country and sphere"},
    "activity.intro": {"ru": "Сколько было контактов, где, в каких сферах и когда.",
                       "en": "How many contacts there were, where, in which spheres and when."},
    "activity.multi_sphere_note": {"ru": "Контакт, относящийся к нескольким сферам, учтён в каждой из них.",
                                   "en": "A contact that belongs to several spheres is counted in each of them."},
    # --- filters
    "filters.heading": {"ru": "Фильтры", "en": "Filters"},
    "filters.years": {"ru": "Годы", "en": "Years"},
    "filters.year_from": {"ru": "год начала периода", "en": "start year"},
    "filters.year_to": {"ru": "год окончания периода", "en": "end year"},
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
    "coverage.partners_of": {"ru": "{n} из {total} партнёров (по данным {source}, {as_of}: {url})",
                             "en": "{n} of {total} partners (per {source}, {as_of}: {url})"},
    "coverage.partners": {"ru": "{n} партнёров", "en": "{n} partners"},
    "coverage.last_contact": {"ru": "последний контакт: {date}", "en": "last contact {date}"},
    "coverage.no_contacts": {"ru": "контактов нет", "en": "no contacts"},
    "plural.twin_cities": {"ru": "город-побратим и партнёр|города-побратима и партнёра|городов-побратимов и партнёров",
                           "en": "twin and partner city|twin and partner cities"},
    "plural.in_countries": {"ru": "стране|странах|странах", "en": "country|countries"},
    "coverage.missing": {
        "ru": "Не все партнёры в данных. По данным «{source}» ({as_of}, {url}), у Казани {total} {cities} "
              "в {countries} {in_countries}; здесь — {n} из них в {n_countries} {in_n_countries}. Остальных {missing} "
              "нет в загруженных источниках: добавьте другие страницы списка командой "
              "`python -m cooperation.ingest --source ФАЙЛ …` или внесите их на странице редактирования данных.",
        "en": "Not every partner is in the data. According to “{source}” ({as_of}, {url}), Kazan has {total} {cities} "
              "in {countries} {in_countries}; this dataset holds {n} of them in {n_countries} {in_n_countries}. "
              "The other {missing} are not in the loaded sources: add the other pages of the list with "
              "`python -m cooperation.ingest --source FILE …` or enter them on the data editing page."},
    # --- map builders (cooperation/maps.py)
    "map.tooltip_contacts": {"ru": "Контактов: {count}", "en": "Contacts: {count}"},
    "map.tooltip_last_contact": {"ru": "Последний контакт: {date}", "en": "Last contact: {date}"},
    "map.no_agreements": {"ru": "Соглашений в данных нет", "en": "No agreements in the data"},
    "map.unplaced": {"ru": "Ещё не размещены на карте (нет координат): {names}. Чтобы разместить, добавьте "
                           "строку в data/reference/city_overrides.csv",
                     "en": "Not placed yet (no coordinates): {names}. To place them, add a row to "
                           "data/reference/city_overrides.csv"},
    "map.alt": {"ru": "Карта: дуги от города {home} к городам-партнёрам ({count}), толщина — число контактов",
                "en": "Map: arcs from {home} to its partner cities ({count}), width by number of contacts"},
    # --- planning items and their calendar export (cooperation.planning, cooperation.export.ics)
    "plan.shown_of": {"ru": "Показаны первые {shown} из {total}; в файле календаря — все.",
                      "en": "The first {shown} of {total} are shown; the calendar file holds them all."},
    "plan.show_more": {"ru": "Показать ещё {n}", "en": "Show {n} more"},
    "plan.kind.agreement_anniversary": {"ru": "Годовщина соглашения", "en": "Agreement anniversary"},
    "plan.kind.first_contact_anniversary": {"ru": "Годовщина первого контакта", "en": "First-contact anniversary"},
    "plan.kind.forum_due": {"ru": "Очередной форум", "en": "Forum due"},
    "plan.title.agreement_anniversary": {"ru": "{partner}: {years} лет со дня подписания ({doc}, {year})",
                                         "en": "{partner}: {years}th anniversary of the {doc} ({year})"},
    "plan.title.first_contact_anniversary": {"ru": "{partner}: {years} лет с первого известного контакта ({year})",
                                             "en": "{partner}: {years} years since the first recorded contact ({year})"},
    "plan.title.forum_due": {"ru": "{forum}: срок очередного форума — {due}",
                             "en": "{forum}: next edition expected by {due}"},
    "plan.title.follow_up": {"ru": "{partner}: возобновить контакт", "en": "{partner}: follow up"},
    "plan.reason.agreement_anniversary.day": {"ru": "Дата подписания — {signed}, по записи о контакте.",
                                              "en": "Signed on {signed}, according to the contact record."},
    "plan.reason.agreement_anniversary.day_range": {
        "ru": "Подписано в ходе контакта {signed} (по записи о контакте); годовщина — по его первому дню.",
        "en": "Signed during the contact of {signed} (per the contact record); the anniversary is put on its first day."},
    "plan.reason.agreement_anniversary.year": {
        "ru": "Подписано в {year} году ({year_source}). Известен только год — точная дата годовщины неизвестна.",
        "en": "Signed in {year} ({year_source}). Only the year is known, not the exact anniversary date."},
    "plan.reason.first_contact_anniversary": {"ru": "Первый контакт с городом в данных — {first}.",
                                              "en": "First contact with the city on record: {first}."},
    "plan.only_year": {"ru": "известен только год", "en": "only the year is known"},
    "plan.only_month": {"ru": "известен только месяц", "en": "only the month is known"},
    "plan.calendar_name": {"ru": "Международное сотрудничество Казани: даты",
                           "en": "Kazan's international cooperation: dates"},
    # --- figure builders (cooperation/charts.py) and national comparison rows (cooperation/metrics.py)
    "charts.no_data": {"ru": "Нет данных для графика при выбранных фильтрах",
                       "en": "No data to chart for the selected filters"},
    "charts.multi_sphere_note": {"ru": "Контакт с несколькими сферами учтён в каждой из них",
                                 "en": "A contact with several spheres counts in each of them"},
    "charts.start_year_note": {"ru": "Контакт за период учтён в год начала",
                               "en": "A contact over a period counts in its start year"},
    "charts.per_year_by_sphere.title": {"ru": "Контакты по годам и сферам", "en": "Contacts per year by sphere"},
    "charts.top_partners.title": {"ru": "Города-партнёры по числу контактов",
                                  "en": "Partner cities by number of contacts"},
    "charts.by_country.title": {"ru": "Города-партнёры и контакты по странам",
                                "en": "Partner cities and contacts by country"},
    "charts.sphere_totals.title": {"ru": "Контакты по сферам", "en": "Contacts by sphere"},
    "charts.top_countries": {
        "ru": "Показаны {n} из {total} стран — с наибольшим числом контактов; остальные — через фильтры",
        "en": "The {n} of {total} countries with the most contacts; choose others in the filters"},
    "charts.sphere_year.title": {"ru": "Сферы контактов по годам", "en": "Spheres of contacts by year"},
    "charts.country_sphere.title": {"ru": "Сферы контактов по странам", "en": "Spheres of contacts by country"},
    "charts.setting_by_year.title": {"ru": "Где проходили контакты: в Казани, за рубежом, онлайн",
                                     "en": "Where contacts took place: in Kazan, abroad, online"},
    "charts.timeline.title": {"ru": "Контакты с городами-партнёрами во времени",
                              "en": "Contacts with partner cities over time"},
    "charts.timeline.note": {"ru": "Цвет — первая сфера контакта, форма — формат; полосы — контакты за период",
                             "en": "Colour: the contact's first sphere; shape: its format; bars: contacts over a period"},
    "charts.timeline.note_chosen": {
        "ru": "Цвет — первая из выбранных сфер контакта, форма — формат; полосы — контакты за период",
        "en": "Colour: the first of the chosen spheres the contact touches; shape: its format; bars: contacts over a period"},
    "charts.timeline.top_partners": {
        "ru": "Показаны {shown} из {total} городов — с наибольшим числом контактов; остальные — через фильтры",
        "en": "The {shown} of {total} cities with the most contacts; choose others in the filters"},
    "charts.timeline.aggregated_month": {
        "ru": "Контактов больше {limit}: отметка объединяет контакты города за месяц (цвет и форма — самые частые)",
        "en": "Over {limit} contacts: each mark sums a city's contacts in a month (most frequent colour and shape)"},
    "charts.timeline.aggregated_year": {
        "ru": "Контактов больше {limit}: отметка объединяет контакты города за год (цвет и форма — самые частые)",
        "en": "Over {limit} contacts: each mark sums a city's contacts in a year (most frequent colour and shape)"},
    "charts.national.title": {"ru": "Казань и партнёрства городов России", "en": "Kazan and Russia's city partnerships"},
    "charts.national.note": {"ru": "Данные по стране — из новостных сообщений, на указанную дату",
                             "en": "National figures come from news items, as of the date shown"},
    "charts.national.legend": {"ru": "Чьи данные", "en": "Figure for"},
    "charts.national.side.kazan": {"ru": "Казань", "en": "Kazan"},
    "charts.national.side.national": {"ru": "Россия в целом", "en": "Russia as a whole"},
    "charts.partners": {"ru": "Города-партнёры", "en": "Partner cities"},
    "charts.spheres": {"ru": "Сферы", "en": "Spheres"},
    "charts.share": {"ru": "Доля контактов", "en": "Share of contacts"},
    "charts.value": {"ru": "Значение", "en": "Value"},
    "charts.as_of": {"ru": "На дату", "en": "As of"},
    "charts.main_sphere": {"ru": "Чаще всего сфера", "en": "Most frequent sphere"},
    "charts.main_format": {"ru": "Чаще всего формат", "en": "Most frequent format"},
    "national.partner_cities_known": {"ru": "Казань: города-партнёры, всего", "en": "Kazan: partner cities, total"},
    "national.countries_known": {"ru": "Казань: страны, всего", "en": "Kazan: countries, total"},
    "national.agreements_known": {"ru": "Казань: соглашения, всего", "en": "Kazan: agreements, total"},
    "national.partnership_links": {"ru": "{a} — {b}: связи городов-партнёров", "en": "{a}–{b}: city partnership links"},
    "national.twinned_cities_a": {"ru": "{a} — {b}: города-побратимы ({a})", "en": "{a}–{b}: twinned cities in {a}"},
    # --- agreement health (cooperation.health)
    "health_status.active": {"ru": "Активно", "en": "Active"},
    "health_status.renewed": {"ru": "Продлено", "en": "Renewed"},
    "health_status.slowing": {"ru": "Затухает", "en": "Slowing"},
    "health_status.dormant": {"ru": "«Спящее»", "en": "Dormant"},
    "health_status.never_activated": {"ru": "Не реализовано", "en": "Never activated"},
    "health_status.suspended": {"ru": "Приостановлено", "en": "Suspended"},
    "health_status.ended": {"ru": "Прекращено", "en": "Ended"},
    "status_origin.computed": {"ru": "Рассчитан по контактам", "en": "Computed from contacts"},
    "status_origin.recorded": {"ru": "Записан сотрудниками", "en": "Recorded by staff"},
    "trend.rising": {"ru": "Растёт", "en": "Rising"},
    "trend.flat": {"ru": "Без изменений", "en": "Flat"},
    "trend.falling": {"ru": "Снижается", "en": "Falling"},
    "health.chart_title": {"ru": "Статус партнёрств: сколько прошло с последнего контакта",
                           "en": "Partnership status: time since the last contact"},
    "health.x_axis": {"ru": "Лет с последнего контакта (если контактов нет — с подписания)",
                      "en": "Years since the last contact (no contacts: since signing)"},
    "health.years_since_last": {"ru": "Лет с последнего контакта", "en": "Years since the last contact"},
    "health.line_active": {"ru": "окно «активно»: {years} г.", "en": "active window: {years} yr"},
    "health.line_dormant": {"ru": "«спящее»: > {years} г.", "en": "dormant: > {years} yr"},
    "health.legend_recorded": {"ru": "Статус записан сотрудниками", "en": "Status recorded by staff"},
    "health.legend_since_signing": {"ru": "Контактов нет: лет с подписания",
                                    "en": "No contacts: years since signing"},
    "health.no_contact_since_signing": {"ru": "Контактов нет — отсчёт от подписания",
                                        "en": "No contacts — counted from signing"},
    "health.recorded_summary": {"ru": "{status} · {date} · источник: {source}",
                                "en": "{status} · {date} · source: {source}"},
    # --- forums (cooperation.forums)
    "attendance.in_person": {"ru": "Очно", "en": "In person"},
    "attendance.online": {"ru": "Онлайн", "en": "Online"},
    "attendance.unknown": {"ru": "Участвовал, формат не указан", "en": "Took part, format not stated"},
    "forums.chart_title": {"ru": "Участие городов-партнёров в форумах Казани",
                           "en": "Partner cities at Kazan's forums"},
    "forums.edition": {"ru": "Форум и год", "en": "Forum edition"},
    "forums.chart_latest": {"ru": "Показаны последние {shown} выпусков из {total}; все — в таблице выпусков",
                            "en": "The latest {shown} of {total} editions are shown; all are in the editions table"},
    "forums.chart_top": {"ru": "Показаны {shown} из {total} партнёров, участвовавших в форумах; все — в таблице ниже",
                         "en": "{shown} of the {total} partners that took part are shown; all are in the table below"},
    "forums.not_invited_since": {"ru": "Участвовали раньше, с тех пор — нет",
                                 "en": "Came before, not since"},
    "forums.nobody": {"ru": "Никто из выбранных партнёров не участвовал в форумах",
                      "en": "None of the selected partners took part in a forum"},
    # --- partner briefing (cooperation.export.briefing)
    "briefing.kicker": {"ru": "Справка о городе-партнёре", "en": "Partner city briefing"},
    "briefing.as_of": {"ru": "по состоянию на {date}", "en": "as of {date}"},
    "briefing.facts": {"ru": "Основные сведения", "en": "Key facts"},
    "briefing.population": {"ru": "Население", "en": "Population"},
    "briefing.area": {"ru": "Площадь", "en": "Area"},
    "briefing.area_value": {"ru": "{area} км²", "en": "{area} km²"},
    "briefing.founded": {"ru": "Основан", "en": "Founded"},
    "briefing.year_bc": {"ru": "{year} до н. э.", "en": "{year} BC"},
    "briefing.time_zone": {"ru": "Часовой пояс", "en": "Time zone"},
    "briefing.tz_ahead": {"ru": "на {hours} ч впереди Казани", "en": "{hours} h ahead of Kazan"},
    "briefing.tz_behind": {"ru": "на {hours} ч позади Казани", "en": "{hours} h behind Kazan"},
    "briefing.tz_same": {"ru": "как в Казани", "en": "same as Kazan"},
    "briefing.website": {"ru": "Сайт", "en": "Website"},
    "briefing.status": {"ru": "Статус партнёрства", "en": "Partnership status"},
    "briefing.status_detail": {
        "ru": "Последний контакт: {date} ({ago}); контактов за 3 года: {recent}; динамика: {trend}.",
        "en": "Last contact: {date} ({ago}); contacts in the last 3 years: {recent}; trend: {trend}."},
    "briefing.ago.recent": {"ru": "меньше месяца назад", "en": "less than a month ago"},
    "briefing.ago.months": {"ru": "{n} {months} назад", "en": "{n} {months} ago"},
    "briefing.ago.years": {"ru": "{years} г. назад", "en": "{years} years ago"},
    "plural.months": {"ru": "месяц|месяца|месяцев", "en": "month|months"},
    "briefing.status_no_contacts": {"ru": "Контактов после подписания в данных нет.",
                                    "en": "No contacts since the signing in the data."},
    "briefing.status_recorded": {"ru": "Записан сотрудниками: {summary}{note}. По контактам: {computed}.",
                                 "en": "Recorded by staff: {summary}{note}. From the contacts: {computed}."},
    "briefing.no_agreements": {"ru": "Соглашений в данных нет", "en": "No agreements in the data"},
    "briefing.document": {"ru": "Документ", "en": "Document"},
    "briefing.title_as_written": {"ru": "Название (как в источнике)", "en": "Title (Russian, as in the source)"},
    "briefing.recorded_status": {"ru": "Записанный статус", "en": "Recorded status"},
    "briefing.last_contacts": {"ru": "Последние контакты", "en": "Latest contacts"},
    "briefing.contacts_shown": {"ru": "Показано {shown} из {total}", "en": "{shown} of {total} shown"},
    "briefing.no_contacts": {"ru": "Контактов в данных нет", "en": "No contacts in the data"},
    "briefing.date_as_written": {"ru": "Дата в источнике", "en": "Date as written"},
    "briefing.how_where": {"ru": "Формат и место", "en": "Format and place"},
    "briefing.spheres": {"ru": "Сферы сотрудничества (число контактов)", "en": "Spheres of cooperation (contacts)"},
    "briefing.organisations": {"ru": "Общие с Казанью международные организации",
                               "en": "International organisations shared with Kazan"},
    "briefing.no_organisations": {"ru": "В данных нет", "en": "None in the data"},
    "briefing.since": {"ru": "с {year} г.", "en": "since {year}"},
    "briefing.description": {"ru": "Описание (как в источнике)", "en": "Description (Russian, as in the source)"},
    "briefing.generated": {"ru": "Подготовлено в дашборде «{app}»", "en": "Prepared with the “{app}” dashboard"},
    "briefing.coming_up": {"ru": "Ближайшие 12 месяцев", "en": "The next 12 months"},
    "briefing.nothing_coming_up": {"ru": "Годовщин, ожидаемых форумов и напоминаний о контакте в ближайшие 12 месяцев нет",
                                   "en": "No anniversaries, forums due or follow-ups in the next 12 months"},
    "briefing.original_language": {
        "ru": "Записи о контактах, названия документов и описание приведены на русском, как в источнике.",
        "en": "Contact entries, document titles and the description are quoted in Russian, the language of the "
              "source; everything else is translated."},
    "briefing.entry_as_written": {"ru": "Запись (как в источнике)", "en": "Entry (Russian, as in the source)"},
    "briefing.what": {"ru": "Что", "en": "What"},
    "briefing.why": {"ru": "Основание", "en": "Why"},
    "briefing.footer": {"ru": "{scope} · последний контакт с этим городом: {last}",
                        "en": "{scope} · last contact with this city: {last}"},
    "briefing.footer_no_contacts": {"ru": "{scope} · контактов с этим городом в данных нет",
                                    "en": "{scope} · no contacts with this city in the data"},
    "briefing.download_failed": {"ru": "Файл {file} собрать не удалось; остальная страница работает. Причина записана в журнал сервера.",
                                 "en": "The {file} file could not be built; the rest of the page works. The cause is in the server log."},
    # --- downloadable files (cooperation/export/)
    "export.csv_excel": {"ru": "CSV для Excel (;)", "en": "CSV for Excel (;)"},
    "export.csv_plain": {"ru": "CSV (запятая)", "en": "CSV (comma)"},
    "export.xlsx": {"ru": "Excel", "en": "Excel"},
    "export.about_file": {"ru": "О файлах (.txt)", "en": "About the files (.txt)"},
    "export.note": {"ru": "«CSV для Excel» открывается двойным щелчком в русском Excel (точка с запятой, UTF-8 с BOM); "
                          "«CSV (запятая)» — для программ и таблиц с запятой. Что это за таблица (фильтры, поиск, "
                          "источник) — на листе «about» книги Excel и в файле «О файлах».",
                    "en": "“CSV for Excel” opens with a double click in Excel set to Russian (semicolons, UTF-8 "
                          "with BOM); “CSV (comma)” is for scripts and comma spreadsheets. What the table is "
                          "(filters, search, source) is on the workbook's “about” sheet and in “About the files”."},
    "export.about.table": {"ru": "Таблица", "en": "Table"},
    "export.about.rows": {"ru": "Строк", "en": "Rows"},
    "export.about.filters": {"ru": "Фильтры", "en": "Filters"},
    "export.about.search": {"ru": "Поиск", "en": "Search"},
    "export.about.no_search": {"ru": "без поиска", "en": "no search"},
    "export.about.source": {"ru": "Источник", "en": "Source"},
    "export.about.generated": {"ru": "Выгружено", "en": "Exported"},
    "export.about.formulas": {"ru": "Текст, похожий на формулу", "en": "Text that looks like a formula"},
    "export.about.formulas_note": {
        "ru": "Ячейки, которые начинаются с = + - @, табуляции или перевода каретки, в CSV предварены апострофом, "
              "в Excel записаны как текст: таблица их не выполняет. Управляющие символы удалены.",
        "en": "Cells beginning with = + - @, a tab or a carriage return are led by an apostrophe in the CSV and "
              "stored as text in the workbook, so no spreadsheet runs them. Control characters are removed."},
    "export.zip_about": {
        "ru": "Таблицы данных дашборда, как их пишут загрузка и страница «Данные» (запятая, UTF-8). Ячейки, "
              "которые таблица выполнила бы как формулу (начинаются с = + - @, табуляции или перевода каретки), "
              "предварены апострофом; остальное — в точности как на диске.",
        "en": "The dashboard's data tables as the ingest and the Data page write them (comma, UTF-8). Cells a "
              "spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage return) are led by "
              "an apostrophe; everything else is exactly as on disk."},
    # --- data editing page (issue 6: pages/data.py, cooperation/editing.py)
    "data.title": {"ru": "Данные: добавление, исправление, импорт, выгрузка", "en": "Data: add, correct, import, export"},
    "data.intro": {"ru": "Каждое сохранение проверяется теми же правилами, что и при загрузке дашборда; прежняя версия файла сохраняется в data/backups/, изменение — в журнале data/changes.log.",
                   "en": "Every save is checked by the same rules the dashboard loads with; the previous version of the file is kept in data/backups/ and the change in the log data/changes.log."},
    "data.read_only": {"ru": "Редактирование выключено: секрет редактора не задан (editor_secret в .streamlit/secrets.toml или переменная окружения COOPERATION_EDITOR_SECRET). Данные можно только смотреть и выгружать.",
                       "en": "Editing is off: no editor secret is configured (editor_secret in .streamlit/secrets.toml or the COOPERATION_EDITOR_SECRET environment variable). The data can only be viewed and exported."},
    "data.signin.heading": {"ru": "Вход для редактора", "en": "Editor sign-in"},
    "data.signin.name": {"ru": "Ваше имя (для журнала изменений)", "en": "Your name (for the change log)"},
    "data.signin.secret": {"ru": "Секрет редактора", "en": "Editor secret"},
    "data.signin.submit": {"ru": "Войти", "en": "Sign in"},
    "data.signin.name_required": {"ru": "Укажите имя: оно записывается в журнал изменений.", "en": "Enter your name: it is written to the change log."},
    "data.signin.failed": {"ru": "Неверный секрет. Следующая попытка — не раньше чем через {seconds} с.", "en": "Wrong secret. The next attempt is accepted in {seconds} s at the earliest."},
    "data.signin.wait": {"ru": "Слишком много неудачных попыток: подождите {seconds} с.", "en": "Too many failed attempts: wait {seconds} s."},
    "data.signed_in_as": {"ru": "Вы вошли как {name}", "en": "Signed in as {name}"},
    "data.sign_out": {"ru": "Выйти", "en": "Sign out"},
    "data.ingest_note": {"ru": "Контакты, города и соглашения пересобирает из источников команда python -m cooperation.ingest. Добавления, исправления и удаления, сделанные здесь, хранятся отдельно (data/staff/) и применяются поверх каждой пересборки: их не нужно вносить снова.",
                         "en": "Contacts, cities and agreements are rebuilt from the sources by python -m cooperation.ingest. Additions, corrections and removals made here are kept apart (data/staff/) and applied on top of every rebuild: they never need to be made again."},
    "data.tab_contact": {"ru": "Новый контакт", "en": "New contact"},
    "data.tab_city": {"ru": "Город", "en": "City"},
    "data.tab_agreement": {"ru": "Соглашение", "en": "Agreement"},
    "data.tab_status": {"ru": "Статус соглашения", "en": "Agreement status"},
    "data.tab_correct": {"ru": "Исправить строки", "en": "Correct rows"},
    "data.tab_import": {"ru": "Импорт контактов", "en": "Import contacts"},
    "data.choose": {"ru": "Выберите…", "en": "Choose…"},
    "data.choose_city": {"ru": "Какой город", "en": "Which city"},
    "data.new_city": {"ru": "— новый город —", "en": "— a new city —"},
    "data.choose_agreement": {"ru": "Какое соглашение", "en": "Which agreement"},
    "data.new_agreement": {"ru": "— новое соглашение —", "en": "— a new agreement —"},
    "data.add_contact": {"ru": "Добавить контакт", "en": "Add the contact"},
    "data.save": {"ru": "Сохранить", "en": "Save"},
    "data.record_status": {"ru": "Записать статус", "en": "Record the status"},
    "data.saved": {"ru": "Сохранено в {file}: {changes}.", "en": "Saved to {file}: {changes}."},
    "data.not_saved": {"ru": "Ничего не сохранено. Исправьте:", "en": "Nothing was saved. Please fix:"},
    "data.no_changes": {"ru": "Изменений нет — записывать нечего.", "en": "Nothing has changed, so nothing was written."},
    "data.more_problems": {"ru": "…и ещё {n}", "en": "…and {n} more"},
    "data.conflict": {"ru": "Файл изменился с тех пор, как вы его открыли (сохранил кто-то другой). Ничего не записано: обновите данные и повторите правку.",
                      "en": "The file has changed since you opened it (someone else saved). Nothing was written: reload the data and make your change again."},
    "data.reload": {"ru": "Обновить данные с диска", "en": "Reload from disk"},
    "data.date_end_help": {"ru": "Пусто — один день (или месяц, год при такой точности)", "en": "Empty: a single day (or month, year at that precision)"},
    "data.date_text_help": {"ru": "Как дата записана в источнике; пусто — составится из дат", "en": "The date as the source writes it; empty: made from the dates"},
    "data.source_help": {"ru": "Откуда сведения: ссылка или документ", "en": "Where this comes from: a link or a document"},
    "data.city_id_help": {"ru": "Латиницей; пусто — из английского названия", "en": "Latin letters; empty: made from the English name"},
    "data.iso2_help": {"ru": "Двухбуквенный код страны: CN, IR, IT…", "en": "Two-letter country code: CN, IR, IT…"},
    "data.parties_help": {"ru": "Все города — стороны документа, включая Казань", "en": "Every city party to the document, Kazan included"},
    "data.status_intro": {"ru": "Статус по документу, которого нет на сайте (продление, приостановка, прекращение). Источник обязателен.",
                          "en": "A status from a document the site does not show (renewal, suspension, ending). The source is required."},
    "data.status_source_help": {"ru": "Документ или ссылка, подтверждающие статус", "en": "The document or link that states the status"},
    "data.table": {"ru": "Таблица", "en": "Table"},
    "data.find_rows": {"ru": "Найти строки", "en": "Find rows"},
    "data.find_rows_help": {"ru": "Показать только строки, содержащие этот текст", "en": "Show only the rows containing this text"},
    "data.too_many_rows": {"ru": "Строк: {n}; показаны первые {limit}. Сузьте поиск.", "en": "{n} rows; the first {limit} are shown. Narrow the search."},
    "data.rows_changed": {"ru": "Изменения: {changes}", "en": "Changes: {changes}"},
    "data.save_changes": {"ru": "Проверить и сохранить", "en": "Check and save"},
    "data.import_intro": {"ru": "Файл CSV или Excel с новыми контактами: обязательны столбцы city_id и text_ru, остальные столбцы — как в contacts.csv; пропущенные место, формат и сферы определяются по тексту. Сначала — проверка, запись — только по кнопке.",
                          "en": "A CSV or Excel file of new contacts: city_id and text_ru are required, other columns as in contacts.csv; a missing venue, format or spheres are found from the text. First a check; written only when you confirm."},
    "data.import_file": {"ru": "Файл с контактами", "en": "File of contacts"},
    "data.import_file_problems": {"ru": "Файл нельзя импортировать:", "en": "The file cannot be imported:"},
    "data.import_ignored": {"ru": "Неизвестные столбцы пропущены: {columns}", "en": "Unknown columns ignored: {columns}"},
    "data.import_problems": {"ru": "Проверка", "en": "Check"},
    "data.import_ok": {"ru": "в порядке", "en": "OK"},
    "data.import_summary": {"ru": "Можно импортировать {valid} из {total} {rows}; строки с ошибками не будут записаны.", "en": "{valid} of {total} {rows} can be imported; rows with problems will not be written."},
    "data.import_confirm": {"ru": "Импортировать {n} {rows}", "en": "Import {n} {rows}"},
    "plural.rows_to_import": {"ru": "строку|строки|строк", "en": "row|rows"},
    # --- data entry: forms, imports and their limits (issue 20 item 6, issue 21 item 2)
    "plural.rows_changed": {"ru": "изменена {n} строка|изменены {n} строки|изменено {n} строк", "en": "{n} row changed|{n} rows changed"},
    "plural.rows_of": {"ru": "строки|строк|строк", "en": "row|rows"},
    "data.grid_row": {"ru": "Строка", "en": "Row"},
    "data.grid_rows_note": {"ru": "Номера строк — как в файле, открытом в Excel (строка 1 — заголовок); сообщения об ошибках называют те же номера.",
                            "en": "Row numbers are as in the file opened in Excel (row 1 is the header); problem messages name the same numbers."},
    "data.date_help": {"ru": "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, как написано в источнике; дата сохраняется только как введена",
                       "en": "DD.MM.YYYY or YYYY-MM-DD, as the source gives it; the date is saved only as typed"},
    "data.date_placeholder": {"ru": "ДД.ММ.ГГГГ", "en": "YYYY-MM-DD"},
    "data.undated": {"ru": "Дата неизвестна — сохранить контакт без даты", "en": "The date is not known — save the contact without a date"},
    "data.undated_help": {"ru": "Контакт без даты не попадёт в хронологию и подсчёты по годам",
                          "en": "A contact without a date is left out of the timeline and of every count per year"},
    "data.import_cleaned": {"ru": "Из ячеек убраны невидимые управляющие символы (текст сохранится без них):", "en": "Invisible control characters were removed from these cells (the text is saved without them):"},
    "data.import_undated": {"ru": "Без даты: {rows}. Такие контакты не попадут в хронологию и подсчёты по годам.",
                            "en": "Without a date: {rows}. Such contacts are left out of the timeline and of every count per year."},
    "data.import_undated_confirm": {"ru": "Импортировать и строки без даты", "en": "Import the rows without a date too"},
    "data.import_limits": {"ru": "Пределы одного импорта: {size} МБ после распаковки, {rows} строк, {columns} столбцов, {chars} символов в ячейке.",
                           "en": "Limits of one import: {size} MB unpacked, {rows} rows, {columns} columns, {chars} characters per cell."},
    "edit.form.choose_city": {"ru": "Выберите город.", "en": "Choose a city."},
    "edit.form.choose_agreement": {"ru": "Выберите соглашение.", "en": "Choose an agreement."},
    "edit.form.choose_sphere": {"ru": "Выберите хотя бы одну сферу.", "en": "Choose at least one sphere."},
    "edit.form.write_text": {"ru": "Напишите текст записи.", "en": "Write the entry’s text."},
    "edit.form.date_or_undated": {"ru": "Укажите дату начала или отметьте «Дата неизвестна».", "en": "Enter the start date, or tick “The date is not known”."},
    "edit.form.end_without_start": {"ru": "Указана только дата окончания — укажите и дату начала.", "en": "Only the end date is given — enter the start date too."},
    "edit.form.end_before_start": {"ru": "Дата окончания раньше даты начала.", "en": "The end date is before the start date."},
    "edit.problem.no_such_day": {"ru": "{value}: в {month} нет {day}-го числа", "en": "{value}: there is no {day} {month}"},
    "edit.problem.no_leap_day": {"ru": "{value}: в феврале {year} года нет 29-го числа", "en": "{value}: there is no 29 February in {year}"},
    "edit.problem.no_such_month": {"ru": "{value}: месяца {month} нет (месяцы — от 1 до 12)", "en": "{value}: there is no month {month} (months are 1 to 12)"},
    "edit.problem.duplicate_in_file": {"ru": "«{value}» повторяет строку {first_row} этого файла", "en": "“{value}” repeats row {first_row} of this file"},
    "edit.problem.duplicate_entry": {"ru": "та же запись об этом городе уже есть в contacts.csv, строка {first_row}", "en": "the same entry for this city is already in contacts.csv, row {first_row}"},
    "edit.problem.duplicate_entry_in_file": {"ru": "та же запись об этом городе — в строке {first_row} этого файла", "en": "the same entry for this city is in row {first_row} of this file"},
    "edit.problem.control_chars": {"ru": "содержит невидимые управляющие символы ({chars}) — удалите их", "en": "holds invisible control characters ({chars}) — remove them"},
    "edit.notice.cleaned": {"ru": "убрано: {chars}", "en": "removed: {chars}"},
    "edit.problem.too_big": {"ru": "файл занимает {size} МБ, а можно не больше {limit} МБ — разделите его", "en": "the file is {size} MB; at most {limit} MB — split it"},
    "edit.problem.too_big_unpacked": {"ru": "после распаковки книга занимает {size} МБ, а можно не больше {limit} МБ — разделите её или сохраните как CSV",
                                      "en": "unpacked, the workbook takes {size} MB; at most {limit} MB — split it or save it as CSV"},
    "edit.problem.too_many_columns": {"ru": "больше {limit} столбцов — удалите лишние столбцы", "en": "more than {limit} columns — delete the extra columns"},
    "edit.problem.cell_too_long": {"ru": "в ячейке больше {limit} символов — сократите текст", "en": "the cell holds more than {limit} characters — shorten it"},
    "edit.problem.overlong_row": {"ru": "в строке больше ячеек, чем в заголовке — удалите ячейки правее таблицы", "en": "the row has more cells than the header — delete the cells right of the table"},
    "edit.problem.repeated_column": {"ru": "столбец назван в заголовке дважды", "en": "the header names this column twice"},
    "edit.problem.not_a_workbook": {"ru": "это не книга Excel (.xlsx) — сохраните её в Excel как «Книга Excel» или как CSV", "en": "this is not an Excel workbook (.xlsx) — save it from Excel as “Excel Workbook” or as CSV"},
    "edit.problem.workbook_broken": {"ru": "книга Excel повреждена и не читается ({message}) — откройте её в Excel и сохраните заново", "en": "the workbook is damaged and cannot be read ({message}) — open it in Excel and save it again"},
    "edit.problem.binary": {"ru": "файл не похож на текстовую таблицу (двоичные данные) — сохраните таблицу как CSV (UTF-8) или книгу Excel", "en": "the file does not look like a text table (binary data) — save the table as CSV (UTF-8) or as an Excel workbook"},
    "edit.problem.encoding_unknown": {"ru": "кодировка файла не распознана — сохраните его как «CSV UTF-8»", "en": "the file’s encoding is not recognised — save it as “CSV UTF-8”"},
    "edit.problem.encoding_ambiguous": {"ru": "кодировку файла нельзя определить однозначно (возможны: {encodings}) — сохраните его как «CSV UTF-8»", "en": "the file’s encoding is ambiguous (it could be {encodings}) — save it as “CSV UTF-8”"},
    "data.export": {"ru": "Выгрузка всех данных", "en": "Export the whole dataset"},
    "data.export_zip": {"ru": "Все таблицы CSV (zip)", "en": "All tables as CSV (zip)"},
    "data.export_xlsx": {"ru": "Одна книга Excel", "en": "One Excel workbook"},
    "data.export_xlsx_broken": {"ru": "Файлы не прошли проверку: книгу Excel собрать не из чего. Архив zip — файлы с диска.",
                                "en": "The files failed validation, so there is nothing to build the workbook from. The zip holds the files from disk."},
    "data.broken_hint": {"ru": "Исправьте названные выше строки во вкладке «Исправить строки» (после входа) или в самом файле: "
                               "дашборд подхватит файлы, как только они пройдут проверку.",
                         "en": "Correct the rows named above in the “Correct rows” tab (after signing in) or in the file "
                               "itself: the dashboard picks the files up as soon as they pass validation."},
    "data.unreadable": {"ru": "Этот файл не читается как таблица; исправьте его вручную (предыдущие версии — в data/backups/):",
                        "en": "This file cannot be read as a table; fix it by hand (earlier versions are in data/backups/):"},
    "data.export_note": {"ru": "Zip — файлы как на диске, только ячейки, похожие на формулу, предварены апострофом; Excel — по листу на таблицу, из данных, которые показывает дашборд.",
                         "en": "The zip holds the files as on disk, only cells that look like a formula led by an apostrophe; the workbook has a sheet per table, from the data the dashboard shows."},
    "edit.where.row": {"ru": "строка {row}", "en": "row {row}"},
    "edit.where.column": {"ru": "столбец «{column}»", "en": "column “{column}”"},
    "edit.where.column_labelled": {"ru": "столбец «{column}» ({label})", "en": "column “{column}” ({label})"},
    "edit.where.field": {"ru": "поле «{field}»", "en": "field “{field}”"},
    "edit.problem.column_missing": {"ru": "нет столбца", "en": "column missing"},
    "edit.problem.not_a_date": {"ru": "«{value}» — не дата: нужно ДД.ММ.ГГГГ или ГГГГ-ММ-ДД", "en": "“{value}” is not a date: DD.MM.YYYY or YYYY-MM-DD expected"},
    "edit.problem.not_an_integer": {"ru": "«{value}» — не целое число", "en": "“{value}” is not a whole number"},
    "edit.problem.not_a_number": {"ru": "«{value}» — не число", "en": "“{value}” is not a number"},
    "edit.problem.duplicate": {"ru": "«{value}» уже есть в таблице (строка {first_row})", "en": "“{value}” is already in the table (row {first_row})"},
    "edit.problem.required": {"ru": "обязательное поле не заполнено", "en": "required, but empty"},
    "edit.problem.one_of": {"ru": "«{value}» — недопустимое значение; допустимы: {allowed}", "en": "“{value}” is not allowed; allowed: {allowed}"},
    "edit.problem.choose": {"ru": "не заполнено; возможные значения: {allowed}", "en": "empty; one of: {allowed}"},
    "edit.problem.pipe_list": {"ru": "«{value}»: нет такого значения — {unknown}; возможны (через «|»): {allowed}", "en": "“{value}”: no such value — {unknown}; possible (separated by '|'): {allowed}"},
    "edit.problem.out_of_range": {"ru": "«{value}» вне допустимого диапазона {low}…{high}", "en": "“{value}” is outside the range {low}…{high}"},
    "edit.problem.id_format": {"ru": "«{value}»: код — строчные латинские буквы, цифры, «_» или «-»", "en": "“{value}”: an id is lower-case Latin letters, digits, '_' or '-'"},
    "edit.problem.format": {"ru": "«{value}» — неверный формат", "en": "“{value}” is not in the expected format"},
    "edit.problem.start_after_end": {"ru": "дата начала позже даты окончания", "en": "the start date is after the end date"},
    "edit.problem.rule": {"ru": "«{value}» нарушает правило: {rule}", "en": "“{value}” breaks the rule: {rule}"},
    "edit.problem.unknown_ref": {"ru": "«{value}» нет в {file}", "en": "“{value}” is not in {file}"},
    "edit.problem.file": {"ru": "файл не прошёл проверку: {message}", "en": "the file failed validation: {message}"},
    "edit.problem.unreadable": {"ru": "файл не читается как CSV или Excel: {message}", "en": "the file cannot be read as CSV or Excel: {message}"},
    "edit.problem.no_rows": {"ru": "в файле нет строк", "en": "the file has no rows"},
    "edit.problem.too_many_rows": {"ru": "в файле больше {limit} строк с данными, а за один раз можно не больше {limit} — разделите файл", "en": "the file has more than {limit} data rows; at most {limit} at a time — split the file"},
    "edit.problem.conflict": {"ru": "файл изменился с тех пор, как вы его открыли", "en": "the file has changed since you opened it"},
    "edit.problem.busy": {"ru": "идёт другое сохранение или пересборка данных; ничего не записано — повторите через несколько секунд", "en": "another save or a rebuild of the data is in progress; nothing was written — try again in a few seconds"},
    "edit.problem.write_failed": {"ru": "файл не удалось записать, прежняя версия не тронута: {message}", "en": "the file could not be written; the previous version is untouched: {message}"},
    # --- staff layer and safe writes (issues 16, 20, 21: cooperation/staff.py, cooperation/storage.py)
    "edit.problem.read_only": {"ru": "каталог данных открыт только для чтения: ничего не записано. Попросите администратора разрешить запись в data/ ({message})",
                               "en": "the data directory is read-only: nothing was written. Ask the administrator to make data/ writable ({message})"},
    "edit.problem.disk_full": {"ru": "диск заполнен: ничего не записано. Освободите место (старые копии в data/backups/ можно удалить) и сохраните снова ({message})",
                               "en": "the disk is full: nothing was written. Free some space (old copies in data/backups/ can go) and save again ({message})"},
    "edit.problem.no_permission": {"ru": "нет прав на запись: ничего не записано. Пользователю сервера нужно право записи в data/ ({message})",
                                   "en": "no permission to write: nothing was written. The server's user needs write access to data/ ({message})"},
    "edit.problem.row_changed": {"ru": "строку «{row}» изменил(а) {who} ({when}) после того, как вы её открыли; сейчас: {change}. Ничего не записано: обновите данные и внесите правку снова.",
                                 "en": "row “{row}” was changed by {who} ({when}) after you opened it; now: {change}. Nothing was written: reload and make your change again."},
    "edit.problem.row_removed": {"ru": "строку «{row}» удалил(а) или изменил(а) {who} ({when}) после того, как вы её открыли. Ничего не записано: обновите данные.",
                                 "en": "row “{row}” was removed or changed by {who} ({when}) after you opened it. Nothing was written: reload."},
    "edit.problem.source_id": {"ru": "«{value}» — строка из источников, её код менять нельзя: удалите строку и добавьте новую",
                               "en": "“{value}” comes from the sources, so its id cannot change: remove the row and add a new one"},
    "edit.problem.nothing_to_undo": {"ru": "«{row}», поле {column}: исправлений для отмены нет", "en": "“{row}”, field {column}: no correction to undo"},
    "data.why": {"ru": "Причина правки (необязательно, попадёт в историю)", "en": "Reason for the change (optional, kept in the history)"},
    "data.history.heading": {"ru": "История исправлений строки", "en": "A row's correction history"},
    "data.history.pick": {"ru": "Исправленная строка", "en": "Corrected row"},
    "data.history.none": {"ru": "В этой таблице нет исправленных строк.", "en": "No row of this table has a correction."},
    "data.history.caption": {"ru": "Для каждого поля — значение из источников, затем каждое исправление (кто, когда, почему); действует последнее.",
                             "en": "Per field: the value the sources give, then each correction (who, when, why); the last one is in force."},
    "data.history.kind.source": {"ru": "из источников", "en": "from the sources"},
    "data.history.kind.correction": {"ru": "исправление", "en": "correction"},
    "data.history.kind.added": {"ru": "добавлена сотрудником", "en": "added by staff"},
    "data.history.kind.removed": {"ru": "удалена сотрудником", "en": "removed by staff"},
    "data.history.column": {"ru": "Поле", "en": "Field"},
    "data.history.kind": {"ru": "Что", "en": "What"},
    "data.history.value": {"ru": "Значение", "en": "Value"},
    "data.history.who": {"ru": "Кто", "en": "Who"},
    "data.history.when": {"ru": "Когда", "en": "When"},
    "data.history.why": {"ru": "Почему", "en": "Why"},
    "data.undo_field": {"ru": "Поле, исправление которого отменить", "en": "Field whose last correction to undo"},
    "data.undo": {"ru": "Отменить последнее исправление", "en": "Undo the last correction"},
    "data.undone": {"ru": "Исправление отменено: {row}, {column}.", "en": "Correction undone: {row}, {column}."},
    "field.contact_id": {"ru": "Код контакта", "en": "Contact id"},
    "field.city_id": {"ru": "Город", "en": "City"},
    "field.city_id_new": {"ru": "Код города", "en": "City id"},
    "field.date_start": {"ru": "Дата начала", "en": "Start date"},
    "field.date_end": {"ru": "Дата окончания", "en": "End date"},
    "field.date_precision": {"ru": "Точность даты", "en": "Date precision"},
    "field.date_text": {"ru": "Дата, как в источнике", "en": "Date as written"},
    "field.venue": {"ru": "Где", "en": "Where"},
    "field.venue_city": {"ru": "Город проведения", "en": "Held in (city)"},
    "field.format": {"ru": "Формат", "en": "Format"},
    "field.spheres": {"ru": "Сферы", "en": "Spheres"},
    "field.event_id": {"ru": "Форум (если контакт в его рамках)", "en": "Forum (if the contact was part of one)"},
    "field.text_ru": {"ru": "Текст записи (по-русски)", "en": "The entry (in Russian)"},
    "field.source_file": {"ru": "Источник", "en": "Source"},
    "field.name_ru": {"ru": "Название по-русски", "en": "Name in Russian"},
    "field.name_en": {"ru": "Название по-английски", "en": "Name in English"},
    "field.role": {"ru": "Роль", "en": "Role"},
    "field.country_iso2": {"ru": "Код страны", "en": "Country code"},
    "field.lat": {"ru": "Широта", "en": "Latitude"},
    "field.lon": {"ru": "Долгота", "en": "Longitude"},
    "field.website": {"ru": "Сайт", "en": "Website"},
    "field.description_ru": {"ru": "Описание (по-русски)", "en": "Description (in Russian)"},
    "field.agreement_id": {"ru": "Код соглашения", "en": "Agreement id"},
    "field.title_ru": {"ru": "Название документа", "en": "Title of the document"},
    "field.doc_type": {"ru": "Вид документа", "en": "Kind of document"},
    "field.relation": {"ru": "Отношения", "en": "Relation"},
    "field.year_signed": {"ru": "Год подписания", "en": "Year signed"},
    "field.year_source": {"ru": "Откуда год", "en": "Year from"},
    "field.parties": {"ru": "Стороны", "en": "Parties"},
    "field.status": {"ru": "Статус", "en": "Status"},
    "field.status_date": {"ru": "Дата статуса", "en": "Status date"},
    "field.source": {"ru": "Источник", "en": "Source"},
    "field.note": {"ru": "Примечание", "en": "Note"},
    # --- presentation mode (issue 5: pages/present.py, cooperation/slides.py)
    "present.slide.map": {"ru": "Города-партнёры Казани на карте", "en": "Kazan's partner cities on the map"},
    "present.slide.per_year": {"ru": "Контакты по годам и сферам", "en": "Contacts per year by sphere"},
    "present.slide.by_country": {"ru": "Города-партнёры и контакты по странам",
                                 "en": "Partner cities and contacts by country"},
    "present.slide.health": {"ru": "Состояние партнёрств", "en": "How the partnerships are doing"},
    "present.slide.forums": {"ru": "Города-партнёры на форумах Казани", "en": "Partner cities at Kazan's forums"},
    "present.prev": {"ru": "Предыдущий слайд (← или PageUp)", "en": "Previous slide (← or PageUp)"},
    "present.next": {"ru": "Следующий слайд (→, PageDown или пробел)",
                     "en": "Next slide (→, PageDown or Space)"},
    "present.auto": {"ru": "Автопоказ", "en": "Auto-advance"},
    "present.seconds": {"ru": "Секунд на слайд", "en": "Seconds per slide"},
    "present.map_note": {"ru": "Толщина дуги — число контактов; цвет — вид отношений",
                         "en": "Arc width: number of contacts; colour: kind of relation"},
    "present.more": {"ru": "ещё {n}", "en": "{n} more"},
    "present.partner_count": {"ru": "Города-партнёры", "en": "Partner cities"},
    # Forum names on a slide: short enough for large type, still plain words for guests (not "KDW").
    "present.forum.kazan_digital_week": {"ru": "Kazan Digital Week", "en": "Kazan Digital Week"},
    "present.forum.kazanysh": {"ru": "Форум «Казаныш»", "en": "Kazanysh forum"},
    "present.forum.united_cities_forum": {"ru": "United Cities Forum", "en": "United Cities Forum"},
    "present.forum.rostki": {"ru": "Форум «РОСТКИ»", "en": "ROSTKI forum"},
    "present.forum.brics_cities_forum": {"ru": "Форум городов БРИКС+", "en": "BRICS+ Cities Forum"},
    "present.forum.brics_twin_cities_forum": {"ru": "Форум породнённых городов БРИКС",
                                              "en": "BRICS Twin Cities Forum"},
    "present.forum.asian_mayors_forum_bureau": {"ru": "Бюро Азиатского форума мэров",
                                                "en": "Asian Mayors Forum Bureau"},
    "present.forum.historic_cities_conference": {"ru": "Конференция исторических городов",
                                                 "en": "Historical Cities Conference"},
    "present.top_countries": {"ru": "Показаны {n} из {total} стран — с наибольшим числом контактов",
                              "en": "Showing {n} of {total} countries: those with the most contacts"},
    "present.top_forum_partners": {"ru": "Показаны {n} из {total} городов-партнёров — чаще всего участвовавшие",
                                   "en": "Showing {n} of {total} partner cities: those that took part most often"},
    "present.top_editions": {"ru": "Показаны {n} последних из {total} форумов",
                             "en": "Showing the latest {n} of {total} forum editions"},
    "present.no_health": {"ru": "Для выбранных фильтров нет городов-партнёров с соглашениями и контактами.",
                          "en": "No partner cities with agreements or contacts match the selected filters."},
    # --- partner profile, agreement health, forums, planning pages (pages/partner.py, health.py, forums.py, planning.py)
    "partner.title": {"ru": "Профиль города-партнёра", "en": "Partner city profile"},
    "partner.intro": {"ru": "Одно партнёрство целиком: сведения о городе, соглашения, контакты, сферы, общие организации "
                            "и статус; справку можно скачать для встречи или поездки.",
                      "en": "One partnership in full: facts about the city, agreements, contacts, spheres, shared "
                            "organisations and status, with a briefing to download for a meeting or a trip."},
    "partner.choose": {"ru": "Город-партнёр", "en": "Partner city"},
    "partner.unknown_city": {"ru": "В ссылке неизвестный город-партнёр «{value}» — показан {name}.",
                             "en": "The link names an unknown partner city “{value}” — showing {name}."},
    "partner.contacts": {"ru": "Контакты во времени", "en": "Contacts over time"},
    "partner.contacts_count": {"ru": "Контактов по фильтрам: {n} из {total}",
                               "en": "{n} of {total} contacts match the filters"},
    "partner.filtered_out": {"ru": "Фильтры исключают все контакты с городом {name}. Измените или сбросьте фильтры.",
                             "en": "The filters exclude every contact with {name}. Change or reset them."},
    "partner.no_contacts": {"ru": "Контактов с городом {name} в данных нет.",
                            "en": "The data holds no contacts with {name}."},
    "partner.open_timeline": {"ru": "Эти контакты в таблице хронологии", "en": "These contacts in the timeline table"},
    "partner.spheres": {"ru": "Сферы сотрудничества", "en": "Spheres of cooperation"},
    "partner.no_spheres": {"ru": "Сфер нет: контактов с этим городом в данных нет.",
                           "en": "No spheres: the data holds no contacts with this city."},
    "partner.no_spheres_filtered": {"ru": "Нет контактов по выбранным фильтрам", "en": "No contacts match the filters"},
    "partner.status_note": {"ru": "По всем контактам до сегодняшнего дня, по правилам и порогам по умолчанию; "
                                  "фильтры на статус не влияют.",
                            "en": "From all contacts up to today, by the default rules and thresholds; the filters "
                                  "do not change it."},
    "partner.open_health": {"ru": "Состояние всех соглашений", "en": "Health of every agreement"},
    "partner.briefing": {"ru": "Справка для встречи или поездки", "en": "Briefing for a meeting or a trip"},
    "partner.briefing_note": {"ru": "Сведения, статус, соглашения, последние контакты, сферы и организации — на "
                                    "выбранном языке. HTML открывается в любом браузере, DOCX — в Word.",
                              "en": "Facts, status, agreements, latest contacts, spheres and organisations, in the "
                                    "selected language. HTML opens in any browser, DOCX in Word."},
    "partner.download_html": {"ru": "Справка (HTML)", "en": "Briefing (HTML)"},
    "partner.download_docx": {"ru": "Справка (Word)", "en": "Briefing (Word)"},
    "health.title": {"ru": "Состояние соглашений: какие партнёрства живы",
                     "en": "Agreement health: which partnerships are alive"},
    "health.intro": {"ru": "Для каждого партнёра — соглашения, контакты за 1, 3 и 5 лет, последний контакт, динамика и "
                           "статус. Пороги правил можно изменить ниже.",
                     "en": "For every partner: agreements, contacts in the last 1, 3 and 5 years, the last contact, "
                           "the trend and a status. The rules' thresholds can be changed below."},
    "health.thresholds": {"ru": "Пороги правил", "en": "Rule thresholds"},
    "health.thresholds_help": {"ru": "Изменения сразу пересчитывают статусы и сохраняются в ссылке на страницу.",
                               "en": "Changes recompute the statuses at once and are kept in the page's link."},
    "health.threshold.active": {"ru": "«Активно»: окно, лет", "en": "Active: window, years"},
    "health.threshold.active_help": {"ru": "За сколько последних лет нужны контакты для статуса «активно». "
                                           "По умолчанию {default}.",
                                     "en": "How many recent years count for the active status. Default {default}."},
    "health.threshold.dormant": {"ru": "«Спящее»: через, лет", "en": "Dormant after, years"},
    "health.threshold.dormant_help": {"ru": "Если последний контакт старше, партнёрство «спящее». По умолчанию {default}.",
                                      "en": "A last contact older than this makes a partnership dormant. "
                                            "Default {default}."},
    "health.threshold.trend": {"ru": "Динамика: период, лет", "en": "Trend: period, years"},
    "health.threshold.trend_help": {"ru": "Контакты за последние N лет сравниваются с N годами до них. "
                                          "По умолчанию {default}.",
                                    "en": "Contacts in the last N years are compared with the N years before. "
                                          "Default {default}."},
    "health.threshold.min": {"ru": "«Активно»: минимум контактов", "en": "Active: minimum contacts"},
    "health.threshold.min_help": {"ru": "Сколько контактов нужно в окне «активно». По умолчанию {default}.",
                                  "en": "How many contacts the active window needs. Default {default}."},
    "health.bad_threshold": {"ru": "В ссылке недопустимое значение порога ({what}): «{value}» — взято значение по "
                                   "умолчанию.",
                             "en": "The link has an invalid value for a threshold ({what}): “{value}” — the default "
                                   "is used."},
    "health.legend_heading": {"ru": "**Как определяется статус**", "en": "**How the status is decided**"},
    "health.rule.active": {"ru": "не меньше {min} {contacts} за последние {active} г., и за последние {trend} г. "
                                 "контактов не меньше, чем за {trend} г. до них.",
                           "en": "at least {min} {contacts} in the last {active} years, and no fewer contacts in the "
                                 "last {trend} years than in the {trend} before."},
    # Plural forms, "|"-separated: Russian one|few|many (here genitive, after «не меньше»), English one|other.
    "plural.contacts_at_least": {"ru": "контакта|контактов|контактов", "en": "contact|contacts"},
    "health.rule.slowing": {"ru": "контакт был за последние {dormant} г., но {quiet}, или за последние {trend} г. "
                                  "контактов меньше, чем за {trend} г. до них.",
                            "en": "a contact in the last {dormant} years, but {quiet}, or fewer contacts in the last "
                                  "{trend} years than in the {trend} before."},
    # {quiet} of the slowing rule: the active window not met, worded for a minimum of one contact or more.
    "health.rule.quiet_none": {"ru": "за последние {active} г. — ни одного", "en": "none in the last {active} years"},
    "health.rule.quiet_few": {"ru": "за последние {active} г. их меньше {min}",
                              "en": "fewer than {min} in the last {active} years"},
    "health.rule.dormant": {"ru": "последний контакт был больше {dormant} г. назад.",
                            "en": "the last contact was more than {dormant} years ago."},
    "health.rule.never_activated": {"ru": "после подписания первого соглашения контактов не было: подписание само по "
                                          "себе ещё не сотрудничество.",
                                    "en": "no contact since the first agreement was signed: signing alone is not "
                                          "activity."},
    "health.rule.recorded": {"ru": "Статус, записанный сотрудниками по документу (приостановлено, прекращено, продлено), "
                                   "важнее рассчитанного: он показан с датой и источником, рассчитанный — рядом.",
                             "en": "A status staff recorded from a document (suspended, ended, renewed) wins over the "
                                   "computed one: it is shown with its date and source, the computed one beside it."},
    "health.as_of": {"ru": "Статусы на {date}", "en": "Statuses as of {date}"},
    "health.table": {"ru": "Все партнёры", "en": "Every partner"},
    "health.status_filter": {"ru": "Показать статусы", "en": "Show statuses"},
    "health.col.status": {"ru": "Статус", "en": "Status"},
    "health.col.status_help": {"ru": "Записанный сотрудниками статус, если он есть; иначе рассчитанный по контактам",
                               "en": "The status staff recorded, if any; otherwise the one computed from contacts"},
    "health.col.computed": {"ru": "По контактам", "en": "Computed"},
    "health.col.computed_help": {"ru": "Статус по правилам и порогам страницы", "en": "The status by the page's rules and thresholds"},
    "health.col.recorded": {"ru": "Записан сотрудниками", "en": "Recorded by staff"},
    "health.col.recorded_help": {"ru": "Статус по документу, которого нет в списке контактов",
                                 "en": "A status from a document the contact list does not show"},
    "health.col.recorded_date": {"ru": "Дата статуса", "en": "Status date"},
    "health.col.recorded_source": {"ru": "Источник статуса", "en": "Status source"},
    "health.col.recorded_note": {"ru": "Примечание", "en": "Note"},
    "health.col.years_signed": {"ru": "Годы подписания", "en": "Years signed"},
    "health.col.contacts_total": {"ru": "Контактов всего", "en": "Contacts, total"},
    "health.col.last_1y": {"ru": "За 1 год", "en": "Last 1 yr"},
    "health.col.last_3y": {"ru": "За 3 года", "en": "Last 3 yrs"},
    "health.col.last_5y": {"ru": "За 5 лет", "en": "Last 5 yrs"},
    "health.col.trend": {"ru": "Динамика: последние / предыдущие", "en": "Trend: recent / before"},
    "health.col.trend_help": {"ru": "Контакты за последние N лет и за N лет до них (N — порог «Динамика»)",
                              "en": "Contacts in the last N years and in the N years before (N: the trend threshold)"},
    "health.trend_value": {"ru": "{recent} / {previous}", "en": "{recent} / {previous}"},
    "health.col.trend_label": {"ru": "Тенденция", "en": "Direction"},
    "forums.title": {"ru": "Форумы Казани и их участники", "en": "Kazan's forums and who comes to them"},
    "forums.intro": {"ru": "Форумы, которые проводит Казань, по выпускам: какие города-партнёры участвовали (очно или "
                           "онлайн) и кого стоит пригласить снова.",
                     "en": "The forums Kazan hosts, edition by edition: which partner cities took part (in person or "
                           "online) and whom to invite again."},
    "forums.editions": {"ru": "Выпуски форумов", "en": "Forum editions"},
    "forums.col.series": {"ru": "Форум", "en": "Forum"},
    "forums.col.partners": {"ru": "Партнёров участвовало", "en": "Partners taking part"},
    "forums.col.within": {"ru": "В рамках", "en": "Held within"},
    "forums.matrix": {"ru": "Партнёры и выпуски", "en": "Partners by edition"},
    "forums.marks_legend": {"ru": "{in_person} очно · {online} онлайн или видеообращение · {unknown} участвовал, формат "
                                  "не указан. Кто участвовал раньше, но не в последнем выпуске, — в начале списка, с отметкой во втором столбце.",
                            "en": "{in_person} in person · {online} online or a video message · {unknown} took part, "
                                  "format not stated. Partners that came before but not to the latest edition come first, marked in the second column."},
    "forums.col.editions": {"ru": "Выпусков", "en": "Editions"},
    "forums.programme_edition": {"ru": "Выпуск форума", "en": "Forum edition"},
    "forums.yes": {"ru": "да", "en": "yes"},
    "forums.invitations": {"ru": "В список следующих приглашений", "en": "For the next invitation list"},
    "forums.invitations_help": {"ru": "Участвовали в форуме раньше, но не в его последнем выпуске.",
                                "en": "Came to a forum before, but not to its latest edition."},
    "forums.no_invitations": {"ru": "Все участники прошлых выпусков были и на последних.",
                              "en": "Everyone who came before also came to the latest editions."},
    "forums.col.missed": {"ru": "Пригласить снова на", "en": "Invite again to"},
    "forums.col.last_edition": {"ru": "Последнее участие", "en": "Last took part"},
    "forums.programme": {"ru": "United Cities Forum 2023: программа", "en": "United Cities Forum 2023: programme"},
    "forums.programme_note": {"ru": "Названия и описания сессий — по-английски, как в программе форума.",
                              "en": "Session titles and descriptions as written in the forum programme."},
    "forums.no_programme": {"ru": "Программы в данных нет", "en": "No programme in the data"},
    "forums.no_description": {"ru": "Описания в программе нет", "en": "The programme gives no description"},
    "forum_short.kazan_digital_week": {"ru": "KDW", "en": "KDW"},
    "forum_short.kazanysh": {"ru": "Казаныш", "en": "Kazanysh"},
    "forum_short.united_cities_forum": {"ru": "UCF", "en": "UCF"},
    "forum_short.rostki": {"ru": "РОСТКИ", "en": "ROSTKI"},
    "forum_short.brics_cities_forum": {"ru": "БРИКС+ города", "en": "BRICS+ Cities"},
    "forum_short.brics_twin_cities_forum": {"ru": "БРИКС побратимы", "en": "BRICS Twin Cities"},
    "forum_short.asian_mayors_forum_bureau": {"ru": "Бюро АФМ", "en": "AMF Bureau"},
    "forum_short.historic_cities_conference": {"ru": "Истор. города", "en": "Historical Cities"},
    "plan.title": {"ru": "План на год: годовщины, форумы, напоминания",
                   "en": "The year ahead: anniversaries, forums, follow-ups"},
    "plan.intro": {"ru": "Круглые годовщины соглашений и первых контактов, очередные форумы и партнёры, с которыми пора "
                         "возобновить контакт, за выбранный период. У каждого пункта указано, почему он здесь.",
                   "en": "Round anniversaries of agreements and first contacts, forums due, and partners to follow "
                         "up with, for the chosen period. Each item says why it is there."},
    "plan.start": {"ru": "Начало периода", "en": "From"},
    "plan.months": {"ru": "Длина периода, месяцев", "en": "Length, months"},
    "plan.kinds": {"ru": "Что показывать", "en": "Show"},
    "plan.horizon": {"ru": "С {start} по {end}: {n} {items}", "en": "{start} to {end}: {n} {items}"},
    "plural.items": {"ru": "пункт|пункта|пунктов", "en": "item|items"},
    "plan.empty": {"ru": "В этом периоде нет ни годовщин, ни форумов, ни напоминаний. Выберите другой период или "
                         "сбросьте фильтры.",
                   "en": "Nothing falls in this period: no anniversaries, forums or follow-ups. Choose another period "
                         "or reset the filters."},
    "plan.no_kind": {"ru": "Не выбран ни один вид пунктов.", "en": "No kind of item is selected."},
    "plan.download_ics": {"ru": "Скачать календарь (.ics)", "en": "Download calendar (.ics)"},
    "plan.open_profile": {"ru": "Профиль партнёра", "en": "Partner profile"},
    "plan.bad_start": {"ru": "В ссылке недопустимая дата начала «{value}» (нужно ГГГГ-ММ-ДД) — период начинается "
                             "сегодня.",
                       "en": "The link has an invalid start date “{value}” (YYYY-MM-DD expected) — the period starts "
                             "today."},
    "plan.bad_months": {"ru": "В ссылке недопустимая длина периода «{value}» (целое число месяцев от {low} до {high}) — "
                              "взято 12.",
                        "en": "The link has an invalid length “{value}” (a whole number of months from {low} to "
                              "{high}) — 12 is used."},
    "plan.group_year": {"ru": "{year} — точная дата неизвестна", "en": "{year} — exact date not known"},
    # --- months "in …" (data entry messages: "в феврале нет 31-го числа", "there is no 31 February")
    **{f"month.in.{i}": {"ru": ru, "en": en} for i, (ru, en) in enumerate(zip(
        ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
         "ноябре", "декабре"),
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December")), start=1)},
    # --- rows set aside by the loader (issue 16: bad rows set aside, the rest shown)
    "plural.rows_set_aside": {"ru": "строка отложена|строки отложены|строк отложено", "en": "row set aside|rows set aside"},
    "setaside.banner": {"ru": "{n} {rows}: в них ошибки, поэтому они не показаны; все остальные данные на месте. "
                              "Исправьте их в указанных файлах или на странице «Данные».",
                        "en": "{n} {rows}: they fail the checks and are not shown; everything else is. Correct them "
                              "in the files named here or on the Data page."},
    "setaside.where": {"ru": "{file}, строка {row}, столбец {column} ({label})",
                       "en": "{file}, row {row}, column {column} ({label})"},
    "setaside.more": {"ru": "…и ещё {n}: полный список на странице «Данные»",
                      "en": "… and {n} more: the Data page lists them all"},
    "setaside.title": {"ru": "Отложенные строки", "en": "Rows set aside"},
    "setaside.none": {"ru": "Все строки прошли проверку.", "en": "Every row passed the checks."},
    "setaside.col.file": {"ru": "Файл", "en": "File"},
    "setaside.col.row": {"ru": "Строка", "en": "Row"},
    "setaside.col.column": {"ru": "Столбец", "en": "Column"},
    "setaside.col.label": {"ru": "Поле", "en": "Field"},
    "setaside.col.value": {"ru": "Значение", "en": "Value"},
    "setaside.col.expected": {"ru": "Что ожидается", "en": "What is expected"},
    "setaside.expected.date": {"ru": "дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)", "en": "a date (YYYY-MM-DD or DD.MM.YYYY)"},
    "setaside.expected.whole_number": {"ru": "целое число", "en": "a whole number"},
    "setaside.expected.number": {"ru": "число", "en": "a number"},
    "setaside.expected.range": {"ru": "число от {low} до {high}", "en": "a number from {low} to {high}"},
    "setaside.expected.required": {"ru": "непустое значение", "en": "a value (must not be empty)"},
    "setaside.expected.unique": {"ru": "значение, которого нет в других строках",
                                 "en": "a value no other row has"},
    "setaside.expected.one_of": {"ru": "одно из допустимых значений: {rule}", "en": "{rule}"},
    "setaside.expected.pattern": {"ru": "значение вида: {rule}", "en": "{rule}"},
    "setaside.expected.order": {"ru": "дата начала не позже даты окончания", "en": "a start date not after the end date"},
    "setaside.expected.other": {"ru": "значение, проходящее проверку: {rule}", "en": "a value that passes: {rule}"},
    "setaside.expected.reference": {"ru": "значение из столбца {column} файла {file}",
                                    "en": "a {column} listed in {file}"},
    "setaside.expected.depends": {"ru": "отложена вместе со строкой {depends_row} файла {depends_file}, на которую "
                                        "ссылается",
                                  "en": "set aside with {depends_file}, row {depends_row}, which it refers to"},
    # --- where an agreement is recorded (issue 16: facts from the text; cooperation/ingest/signings.py)
    "field.recorded_in": {"ru": "Где записано", "en": "Recorded in"},
    "recorded_in.documents_line": {"ru": "строка «Документ»", "en": "the «Документ» line"},
    "recorded_in.contact_entry": {"ru": "запись о контакте (подписание)", "en": "a contact entry (the signing)"},
    "recorded_in.staff": {"ru": "добавлено сотрудниками", "en": "added by staff"},
    # --- implausible values (issue 16: flagged, not shown as fact; cooperation/plausibility.py)
    "doubt.shown": {"ru": "{value} ⚠ сомнительно: {reason}", "en": "{value} ⚠ doubtful: {reason}"},
    "doubt.out_of_bounds": {"ru": "вне правдоподобных пределов {low}–{high}",
                            "en": "outside the plausible range {low}–{high}"},
    "doubt.density_low": {"ru": "{density} чел. на км² для города с населением {population} — меньше {low}; "
                                "возможно, это площадь региона или другая единица",
                          "en": "{density} people per km² for a city of {population} is below {low}: the figure "
                                "may be a region's or in other units"},
    "doubt.density_high": {"ru": "{density} чел. на км² — больше {high}, плотнее любого города",
                           "en": "{density} people per km² is above {high}, denser than any city"},
    # --- months (nominative, for axis and period labels)
    **{f"month.{i}": {"ru": ru, "en": en} for i, (ru, en) in enumerate(zip(
        ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
         "ноябрь", "декабрь"),
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December")), start=1)},
    # --- sharing a view: the share menu and the slides' QR code (issue 18, cooperation/share.py)
    "share.button": {"ru": "Поделиться", "en": "Share"},
    "share.scan": {"ru": "Наведите камеру телефона на код — откроется этот же вид (фильтры и язык).",
                   "en": "Point a phone's camera at the code: it opens this same view (filters and language)."},
    "share.download_svg": {"ru": "QR-код в SVG (для печати)", "en": "QR code as SVG (for print)"},
    "share.hall_title": {"ru": "Откройте этот вид на телефоне", "en": "Open this view on your phone"},
    "share.qr_button": {"ru": "QR-код этого слайда (клавиша Q)", "en": "QR code of this slide (key Q)"},
    "share.too_long": {"ru": "Для QR-кода этот вид слишком длинный (выбрано слишком много фильтров); ссылка ниже "
                             "открывает его.",
                       "en": "This view is too long for a QR code (too many filters chosen); the link below "
                             "opens it."},
    "share.no_public_url": {
        "ru": "QR-кода нет: не задан адрес, по которому гости открывают дашборд (адрес localhost на их телефонах "
              "не откроется). Задайте {setting} в .streamlit/secrets.toml или переменную окружения {env}, например "
              "http://192.168.1.20:8501, и перезапустите дашборд.",
        "en": "No QR code: the address guests open the dashboard at is not set (localhost would open nothing on "
              "their phones). Set {setting} in .streamlit/secrets.toml or the {env} environment variable, for "
              "instance http://192.168.1.20:8501, and restart the dashboard."},
    "share.bad_public_url": {
        "ru": "QR-кода нет: адрес «{given}» из {setting} или {env} — не адрес http:// или https:// с именем хоста. "
              "Исправьте его и перезапустите дашборд.",
        "en": "No QR code: the address “{given}” in {setting} or {env} is not an http:// or https:// address with a "
              "host name. Correct it and restart the dashboard."},
    # --- what leadership reads at a glance (issue 20a: cooperation/health.py, planning.py, metrics.py, charts.py)
    # Why a partner has its computed status, with its own numbers (health.cause_text); a rising trend is never
    # called "fewer contacts".
    "health.cause.active": {"ru": "контакты за последние {active} г. есть; за {trend} г. — {recent}, за {trend} г. до "
                                  "них — {previous}",
                            "en": "contacts in the last {active} years; {recent} in the last {trend} years against "
                                  "{previous} in the {trend} before"},
    "health.cause.slowing_quiet": {"ru": "за последние {active} г. контактов не было (за {trend} г. — {recent}, за "
                                         "{trend} г. до них — {previous})",
                                   "en": "no contact in the last {active} years ({recent} in the last {trend} years, "
                                         "{previous} in the {trend} before)"},
    "health.cause.slowing_few": {"ru": "за последние {active} г. контактов меньше {min} (за {trend} г. — {recent}, за "
                                       "{trend} г. до них — {previous})",
                                 "en": "fewer than {min} contacts in the last {active} years ({recent} in the last "
                                       "{trend} years, {previous} in the {trend} before)"},
    "health.cause.slowing_falling": {"ru": "за последние {trend} г. контактов меньше, чем за {trend} г. до них ({recent} "
                                           "против {previous})",
                                     "en": "fewer contacts in the last {trend} years than in the {trend} before "
                                           "({recent} against {previous})"},
    "health.cause.dormant": {"ru": "последний контакт был больше {dormant} лет назад",
                             "en": "the last contact was more than {dormant} years ago"},
    "health.cause.never_activated": {"ru": "после подписания первого соглашения контактов не было",
                                     "en": "no contact since the first agreement was signed"},
    "health.rule.recorded_short": {"ru": "записан сотрудниками по документу и важнее рассчитанного",
                                   "en": "recorded by staff from a document; it wins over the computed status"},
    "health.more_names": {"ru": "и ещё {n}", "en": "and {n} more"},
    "health.col.cause": {"ru": "Почему такой статус", "en": "Why this status"},
    "health.all_contacts": {"ru": "Статусы и счётчики контактов — по всем контактам до сегодняшнего дня: фильтры по "
                                  "годам, сферам, месту и формату выбирают не доказательства, а только партнёров "
                                  "(страны, города).",
                            "en": "Statuses and contact counts use all contacts up to today: the year, sphere, venue "
                                  "and format filters do not change them; countries and partners choose who is "
                                  "shown."},
    "overview.alive": {"ru": "Какие партнёрства живы", "en": "Which partnerships are alive"},
    "overview.alive_note": {"ru": "Статусы на {date} — по всем контактам, фильтры выбирают только, какие партнёры "
                                  "показаны.",
                            "en": "Statuses as of {date}, from all contacts; the filters only choose which partners "
                                  "are shown."},
    "overview.open_health": {"ru": "Состояние соглашений: каждый партнёр, правила и пороги",
                             "en": "Agreement health: every partner, the rules and thresholds"},
    "overview.period_only": {"ru": "Контакты ниже — их число, последний контакт, графики, карта и список — только "
                                   "по фильтрам: {filters}.",
                             "en": "The contact figures below — their count, the last contact, the charts, the map "
                                   "and the list — count only the contacts in the filters: {filters}."},
    "overview.map_key": {"ru": "Цвет точки — вид отношений; толщина дуги — число контактов",
                         "en": "Dot colour: kind of relation; arc width: number of contacts"},
    "plan.kind.follow_up": {"ru": "Напоминание", "en": "Reminder"},
    "plan.reason.follow_up": {"ru": "Статус: {status} — {cause}; последний контакт — {last}.",
                              "en": "Status: {status} — {cause}; last contact {last}."},
    "plan.follow_up_note": {"ru": "«Напоминание» — партнёрства, чей статус по правилам страницы «Состояние "
                                  "соглашений» — {slowing} или {dormant} (пороги по умолчанию, все контакты до "
                                  "сегодняшнего дня).",
                            "en": "Reminders: partnerships whose status by the agreement-health rules is {slowing} or "
                                  "{dormant} (default thresholds, all contacts up to today)."},
    "plan.group_now": {"ru": "Сейчас: с кем возобновить контакт (статусы на {date})",
                       "en": "Now: partners to contact again (statuses as of {date})"},
    "plan.now": {"ru": "Сейчас", "en": "Now"},
    "plan.cycle.yearly": {"ru": "ежегодно", "en": "every year"},
    "plan.cycle.years": {"ru": "раз в {n} г.", "en": "every {n} years"},
    "plan.reason.forum_due.edition_month": {
        "ru": "Проводится {cycle} (в данных: {editions}); последний — {last}; очередной ожидается к тому же месяцу.",
        "en": "Held {cycle} (on record: {editions}); last edition {last}; the next is expected by the same month."},
    "plan.reason.forum_due.usual_month": {
        "ru": "Проводится {cycle} (в данных: {editions}); последний — {last} год (месяц неизвестен); очередной "
              "ожидается к обычному месяцу проведения: {month}.",
        "en": "Held {cycle} (on record: {editions}); last edition {last} (month not known); the next is expected "
              "by the series' usual month, {month}."},
    "plan.forums_not_due": {"ru": "Без срока очередного форума — проведённые один раз или нерегулярно: {forums}.",
                            "en": "No next edition is predicted for forums held once or irregularly: {forums}."},
    "plan.download_ics_help": {"ru": "Показанные пункты — события на весь день для Outlook, Google Календаря и "
                                     "телефона; повторный импорт обновит их, а не задвоит. Пункт, у которого известен "
                                     "только месяц или год, — событие на весь этот месяц или год.",
                               "en": "The items shown as all-day events for Outlook, Google Calendar and phones; "
                                     "importing again updates them instead of adding copies. An item known only by "
                                     "its month or year is an event spanning that whole month or year."},
    "national.scope": {"ru": "в этих данных ({shown} из {total} партнёров)",
                       "en": "in this data ({shown} of {total} partners)"},
    "national.scope_unknown": {"ru": "в этих данных ({shown} партнёров)", "en": "in this data ({shown} partners)"},
    "national.partner_cities_in_data": {"ru": "Казань: города-партнёры {scope}", "en": "Kazan: partner cities {scope}"},
    "national.countries_in_data": {"ru": "Казань: страны {scope}", "en": "Kazan: countries {scope}"},
    "national.agreements_in_data": {"ru": "Казань: соглашения {scope}", "en": "Kazan: agreements {scope}"},
    "national.partners_in_country": {"ru": "Казань: города-партнёры, {b} — {scope}",
                                     "en": "Kazan: partner cities in {b}, {scope}"},
    "national.panel.partner_cities": {"ru": "Города-партнёры Казани", "en": "Kazan's partner cities"},
    "national.panel.countries": {"ru": "Страны партнёров Казани", "en": "Countries of Kazan's partners"},
    "national.panel.agreements": {"ru": "Соглашения Казани", "en": "Kazan's agreements"},
    "national.panel.country": {"ru": "Города-партнёры: Россия — {b}", "en": "Partner cities: Russia–{b}"},
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


def plural(n: int, key: str, lang: str) -> str:
    """The form of a counted word for n: 1 контакта, 3 контактов, 21 контакта; 1 contact, 2 contacts."""
    forms = t(key, lang).split("|")
    if normalise_lang(lang) == "en":
        return forms[0] if n == 1 else forms[-1]
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    return forms[1] if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else forms[2]


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
