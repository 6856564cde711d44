"""The country borders the maps send to the browser, derived from the Natural Earth files for the zoom they
are drawn at (issue 18: the map page sent 1.56 MB per load, nearly all of it the 50m borders).

    python -m cooperation.borders          # writes data/geo/countries-*-simplified.geojson from the originals

Each level is a (source file, tolerance, quantum) chosen for the zoom it is drawn at (deck.gl's world is 512 px
wide at zoom 0, so one pixel is 0.70° of longitude at zoom 1 and 0.35° at zoom 2):
- "50m", the map page when its view is fitted closer than the whole world (zoom 1.5 and more: the bundled
  partners open at 1.6), which visitors zoom into: simplified to 0.08° and rounded to 0.01°, a fifth of a
  pixel where it opens;
- "110m", the slides (a big screen fitted at zoom 1.5–2, never explored): the 110m file simplified to 0.15°
  and rounded to 0.1°, under a pixel at zoom 2;
- "world", any map fitted to the whole world (below zoom 1.5: the overview's small map, and every map when
  the partners span the globe, as at 100x synthetic data): the 110m file simplified to 0.25°, a third of a
  pixel at zoom 1.
Simplification is topology-preserving (the `topojson` package, Douglas–Peucker through shapely, both pinned in
requirements.txt): a border shared by two countries is simplified once, so neighbours still meet without gaps
or overlaps. Then coordinates are rounded to the level's quantum (a point in 100 km of another rounds the
same way on both sides of a border), repeated points dropped, and islands and lakes smaller than a pixel at
that zoom left out — though every country keeps its largest polygon, so a small partner country stays on
the map. Properties kept: iso_a2, name_en, name_ru.

Deterministic: the same originals give byte-identical files (a test runs it again and compares).
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cooperation.paths import GEO_DIR

KEPT_PROPERTIES: tuple[str, ...] = ("iso_a2", "name_en", "name_ru")


@dataclass(frozen=True)
class Level:
    """One simplified file: from `source`, Douglas–Peucker `tolerance` and rounding to `decimals` (degrees),
    leaving out rings smaller than `min_area` square degrees (except a country's largest polygon)."""

    source: str
    output: str
    tolerance: float
    decimals: int
    min_area: float


LEVELS: dict[str, Level] = {
    "50m": Level(
        "countries-50m.geojson", "countries-50m-simplified.geojson", tolerance=0.08, decimals=2, min_area=0.04
    ),
    "110m": Level(
        "countries-110m.geojson", "countries-110m-simplified.geojson", tolerance=0.15, decimals=1, min_area=0.1
    ),
    "world": Level("countries-110m.geojson", "countries-110m-world.geojson", tolerance=0.25, decimals=1, min_area=0.25),
}


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    """Shoelace area in square degrees (a size threshold, not a surface area)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))) / 2


def _quantised(ring: Sequence[Sequence[float]], decimals: int) -> list[list[float]]:
    """The ring rounded to `decimals`, without the points that rounding made equal to the previous one."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, decimals), round(lat, decimals)]
        if not out or point != out[-1]:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _polygons(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _simplified_geometry(geometry: dict, level: Level) -> dict:
    """The polygons worth drawing at the level's zoom, quantised; the largest one is always kept."""
    polygons = [[_quantised(ring, level.decimals) for ring in polygon] for polygon in _polygons(geometry)]
    polygons = [polygon for polygon in polygons if len(polygon[0]) >= 4]
    largest = max(polygons, key=lambda polygon: _ring_area(polygon[0]), default=None)
    kept = []
    for polygon in polygons:
        if polygon is not largest and _ring_area(polygon[0]) < level.min_area:
            continue
        kept.append(
            [polygon[0], *(ring for ring in polygon[1:] if len(ring) >= 4 and _ring_area(ring) >= level.min_area)]
        )
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def derive(level: Level, geo_dir: Path = GEO_DIR) -> dict:
    """The simplified FeatureCollection of one level, in the source's feature order."""
    import topojson

    source = json.loads((geo_dir / level.source).read_text(encoding="utf-8"))
    topology = topojson.Topology(
        source, prequantize=False, toposimplify=level.tolerance, simplify_with="shapely", simplify_algorithm="dp"
    )
    features = []
    for feature in json.loads(topology.to_geojson())["features"]:
        if not feature.get("geometry"):
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {key: feature["properties"].get(key) for key in KEPT_PROPERTIES},
                "geometry": _simplified_geometry(feature["geometry"], level),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def encode(collection: dict) -> str:
    """Compact JSON, one feature per line (readable diffs), non-ASCII names as written."""
    lines = [json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in collection["features"]]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the simplified borders the maps draw (data/geo/).")
    parser.add_argument("--out", type=Path, default=GEO_DIR, help="directory to write to (default data/geo/)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, level in LEVELS.items():
        text = encode(derive(level))
        (args.out / level.output).write_text(text, encoding="utf-8")
        print(f"{name}: {level.source} -> {level.output}, {len(text.encode()) / 1000:.0f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
