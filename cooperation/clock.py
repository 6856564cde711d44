"""Today's date, the one clock every judgement about "now" reads (statuses, anniversaries, "coming up")."""

from __future__ import annotations

import datetime
import logging
import os

TODAY_ENV = "COOPERATION_TODAY"
log = logging.getLogger("cooperation")


def today() -> datetime.date:
    """Today's date; `COOPERATION_TODAY` (ISO date) fixes it for tests and rehearsals of a presentation."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError:
            log.warning("ignoring %s=%r: not an ISO date", TODAY_ENV, fixed)
    return datetime.date.today()
