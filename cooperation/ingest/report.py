"""What an ingest run tells its user: rows written and everything it could not use, with line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One line or field the ingest could not (fully) use; `level` is "error", "warning" or "info"."""

    source_file: str
    line: int | None
    message: str
    level: str = "warning"

    def __str__(self) -> str:
        where = f"{self.source_file}:{self.line}" if self.line else self.source_file
        return f"[{self.level}] {where}: {self.message}"


@dataclass
class Report:
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, source_file: str, line: int | None, message: str, level: str = "warning") -> None:
        self.problems.append(Problem(source_file, line, message, level))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def render(self) -> str:
        lines = ["rows written:"]
        lines += [f"  {name:<22} {count:>6}" for name, count in self.rows.items()]
        if self.problems:
            lines.append(f"{len(self.problems)} note(s):")
            lines += [f"  {p}" for p in self.problems]
        else:
            lines.append("nothing skipped")
        return "\n".join(lines)
