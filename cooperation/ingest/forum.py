"""Sessions and headline facts of the United Cities Forum (Kazan, 7–8 September 2023).

Two texts describe the same programme and neither is complete on its own: the brochure's compact
schedule puts each session on the right day but wraps and sometimes cuts its titles; the programme
has the descriptions but was extracted from a page layout, so its date headers sit in the wrong places,
one title is cut and the last session has no title line at all. The parser therefore takes the day,
time range and title from the brochure, the description from the programme, the fuller of the two
titles, and reports every disagreement instead of raising, so a bad extraction is visible, not fatal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PROGRAMME_FILE = "united_cities_forum_2023_programme.txt"
BROCHURE_FILE = "united_cities_forum_2023_brochure.txt"

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_RE = "(" + "|".join(_MONTHS) + ")"
# "September, 7, 2023" in the programme, "September 7, 2023" in the brochure.
_DATE_HEADER = re.compile(rf"^{_MONTH_RE},?\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.IGNORECASE)
_TIME_RANGE = re.compile(r"^(\d{1,2})[.:](\d{2})\s*[-–—]\s*(\d{1,2})[.:](\d{2})$")
# The organiser line is a page footer in both texts, not part of the last session's description.
_ORGANISER = re.compile(r"The Forum is organi[sz]ed by the (.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ForumSession:
    """One forum session; `source_file` names the text its (fuller) title was taken from."""

    session_id: str
    event_id: str
    date: date
    time_start: str
    time_end: str
    title_en: str
    description_en: str
    source_file: str


@dataclass(frozen=True)
class _ScheduleEntry:
    """A brochure schedule line group: the authority for day, time range and title."""

    line_no: int
    date: date
    time_start: str
    time_end: str
    title: str


@dataclass
class _ProgrammeBlock:
    """A programme time range with what follows it; `date` is where the layout put it, often wrong."""

    line_no: int
    date: date | None
    time_start: str
    time_end: str
    title: str
    paragraphs: list[str]


def parse_forum_sessions(
    programme_text: str,
    brochure_text: str,
    event_id: str = "united_cities_forum-2023",
    *,
    programme_file: str = PROGRAMME_FILE,
    brochure_file: str = BROCHURE_FILE,
) -> tuple[list[ForumSession], list[str]]:
    """Join the brochure schedule with the programme descriptions into sessions ordered by day and time.

    Returns the sessions and a list of problems (unmatched blocks, conflicting dates or titles, sessions
    without a description) with line numbers, so the caller can show what the sources disagree on.
    """
    problems: list[str] = []
    schedule = _parse_schedule(brochure_text, problems)
    blocks = _parse_programme(programme_text, problems)
    if not schedule:
        problems.append("brochure: no dated schedule (date header followed by time ranges) found")
    matches = _match_blocks(schedule, blocks, problems)
    ordered = sorted(enumerate(schedule), key=lambda pair: (pair[1].date, pair[1].time_start, pair[0]))
    prefix = _session_prefix(event_id)
    sessions = [
        _build_session(
            f"{prefix}-s{rank}", event_id, entry, matches.get(index), programme_file, brochure_file, problems
        )
        for rank, (index, entry) in enumerate(ordered, start=1)
    ]
    return sessions, problems


def forum_event_facts(brochure_text: str) -> dict:
    """What the brochure itself states about the event; a fact the text does not state is None.

    Read from the text with patterns rather than typed in, so a corrected brochure updates the facts.
    """
    held = re.search(
        rf"held on {_MONTH_RE}\s+(\d{{1,2}})\s*[-–]\s*(\d{{1,2}}) in ([A-Z][\w-]+)", brochure_text, re.IGNORECASE
    )
    year = re.search(rf"{_MONTH_RE}\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}},\s*(\d{{4}})", brochure_text, re.IGNORECASE)
    name = re.search(r"participants of the ([A-Z][\w ]*? Forum)\b", brochure_text)
    parent = re.search(r"International forum «([^»]+)»", brochure_text, re.IGNORECASE)
    participants = re.search(r"about (\d+) representatives", brochure_text, re.IGNORECASE)
    organiser = _ORGANISER.search(brochure_text)
    start = end = None
    if held and year:
        month = _MONTHS.index(held.group(1).lower()) + 1
        start = date(int(year.group(2)), month, int(held.group(2)))
        end = date(int(year.group(2)), month, int(held.group(3)))
    return {
        "name": name.group(1) if name else None,
        "date_start": start,
        "date_end": end,
        "city": held.group(4) if held else None,
        "parent_forum": parent.group(1).strip() if parent else None,
        "expected_participants": int(participants.group(1)) if participants else None,
        "organiser": organiser.group(1) if organiser else None,
        "major_topics": _bulleted_list_after("Major topics:", brochure_text),
    }


def _bulleted_list_after(heading: str, text: str) -> list[str]:
    """The bullet items directly under `heading`; the list ends at the first line that is not a bullet."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    if start is None:
        return []
    items: list[str] = []
    for line in lines[start + 1 :]:
        bullet = re.match(r"^\s*[•\-*]\s+(.+?)\s*$", line)
        if not bullet:
            break
        items.append(bullet.group(1))
    return items


def _parse_date_header(line: str) -> date | None:
    match = _DATE_HEADER.match(line)
    if not match:
        return None
    return date(int(match.group(3)), _MONTHS.index(match.group(1).lower()) + 1, int(match.group(2)))


def _parse_time_range(line: str) -> tuple[str, str] | None:
    match = _TIME_RANGE.match(line)
    if not match:
        return None
    h1, m1, h2, m2 = match.groups()
    return f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"


def _is_header(line: str) -> bool:
    return _parse_date_header(line) is not None or _parse_time_range(line) is not None


def _quotes_closed(title: str) -> bool:
    """A «quoted» title is complete once its guillemets balance; what follows is other brochure text."""
    return "«" in title and title.count("»") >= title.count("«")


def _parse_schedule(text: str, problems: list[str]) -> list[_ScheduleEntry]:
    """Read the brochure's date / time range / wrapped title groups.

    A wrapped title continues on lines that start in lower case, until its «quotes» close: that is how
    the layout breaks titles, and it keeps stray captions ("to participate in the Forum") out of them.
    """
    lines = [line.strip() for line in text.splitlines()]
    entries: list[_ScheduleEntry] = []
    current_date: date | None = None
    for index, line in enumerate(lines):
        current_date = _parse_date_header(line) or current_date
        times = _parse_time_range(line)
        if times is None:
            continue
        if current_date is None:
            problems.append(f"brochure line {index + 1}: time range {line!r} before any date header, skipped")
            continue
        title = _wrapped_title(lines[index + 1 :])
        if not title:
            problems.append(f"brochure line {index + 1}: time range {line!r} has no title")
        entries.append(_ScheduleEntry(index + 1, current_date, times[0], times[1], title))
    return entries


def _wrapped_title(following: list[str]) -> str:
    if not following or not following[0] or _is_header(following[0]):
        return ""
    parts = [following[0]]
    for line in following[1:]:
        title = " ".join(parts)
        if not line or _is_header(line) or not line[0].islower() or _quotes_closed(title):
            break
        parts.append(line)
    return " ".join(parts)


def _looks_like_title(line: str) -> bool:
    """A title line is short and not a sentence; the untitled last block starts straight with prose."""
    return len(line) <= 200 and not line.endswith((".", "?", "!"))


def _parse_programme(text: str, problems: list[str]) -> list[_ProgrammeBlock]:
    """Cut the programme into time-range blocks: a title line (if there is one) and paragraphs."""
    blocks: list[_ProgrammeBlock] = []
    current: _ProgrammeBlock | None = None
    current_date: date | None = None
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header_date = _parse_date_header(line)
        times = _parse_time_range(line)
        if header_date:
            current_date = header_date
        elif times:
            current = _ProgrammeBlock(line_no, current_date, times[0], times[1], "", [])
            blocks.append(current)
        elif _ORGANISER.match(line):
            current = None
        elif line and current is not None:
            if not current.title and not current.paragraphs and _looks_like_title(line):
                current.title = line
            else:
                current.paragraphs.append(line)
    if not blocks:
        problems.append("programme: no time-range blocks found")
    return blocks


def _title_words(title: str) -> list[str]:
    return re.findall(r"\w+", title.lower())


def _overlap(a: str, b: str) -> int:
    return len(set(_title_words(a)) & set(_title_words(b)))


def _match_blocks(
    schedule: list[_ScheduleEntry], blocks: list[_ProgrammeBlock], problems: list[str]
) -> dict[int, _ProgrammeBlock]:
    """Pair each programme block with the brochure entry of the same time range.

    Where several entries share the range, the title words decide; the programme's own date header
    is ignored for matching because its layout misplaces them, but a disagreement is reported.
    """
    matches: dict[int, _ProgrammeBlock] = {}
    for block in blocks:
        candidates = [
            i
            for i, entry in enumerate(schedule)
            if i not in matches and (entry.time_start, entry.time_end) == (block.time_start, block.time_end)
        ]
        if not candidates:
            problems.append(
                f"programme line {block.line_no}: session {block.time_start}-{block.time_end} "
                f"{block.title!r} is not in the brochure schedule"
            )
            continue
        best = max(candidates, key=lambda i: _overlap(schedule[i].title, block.title))
        matches[best] = block
        if block.date and block.date != schedule[best].date:
            problems.append(
                f"programme line {block.line_no}: session {block.time_start}-{block.time_end} is under "
                f"{block.date.isoformat()}, brochure line {schedule[best].line_no} says "
                f"{schedule[best].date.isoformat()}; the brochure date is used"
            )
    return matches


def _fuller_title(brochure_title: str, programme_title: str) -> tuple[str, bool, bool]:
    """Pick the title that contains the other one's words and more: each source cuts a different title.

    Returns (title, taken_from_programme, conflict); on a real conflict the brochure wins.
    """
    b_words, p_words = _title_words(brochure_title), _title_words(programme_title)
    if not p_words:
        return brochure_title, False, False
    if not b_words or (len(p_words) > len(b_words) and p_words[: len(b_words)] == b_words):
        return programme_title, True, False
    return brochure_title, False, b_words[: len(p_words)] != p_words


def _build_session(
    session_id: str,
    event_id: str,
    entry: _ScheduleEntry,
    block: _ProgrammeBlock | None,
    programme_file: str,
    brochure_file: str,
    problems: list[str],
) -> ForumSession:
    if block is None:
        problems.append(
            f"brochure line {entry.line_no}: session {entry.time_start}-{entry.time_end} "
            f"{entry.title!r} has no description in the programme"
        )
    programme_title = block.title if block else ""
    title, from_programme, conflict = _fuller_title(entry.title, programme_title)
    if conflict:
        problems.append(
            f"programme line {block.line_no}: title {programme_title!r} differs from the brochure's "
            f"{entry.title!r} (line {entry.line_no}); the brochure title is used"
        )
    return ForumSession(
        session_id=session_id,
        event_id=event_id,
        date=entry.date,
        time_start=entry.time_start,
        time_end=entry.time_end,
        title_en=title,
        description_en="\n\n".join(block.paragraphs) if block else "",
        source_file=programme_file if from_programme else brochure_file,
    )


def _session_prefix(event_id: str) -> str:
    """ "united_cities_forum-2023" -> "ucf2023": short, readable and fixed by the event id alone."""
    name, _, year = event_id.rpartition("-")
    if not name:
        name, year = event_id, ""
    return "".join(word[0] for word in re.split(r"[_\W]+", name) if word) + year
