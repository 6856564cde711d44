"""The ingest step: raw sources in data/raw/ → the validated CSV files every page reads.

Reads each partner-list snapshot, merges them (newest wins), derives the hosted forum editions from the
contacts that name them, adds the United Cities Forum programme and the national figures from the news
items, validates everything against the schemas, and writes byte-stable CSVs.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from cooperation import staff, storage
from cooperation.ingest.classify import inherit_edition_formats
from cooperation.ingest.forum import forum_event_facts, parse_forum_sessions
from cooperation.ingest.manifest import SourceEntry, check_source, load_manifest, sha256_of
from cooperation.ingest.merge import merge_pages
from cooperation.ingest.national import parse_national_context
from cooperation.ingest.partners import PageRows, Row, home_city_row, parse_partner_page
from cooperation.ingest.report import Problem, Report
from cooperation.ingest.signings import documents_in_entries, with_signing_days
from cooperation.loading import DataError, read_table, validate_tables
from cooperation.paths import DATA_DIR, RAW_DIR
from cooperation.schemas import TABLES
from cooperation.vocab import FORUM_SERIES, HOME_CITY_ID

DEFAULT_RAW_DIR = RAW_DIR
DEFAULT_OUT_DIR = DATA_DIR
UCF_EVENT_ID = "united_cities_forum-2023"


def read_text(path: Path, report: Report) -> str | None:
    """Sources arrive as UTF-8 (with or without BOM) or, from Windows tools, as Windows-1251."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    report.add(path.name, None, "not readable as UTF-8 or Windows-1251; skipped", "error")
    return None


def _snapshot_key(path: Path, entry: SourceEntry | None, rows: PageRows) -> str:
    """Order of application: snapshot date from the manifest, else the latest entry; checksum breaks ties."""
    date = entry.snapshot_date if entry else rows.latest_contact
    return f"{date or '0000'}|{sha256_of(path)}"


def partner_pages(sources: list[Path], manifest: dict[str, SourceEntry], report: Report) -> PageRows:
    pages: list[tuple[str, PageRows]] = []
    for path in sources:
        report.extend(check_source(path, manifest))
        text = read_text(path, report)
        if text is None:
            continue
        rows = parse_partner_page(text, path.name)
        report.extend(rows.problems)
        pages.append((_snapshot_key(path, manifest.get(path.name), rows), rows))
    merged, problems = merge_pages(pages)
    report.extend(problems)
    return merged


def _edition_rows(contacts: list[Row]) -> list[Row]:
    """One row per hosted forum edition named by a contact; its dates are the span the contacts give.

    Day-precise contact dates are preferred: a forum's dates are those of the entries that quote them.
    """
    series = {s.series: s for s in FORUM_SERIES}
    editions: dict[str, list[Row]] = {}
    for contact in contacts:
        if contact["event_id"]:
            editions.setdefault(contact["event_id"], []).append(contact)
    rows = []
    for event_id, linked in sorted(editions.items()):
        name, _, year = event_id.rpartition("-")
        dated = [c for c in linked if c["date_start"]]
        best = (
            [c for c in dated if c["date_precision"] == "day"]
            or [c for c in dated if c["date_precision"] == "month"]
            or dated
        )
        in_year = [c for c in best if c["date_start"][:4] == year] or best
        spec = series[name]
        rows.append(
            {
                "event_id": event_id,
                "series": name,
                "edition": int(year),
                "name_ru": f"{spec.name_ru} {year}",
                "name_en": f"{spec.name_en} {year}",
                "date_start": min((c["date_start"] for c in in_year), default=""),
                "date_end": max((c["date_end"] for c in in_year), default=""),
                "date_precision": in_year[0]["date_precision"] if in_year else "",
                "city_id": HOME_CITY_ID,
                "parent_event_id": "",
            }
        )
    return rows


def forum_tables(raw_dir: Path, manifest: dict[str, SourceEntry], events: list[Row], report: Report) -> list[Row]:
    """The United Cities Forum 2023 from its brochure and programme; its edition row is set from them."""
    files = {e.kind: raw_dir / e.file for e in manifest.values() if e.kind in ("forum_brochure", "forum_programme")}
    if set(files) != {"forum_brochure", "forum_programme"}:
        report.add("manifest.yaml", None, "no forum brochure/programme listed; forum_sessions.csv left empty")
        return []
    texts = {}
    for kind, path in files.items():
        report.extend(check_source(path, manifest))
        texts[kind] = read_text(path, report) or ""
    sessions, problems = parse_forum_sessions(
        texts["forum_programme"],
        texts["forum_brochure"],
        UCF_EVENT_ID,
        programme_file=files["forum_programme"].name,
        brochure_file=files["forum_brochure"].name,
    )
    report.extend([Problem(files["forum_programme"].name, None, p, "info") for p in problems])
    facts = forum_event_facts(texts["forum_brochure"])
    ucf = next((e for e in events if e["event_id"] == UCF_EVENT_ID), None)
    if ucf is None:
        spec = next(s for s in FORUM_SERIES if s.series == "united_cities_forum")
        ucf = {
            "event_id": UCF_EVENT_ID,
            "series": spec.series,
            "edition": 2023,
            "name_ru": f"{spec.name_ru} 2023",
            "name_en": f"{spec.name_en} 2023",
            "city_id": HOME_CITY_ID,
            "parent_event_id": "",
        }
        events.append(ucf)
    if facts.get("date_start") and facts.get("date_end"):
        ucf.update(
            date_start=facts["date_start"].isoformat(), date_end=facts["date_end"].isoformat(), date_precision="day"
        )
    if facts.get("parent_forum") and "rostki-2023" in {e["event_id"] for e in events}:
        ucf["parent_event_id"] = "rostki-2023"
    return [{**asdict(s), "date": s.date.isoformat()} for s in sessions]


def national_rows(raw_dir: Path, manifest: dict[str, SourceEntry], report: Report) -> list[Row]:
    rows: list[Row] = []
    for entry in sorted((e for e in manifest.values() if e.kind == "news"), key=lambda e: e.file):
        path = raw_dir / entry.file
        report.extend(check_source(path, manifest))
        figures, problems = parse_national_context(read_text(path, report) or "", entry.file)
        report.extend([Problem(entry.file, None, p) for p in problems])
        rows += [asdict(f) for f in figures]
    return rows


def source_rows(used: list[Path], manifest: dict[str, SourceEntry], page_rows: PageRows) -> list[Row]:
    rows = []
    for path in used:
        entry = manifest.get(path.name)
        meta = (
            dict(entry.meta)
            if entry
            else {
                "kind": "partner_list_page",
                "title": path.name,
                "snapshot_date": page_rows.latest_contact[:7],
                "snapshot_date_basis": "no manifest entry: latest dated entry it contains",
            }
        )
        meta.pop("file", None)
        rows.append({**meta, "source_file": path.name, "sha256": sha256_of(path)})
    return rows


def _frame(name: str, rows: list[Row]) -> pd.DataFrame:
    columns = TABLES[name].columns
    frame = pd.DataFrame(rows)
    for column in columns:
        if column not in frame:
            frame[column] = None
    extra = sorted(c for c in frame.columns if c not in columns)
    return frame[columns + extra]


def build_tables(sources: list[Path], raw_dir: Path) -> tuple[dict[str, pd.DataFrame], Report]:
    report = Report()
    manifest, problems = load_manifest(raw_dir)
    report.extend(problems)
    pages = partner_pages(sources, manifest, report)
    home = home_city_row()
    cities = [home] + sorted(
        (c for c in pages.cities if c["city_id"] != HOME_CITY_ID), key=lambda c: (c["role"] != "partner", c["city_id"])
    )
    contacts = inherit_edition_formats(
        sorted(pages.contacts, key=lambda c: (c["city_id"], c["date_start"], c["source_line"]))
    )
    events = _edition_rows(contacts)
    from_entries, problems = documents_in_entries(contacts, pages.agreements)
    report.extend(problems)
    agreements = with_signing_days(pages.agreements + from_entries, contacts)
    sessions = forum_tables(raw_dir, manifest, events, report)
    used = sorted(
        {
            *sources,
            *(
                raw_dir / e.file
                for e in manifest.values()
                if e.kind != "partner_list_page" and (raw_dir / e.file).exists()
            ),
        }
    )
    tables = {
        "cities": _frame("cities", cities),
        "agreements": _frame("agreements", sorted(agreements, key=lambda a: a["agreement_id"])),
        "contacts": _frame("contacts", contacts),
        "events": _frame("events", sorted(events, key=lambda e: e["event_id"])),
        "forum_sessions": _frame("forum_sessions", sessions),
        "memberships": _frame(
            "memberships", sorted(pages.memberships, key=lambda m: (m["city_id"], m["organization"]))
        ),
        "national_context": _frame("national_context", national_rows(raw_dir, manifest, report)),
        "sources": _frame("sources", source_rows(used, manifest, pages)),
    }
    return tables, report


def to_csv_bytes(name: str, frame: pd.DataFrame) -> bytes:
    """Stable bytes: LF line endings, and integer columns (per the schema) without a trailing '.0'."""
    buffer = io.StringIO()
    out = frame.copy()
    for column, spec in TABLES[name].schema.columns.items():
        if str(spec.dtype) == "Int64":
            out[column] = pd.to_numeric(out[column]).astype("Int64")
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def keep_staff_rows(
    tables: dict[str, pd.DataFrame], out_dir: Path, ingested_files: set[str], report: Report
) -> dict[str, bytes]:
    """Rows staff added straight into a generated file (as the Data page did before the staff layer) survive:
    they move into the staff layer's added-rows files, which the ingest never rewrites afterwards.

    A row is the ingest's own when its key is in the new output or, for tables that record it, its
    source_file is one of the ingested pages; a table without source_file (cities, events, memberships)
    gives up a row only when changes.log records staff adding it — a city an older snapshot listed is not
    staff's. Returns the new bytes of each added-rows file that grows.
    """
    layer = staff.read_layer(out_dir)
    logged = _logged_additions(out_dir)
    moved: dict[str, bytes] = {}
    for name in staff.LAYERED:
        path = out_dir / TABLES[name].file
        if not path.exists():
            continue
        try:
            existing = read_table(out_dir, name)
        except DataError as exc:
            report.add(
                TABLES[name].file, None, f"existing file not readable, staff rows cannot be kept: {exc}", "warning"
            )
            continue
        key = staff.key_columns(name)
        if existing.empty or any(k not in existing for k in key):
            continue
        new_keys = set(staff.row_ids(name, tables[name]))
        known = new_keys | set(staff.row_ids(name, layer.added[name]))
        mask = ~staff.row_ids(name, existing).isin(known)
        if "source_file" in existing:
            mask &= ~existing["source_file"].isin(ingested_files)
        else:
            mask &= staff.row_ids(name, existing).isin(logged.get(name, set()))
        extra = existing[mask]
        if extra.empty:
            continue
        target = staff.added_file(name)
        report.add(
            TABLES[name].file,
            None,
            f"kept {len(extra)} row(s) not from the sources (added by staff), moved to {target}",
            "info",
        )
        rows = extra.reindex(columns=TABLES[name].columns).assign(added_by="", added_at="")
        moved[target] = staff.csv_bytes(pd.concat([layer.added[name], rows], ignore_index=True).fillna(""))
    return moved


def _logged_additions(out_dir: Path) -> dict[str, set[str]]:
    """Row ids per table that changes.log (and its rotated files) records staff adding."""
    added: dict[str, set[str]] = {}
    for path in sorted(out_dir.glob(f"{storage.CHANGE_LOG}*")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("action") == "add":
                added.setdefault(str(entry.get("table")), set()).add(str(entry.get("row_id")))
    return added


# A rebuild waits this long for a Data-page save to finish (a save holds the lock for about a second).
LOCK_TIMEOUT_S = 60.0


def _text_frames(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(io.BytesIO(to_csv_bytes(name, t)), dtype=str, keep_default_na=False)
        for name, t in tables.items()
    }


def run(sources: list[Path], out_dir: Path, raw_dir: Path = DEFAULT_RAW_DIR) -> Report:
    """Build, validate, and write the generated tables the way the Data page writes: under the data
    directory's lock, all files or none (`storage.commit`), the previous generation kept in backups/, one
    line in changes.log. The staff layer is never rewritten (rows staff once added straight into a generated
    file move into it); what the new sources change under a staff correction is reported."""
    tables, report = build_tables(sources, raw_dir)
    try:
        texts = _text_frames(tables)
        validate_tables(texts)
    except DataError as exc:
        report.add("ingest", None, f"the result does not pass the schemas, nothing written: {exc}", "error")
        return report
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with storage.locked(out_dir, LOCK_TIMEOUT_S):
            writes = keep_staff_rows(texts, out_dir, {p.name for p in sources}, report)
            layer = staff.read_layer(out_dir)
            for name in staff.LAYERED:
                for level, message in staff.rebuild_notes(name, texts[name], layer):
                    report.add(TABLES[name].file, None, message, level)
            for name, table in tables.items():
                data = to_csv_bytes(name, table)
                path = out_dir / TABLES[name].file
                if not path.exists() or path.read_bytes() != data:
                    writes[TABLES[name].file] = data
                report.rows[TABLES[name].file] = len(table)
            if writes:
                storage.commit(
                    out_dir,
                    writes,
                    [
                        {
                            "who": "python -m cooperation.ingest",
                            "when": storage.utc_iso(),
                            "table": "*",
                            "action": "rebuild",
                            "via": "ingest",
                            "row_id": None,
                            "before": None,
                            "after": None,
                            "sources": sorted(p.name for p in sources),
                            "written_to": sorted(writes),
                        }
                    ],
                )
    except (storage.StorageError, DataError) as exc:
        report.rows.clear()
        report.add("ingest", None, f"could not write to {out_dir}, nothing written: {exc}", "error")
    return report


def default_sources(raw_dir: Path = DEFAULT_RAW_DIR) -> list[Path]:
    manifest, _ = load_manifest(raw_dir)
    return sorted(raw_dir / e.file for e in manifest.values() if e.kind == "partner_list_page")
