"""`python -m cooperation.ingest [--source FILE|DIR …] [--out DIR]`: rebuild the CSVs from the raw sources."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cooperation.ingest.build import DEFAULT_OUT_DIR, DEFAULT_RAW_DIR, default_sources, run
from cooperation.ingest.report import Report


def expand(sources: list[Path]) -> list[Path]:
    """A directory stands for every text file in it: several pages of the list dropped in one folder."""
    files: list[Path] = []
    for source in sources:
        files += sorted(source.glob("*.txt")) if source.is_dir() else [source]
    return files


# Exit statuses, for scripts that run the ingest (README, "Rebuild the tables").
EXIT_WRITTEN = 0  # written; the report holds notes only
EXIT_NOTHING_WRITTEN = 1  # the result did not pass the schemas: no file was changed
EXIT_USAGE = 2  # bad command line or missing source file (argparse uses 2 too)
EXIT_WRITTEN_WITH_WARNINGS = 3  # written, but some places, values or lines need a look: see the report


def exit_status(report: Report) -> int:
    """Tells "written with warnings" from "nothing written", so a script knows whether data/ changed."""
    if not report.rows:
        return EXIT_NOTHING_WRITTEN
    if any(p.level in ("warning", "error") for p in report.problems):
        return EXIT_WRITTEN_WITH_WARNINGS
    return EXIT_WRITTEN


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cooperation.ingest", description=__doc__)
    parser.add_argument(
        "--source",
        action="append",
        type=Path,
        help="a snapshot of the partner-list page, or a directory of them (repeatable); "
        "default: the pages listed in data/raw/manifest.yaml",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="where to write the CSVs (default: data/)")
    parser.add_argument(
        "--raw",
        type=Path,
        default=DEFAULT_RAW_DIR,
        help="the raw directory holding manifest.yaml and the forum and news documents",
    )
    args = parser.parse_args(argv)
    sources = expand(args.source) if args.source else default_sources(args.raw)
    missing = [s for s in sources if not s.is_file()]
    if missing or not sources:
        print(f"error: no such source file: {', '.join(map(str, missing)) or '(none given)'}", file=sys.stderr)
        return EXIT_USAGE
    report = run(sources, args.out, args.raw)
    print(report.render())
    return exit_status(report)


if __name__ == "__main__":
    sys.exit(main())
