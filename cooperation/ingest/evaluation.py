"""How well the classifier's labels agree with a hand-labelled set: precision, recall and F1 per sphere,
accuracy of format and venue.

The labelled set (tests/data/labelled_contacts.csv) names each contact by its source line and its place
among the contacts of that line (`part`, 1 for the first), and quotes the start of its text (`excerpt`) so a
shifted row is caught rather than scored. Used by tests/test_classify_quality.py and benchmarks/classify.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cooperation.vocab import SPHERES

LABELLED_COLUMNS = ["source_line", "part", "city_id", "venue", "format", "spheres", "excerpt", "reasoning"]


@dataclass(frozen=True)
class SphereScore:
    sphere: str
    labelled: int
    predicted: int
    true_positive: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    contacts: int
    spheres: tuple[SphereScore, ...]
    format_accuracy: float
    venue_accuracy: float
    spheres_per_contact: float
    labelled_spheres_per_contact: float
    exact_spheres: float
    disagreements: pd.DataFrame

    def sphere(self, name: str) -> SphereScore:
        return next(s for s in self.spheres if s.sphere == name)

    @property
    def micro_f1(self) -> float:
        tp = sum(s.true_positive for s in self.spheres)
        predicted = sum(s.predicted for s in self.spheres)
        labelled = sum(s.labelled for s in self.spheres)
        return 2 * tp / (predicted + labelled) if predicted + labelled else 1.0

    def to_markdown(self) -> str:
        summary = (
            f"{self.contacts} contacts; spheres per contact {self.spheres_per_contact:.2f} "
            f"(labelled {self.labelled_spheres_per_contact:.2f}); sphere sets exactly right "
            f"{self.exact_spheres:.0%}; format accuracy {self.format_accuracy:.0%}; "
            f"venue accuracy {self.venue_accuracy:.0%}; micro-averaged sphere F1 {self.micro_f1:.2f}"
        )
        lines = [
            summary,
            "",
            "| sphere | labelled | predicted | precision | recall | F1 |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {s.sphere} | {s.labelled} | {s.predicted} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} |"
            for s in self.spheres
        ]
        return "\n".join(lines)


def read_labelled(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in LABELLED_COLUMNS if c not in frame]
    if missing:
        raise ValueError(f"{path}: column(s) {', '.join(missing)} missing; expected {', '.join(LABELLED_COLUMNS)}")
    return frame.assign(source_line=frame["source_line"].astype(int), part=frame["part"].astype(int))


def align(contacts: pd.DataFrame, labelled: pd.DataFrame, source_file: str) -> pd.DataFrame:
    """One row per labelled contact with the classifier's labels beside it (suffix `_predicted`).

    Raises ValueError when a labelled contact has no row or its text does not start with the excerpt, and when
    the page has contacts the set does not label: the set must cover every contact of the page.
    """
    page = contacts[contacts["source_file"] == source_file].copy()
    page["source_line"] = page["source_line"].astype(int)
    page = page.sort_values("source_line", kind="stable")
    page["part"] = page.groupby("source_line").cumcount() + 1
    merged = labelled.merge(page, on=["source_line", "part"], how="outer", suffixes=("", "_predicted"), indicator=True)
    unlabelled = merged[merged["_merge"] == "right_only"]
    if not unlabelled.empty:
        raise ValueError(f"contacts not in the labelled set: lines {sorted(unlabelled['source_line'])}")
    absent = merged[merged["_merge"] == "left_only"]
    if not absent.empty:
        raise ValueError(f"labelled contacts the ingest does not produce: lines {sorted(absent['source_line'])}")
    shifted = merged[[not text.startswith(excerpt) for text, excerpt in zip(merged["text_ru"], merged["excerpt"])]]
    if not shifted.empty:
        raise ValueError(f"labelled excerpt does not start the contact's text on lines {list(shifted['source_line'])}")
    return merged.drop(columns="_merge")


def evaluate(contacts: pd.DataFrame, labelled: pd.DataFrame, source_file: str) -> Evaluation:
    rows = align(contacts, labelled, source_file)
    truth = [set(s.split("|")) for s in rows["spheres"]]
    guess = [set(s.split("|")) for s in rows["spheres_predicted"]]
    scores = tuple(
        SphereScore(
            sphere,
            sum(sphere in t for t in truth),
            sum(sphere in g for g in guess),
            sum(sphere in t and sphere in g for t, g in zip(truth, guess)),
        )
        for sphere in SPHERES
    )
    wrong = [t != g for t, g in zip(truth, guess)]
    wrong_format = rows["format"] != rows["format_predicted"]
    wrong_venue = rows["venue"] != rows["venue_predicted"]
    disagreements = rows[pd.Series(wrong, index=rows.index) | wrong_format | wrong_venue][
        [
            "source_line",
            "part",
            "spheres",
            "spheres_predicted",
            "format",
            "format_predicted",
            "venue",
            "venue_predicted",
        ]
    ]
    n = len(rows)
    return Evaluation(
        contacts=n,
        spheres=scores,
        format_accuracy=float((~wrong_format).mean()),
        venue_accuracy=float((~wrong_venue).mean()),
        spheres_per_contact=sum(map(len, guess)) / n,
        labelled_spheres_per_contact=sum(map(len, truth)) / n,
        exact_spheres=1 - sum(wrong) / n,
        disagreements=disagreements.reset_index(drop=True),
    )
