"""Markdown, HTML and LaTeX payloads in every free-text column of a copy of the data, every page opened in
Chromium with every outside request blocked (conftest's `page`): no outside request may even be attempted (an
image from the data would be fetched by every viewer's browser, and the presentation must run offline), no
script may run, no outside link, image or formula may be drawn, and the payloads must show as their text.

Free-text columns are the schema's text columns with no rule but "not empty" (ids, vocabularies and foreign
keys cannot hold a payload), less the ones the app reads as values rather than shows as text — listed in
`MACHINE_READ` with the reason.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import streamlit_server

from cooperation.loading import load_dataset
from cooperation.schemas import FOREIGN_KEYS, TABLES
from cooperation.slides import SLIDES
from cooperation.ui.registry import PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EVIL = "evil.example"
# One value holding every kind of markup the renderers know; `#` first so it is a heading if read as Markdown.
PAYLOAD = (
    "# H ![i](http://img.evil.example/p.png) [link](http://link.evil.example/) "
    "<img src=http://tag.evil.example/x.png onerror=window.__xss=1> <script>window.__xss=1</script> "
    '<a href="http://a.evil.example/">a</a> $x^2$ $$y$$ :red[r] :blue-background[b] :material/home: '
    "https://auto.evil.example www.www.evil.example spy@mail.evil.example ~~s~~ **b** | t | &amp; "
)
SHOWN = "![i](http://img.evil.example/p.png)"  # what the page must show, literally, where a payload is drawn
# Text columns the app parses or compares instead of showing: a payload there tests nothing about display.
MACHINE_READ = {
    ("cities", "website"),
    ("sources", "url"),
    ("known_totals", "url"),  # shown as the link they are
    ("cities", "geo_source"),  # provenance code, not shown
    ("national_context", "measure"),
    ("sources", "kind"),  # compared with fixed values
    ("national_context", "as_of"),
    ("sources", "snapshot_date"),
    ("sources", "added"),  # read as dates
    ("contacts", "source_file"),
    ("agreements", "source_file"),
    ("forum_sessions", "source_file"),
    ("national_context", "source_file"),
    ("sources", "source_file"),  # file names matched to sources.csv
    ("national_context", "figure_id"),
    ("known_totals", "fact_id"),  # row ids
}
FOREIGN = {(table, column) for table, column, *_ in FOREIGN_KEYS}

PAGE_URLS = (
    ["/?lang=ru", "/partner?city=tehran&lang=en", "/partner?city=tehran&lang=ru"]
    + [f"/{spec.url_path}?lang=en" for spec in PAGES if spec.key != "present"]
    + [f"/present?slide={n}&lang=ru" for n in range(1, len(SLIDES) + 1)]
)

LEAKS_JS = """evil => {
  // "where: url" for each element, where = the nearest Streamlit test id and the start of its text.
  const where = e => { const box = e.closest('[data-testid]');
                       return (box ? box.dataset.testid : '?') + ' «'
                           + (box ? box.innerText : '').slice(0, 60) + '»'; };
  const url = e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || '';
  return {
    links: [...new Set([...document.querySelectorAll('a')].filter(a => url(a).includes(evil))
                       .map(a => where(a) + ': ' + url(a)))],
    images: [...new Set([...document.querySelectorAll('img, image, source, video, audio, iframe')]
                        .filter(e => url(e).includes(evil)).map(e => where(e) + ': ' + url(e)))],
    formulas: [...document.querySelectorAll('.katex, math')].map(e => where(e)),
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.innerText)
              .filter(t => t.includes(evil) && !t.includes('# H')),
    xss: window.__xss === undefined ? null : String(window.__xss),
    text: document.body.innerText,
  };
}"""


def free_text_columns(table: str) -> list[str]:
    columns = TABLES[table].schema.columns
    return [
        name
        for name, column in columns.items()
        if str(column.dtype).startswith("str")
        and all(check.name == "str_length" for check in column.checks)
        and (table, name) not in MACHINE_READ
        and (table, name) not in FOREIGN
    ]


def write_payload_data(target: Path) -> list[tuple[str, str]]:
    """A copy of data/ with PAYLOAD before every free-text value (and a recorded status holding it); the
    (table, column) pairs written."""
    target.mkdir(parents=True, exist_ok=True)
    for csv in (ROOT / "data").glob("*.csv"):
        shutil.copy2(csv, target / csv.name)
    written = []
    read = {"dtype": str, "keep_default_na": False}
    for table in TABLES:
        path = target / f"{table}.csv"
        frame = pd.read_csv(path, **read)
        if table == "agreement_statuses":
            agreement = pd.read_csv(target / "agreements.csv", **read)["agreement_id"].iloc[0]
            frame = pd.DataFrame(
                [
                    {
                        "agreement_id": agreement,
                        "status": "suspended",
                        "status_date": "2024-05-01",
                        "source": "",
                        "note": "",
                        "recorded_by": "",
                    }
                ],
                columns=frame.columns,
            )
        for column in free_text_columns(table):
            frame[column] = PAYLOAD + frame[column]
            written.append((table, column))
        frame.to_csv(path, index=False)
    load_dataset(target)  # the copy must load, or the pages would show the data error instead
    return written


@pytest.fixture(scope="module")
def payload_server(chromium_path, tmp_path_factory) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    data_dir = tmp_path_factory.mktemp("payload-data")
    written = write_payload_data(data_dir)
    with streamlit_server("payloads", data_dir) as running:
        yield running.base_url, written


def test_the_payload_reaches_the_columns_that_hold_text():
    """The columns the issue names are among those written: names, titles, statuses, organisations, sources,
    contact texts."""
    written = {(table, column) for table in TABLES for column in free_text_columns(table)}
    for expected in [
        ("cities", "name_ru"),
        ("cities", "name_en"),
        ("cities", "description_ru"),
        ("agreements", "title_ru"),
        ("contacts", "text_ru"),
        ("contacts", "venue_city"),
        ("events", "name_en"),
        ("memberships", "organization_en"),
        ("sources", "title_en"),
        ("agreement_statuses", "source"),
        ("agreement_statuses", "note"),
        ("forum_sessions", "title_en"),
        ("known_totals", "source"),
        ("national_context", "quote"),
    ]:
        assert expected in written, expected


def test_every_page_shows_the_payloads_as_text_and_requests_nothing_outside(
    page, recorder, payload_server, wait_idle, screenshot
):
    base, _ = payload_server
    shown_on, problems = [], []
    for url in PAGE_URLS:
        recorder.outside.clear()
        page.goto(base + url)
        wait_idle(page)
        page.wait_for_timeout(1500)  # charts and images get their chance to load
        found = page.evaluate(LEAKS_JS, EVIL)
        found["outside requests"] = list(recorder.outside)
        found["dialogs"] = list(recorder.dialogs)
        found["tracebacks"] = page.locator('[data-testid="stException"]').count()
        bad = {
            kind: found[kind]
            for kind in ("xss", "dialogs", "links", "images", "formulas", "headings", "outside requests", "tracebacks")
            if found[kind]
        }
        if SHOWN in found["text"]:
            shown_on.append(url)
            if ":red[r]" not in found["text"] or "$x^2$" not in found["text"]:
                bad["directives or LaTeX read"] = True
        if bad:
            name = url.strip("/").replace("?", "-").replace("&", "-").replace("=", "") or "overview"
            screenshot(page, f"payload-{name}")
            problems.append(f"{url}: {bad}")
    assert problems == [], "\n".join(problems)
    assert len(shown_on) >= len(PAGE_URLS) // 2, f"the payload was shown as text only on {shown_on}"
