"""What a teacher assigns: the concepts graded, their points, the tier, the limits and what feedback reveals.

One TOML file, read by `spec grade --assignment`, `spec check --assignment` and, as `spec.toml` in the learner's
folder or a parent, by every `spec check` and `check()` for its feedback policy. Every table is optional:

    [assignment]
    title = "Homework 3: Transforms"
    pages = ["transforms"]            # page markers (spec/contract.py PAGES); their contract names are assigned
    concepts = ["NeuralNetwork"]      # contract names, added to the pages' names
    tier = "quick"                    # "quick" (cpu and not slow) or "full" (with real-data training)
    kit = "git+https://github.com/ORG/pytorch-basics-spec.git@v0.1.0"  # what learners install (`spec assign`)

    [points]                          # points per concept; an assigned concept not listed gets `default`
    default = 1
    one_hot = 3

    [limits]                          # the grader's limits, as `spec grade` takes them
    timeout = 60                      # seconds per test
    wall = 600                        # seconds per submission
    memory = 4096                     # MiB per submission

    [feedback]                        # what a learner's output reveals (practice or exam)
    hints = true                      # `spec hint` and check.hint(): levels 1 and 2
    solutions = false                 # hint level 3: the reference implementation of one name
    values = true                     # a failure's actual and expected values
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from spec.contract import CONTRACT, PAGES

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (a dependency there)
    import tomli as tomllib

CONFIG_NAME = "spec.toml"  # found in the learner's folder or a parent: the teacher's policy for `spec check`
TIERS = {"quick": "cpu and not slow", "full": "cpu"}
NONE = "none"  # `--spec-assignment=none`: every concept, and no spec.toml looked up (the grader's children)


class AssignmentError(ValueError):
    """A malformed assignment file: the message names the file, the table and the key."""


@dataclass(frozen=True)
class FeedbackPolicy:
    """What a learner's output may reveal. The default is practice: hints and values on, solutions off."""

    hints: bool = True
    solutions: bool = False
    values: bool = True


@dataclass(frozen=True)
class Assignment:
    title: str = ""
    concepts: tuple[str, ...] = tuple(CONTRACT)  # contract names, in contract order
    points: dict[str, float] = field(default_factory=dict)  # contract name -> points, for every assigned name
    tier: str = "quick"
    limits: dict[str, float] = field(default_factory=dict)  # "timeout" | "wall" | "memory" -> value
    feedback: FeedbackPolicy = FeedbackPolicy()
    path: Path | None = None  # the file it was read from
    kit: str = ""  # the pip requirement learners and Gradescope install the kit from (`spec assign`), if given
    selects: bool = False  # the file has an [assignment] table: its concepts and tier decide what runs

    @property
    def markexpr(self) -> str:
        """The pytest marker expression of its tier and pages: 'cpu and not slow and (transforms)'."""
        pages = " or ".join(self.pages)
        return f"{TIERS[self.tier]} and ({pages})" if self.selects and pages else TIERS[self.tier]

    def score(self, states: dict[str, str]) -> dict[str, float]:
        """Points per assigned concept from its state (spec/results/status.py): all of them for "pass", else 0.

        No partial credit inside a concept: its tests pin down facets of one behaviour, and their number
        depends on parametrization."""
        return {name: (self.points[name] if states.get(name) == "pass" else 0.0) for name in self.concepts}

    def to_dict(self) -> dict[str, object]:
        """What a report records of it (spec/results/report.py): enough to total the points again."""
        return {
            "title": self.title,
            "path": self.path.name if self.path is not None else None,
            "concepts": list(self.concepts),
            "points": dict(self.points),
            "total": self.total,
            "tier": self.tier,
        }

    @property
    def pages(self) -> tuple[str, ...]:
        """The page markers of the assigned concepts, in tutorial order."""
        return tuple(p for p in PAGES if any(CONTRACT[c].page == p for c in self.concepts))

    @property
    def total(self) -> float:
        return sum(self.points.values())


def _table(data: dict, name: str, path: Path, keys: set[str]) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise AssignmentError(f"{path}: [{name}] must be a table")
    unknown = set(table) - keys if keys else set()
    if unknown:
        raise AssignmentError(f"{path}: [{name}] has unknown keys {sorted(unknown)}; known: {sorted(keys)}")
    return table


def load(path: Path) -> Assignment:
    """Reads an assignment file; a malformed one is an AssignmentError naming the file and the key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise AssignmentError(f"{path}: {e}") from e
    if not isinstance(data, dict):
        raise AssignmentError(f"{path}: not a TOML table")
    unknown = set(data) - {"assignment", "points", "limits", "feedback"}
    if unknown:
        raise AssignmentError(
            f"{path}: unknown table(s) {sorted(unknown)}; known: assignment, points, limits, feedback"
        )
    head = _table(data, "assignment", path, {"title", "pages", "concepts", "tier", "kit"})
    for key in ("pages", "concepts"):
        if not isinstance(head.get(key, []), list):
            raise AssignmentError(f"{path}: [assignment] {key} must be a list of names, not {head[key]!r}")
    pages, names = list(head.get("pages", [])), list(head.get("concepts", []))
    for p in pages:
        if not isinstance(p, str) or p not in PAGES:
            raise AssignmentError(f"{path}: [assignment] pages: {p!r} is not a page; pages are {list(PAGES)}")
    for n in names:
        if not isinstance(n, str) or n not in CONTRACT:
            raise AssignmentError(f"{path}: [assignment] concepts: {n!r} is not a contract name (spec/contract.py)")
    chosen = set(names) | {n for n, c in CONTRACT.items() if c.page in pages}
    concepts = tuple(n for n in CONTRACT if n in chosen) if (pages or names) else tuple(CONTRACT)
    tier = head.get("tier", "quick")
    if tier not in TIERS:
        raise AssignmentError(f"{path}: [assignment] tier must be one of {list(TIERS)}, not {tier!r}")
    points_table = _table(data, "points", path, set())
    default = points_table.get("default", 1)
    for n, v in points_table.items():
        if n != "default" and n not in concepts:
            raise AssignmentError(f"{path}: [points] {n!r} is not an assigned concept")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < float("inf"):
            raise AssignmentError(f"{path}: [points] {n} must be a number >= 0, not {v!r}")
    points = {n: float(points_table.get(n, default)) for n in concepts}
    limits = _table(data, "limits", path, {"timeout", "wall", "memory"})
    for k, v in limits.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 1 <= v < float("inf"):
            raise AssignmentError(f"{path}: [limits] {k} must be a number >= 1, not {v!r}")
    fb = _table(data, "feedback", path, {"hints", "solutions", "values"})
    for k, v in fb.items():
        if not isinstance(v, bool):
            raise AssignmentError(f"{path}: [feedback] {k} must be true or false, not {v!r}")
    return Assignment(
        title=str(head.get("title", "")),
        concepts=concepts,
        points=points,
        tier=tier,
        limits=dict(limits),
        feedback=FeedbackPolicy(**fb),
        path=path,
        selects="assignment" in data,
        kit=str(head.get("kit", "")),
    )


def find_config(start: Path | None = None) -> Path | None:
    """The `spec.toml` in `start` (default: the current folder) or its nearest parent, or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None
