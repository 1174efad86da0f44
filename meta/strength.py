"""SPEC_STRENGTH.md: how many of meta/mutate.py's mistakes the spec rejects, per concept and per family.

    python -m meta.strength                        # every mutant of both implementations: ~950 files, ~40 min here
    python -m meta.strength --page transforms      # one page's
    python -m meta.strength --sample 6 --check --out /tmp/s.md   # a few, as the slow meta-test runs them

The mutants are made from both implementations of each page, reference/<page>.py and the corpus's
meta/mutants/<page>/right_second_<page>.py, and run through the grading engine in parallel
(meta/runner.py: one warm process, a forked child per mutant, the page's quick tier). Each is then:

- killed: a test failed or errored on it, or it could not run (an error, a limit);
- equivalent: it passed, and meta/equivalent.toml says why it is right under the contract;
- survived: it passed and nothing accounts for it: a missing situation (or an equivalence not written down).

meta/situations.toml names the tests added because a mutant survived, and the mutants each now kills. The
decisions are data: this command writes the markdown from them and from the run, nothing by hand.
`--check` exits 1 when a mutant survives unaccounted, or when one recorded as equivalent is rejected (a
right file refused by the spec, or a wrong equivalence).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from meta.mutate import FAMILIES, write
from spec.contract import CONTRACT, PAGES

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "meta" / "equivalent.toml"
SITUATIONS = ROOT / "meta" / "situations.toml"
PAGE_NAMES = [page for page in PAGES if page != "quickstart"]


def sources(page: str) -> dict[str, Path]:
    """The page's two implementations, by the name the report gives them."""
    return {
        "reference": ROOT / "reference" / f"{page}.py",
        "second": ROOT / "meta" / "mutants" / page / f"right_second_{page}.py",
    }


@dataclass(frozen=True)
class Verdict:
    """One mutant's row: what it is and what the spec did with it."""

    id: str
    page: str
    implementation: str  # "reference" or "second"
    family: str
    concept: str  # the first contract name whose code reaches the mutated scope
    description: str
    status: str  # "killed", "equivalent", "open", "survived", "wrongly killed" (recorded equivalent, but rejected)
    reason: str  # the equivalence's reason, or the first failing test


def load_decisions(path: Path = EQUIVALENT) -> list[dict[str, str]]:
    """meta/equivalent.toml's [[mutant]] tables: id (fnmatch pattern allowed), reason, optionally shown_by, and
    open = true for a survivor that is recorded but not right (counted against the score)."""
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    decisions = data.get("mutant", [])
    for d in decisions:
        if not d.get("id") or not d.get("reason"):
            raise ValueError(f"{path}: every [[mutant]] needs an id and a one-line reason: {d}")
    return decisions


def load_situations(path: Path = SITUATIONS) -> list[dict[str, Any]]:
    """meta/situations.toml's [[situation]] tables: test, page, concept, axis, and the mutant ids it kills."""
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return data.get("situation", [])


def equivalence(mutant_id: str, decisions: list[dict[str, str]]) -> dict[str, str] | None:
    return next((d for d in decisions if fnmatch.fnmatchcase(mutant_id, d["id"])), None)


def make(pages: Iterable[str], work: Path) -> list[dict[str, Any]]:
    """Writes every mutant of the pages' two implementations under work/<page>/; their manifest rows."""
    rows = []
    for page in pages:
        for implementation, source in sources(page).items():
            if not source.exists():
                print(f"{page}: no {source.relative_to(ROOT)}", file=sys.stderr)
                continue
            for row in write(source, work / page, key=str(source.relative_to(ROOT))):
                rows.append({**row, "page": page, "implementation": implementation})
    return rows


def sample(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """n mutants spread evenly over the ids' order, each of a different family where it can."""
    ordered = sorted(rows, key=lambda r: r["id"])
    by_family: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in ordered:
        by_family[row["family"]].append(row)
    families = sorted(by_family)
    step = max(1, len(families) // n)
    return [by_family[f][len(by_family[f]) // 2] for f in families[::step]][:n]


def first_failure(result: dict[str, Any]) -> str:
    if result.get("error"):
        return str(result["error"]).splitlines()[0][:100]
    for nodeid, test in result["tests"].items():
        if test["outcome"] in ("failed", "error"):
            return nodeid.split("::")[-1]
    return f"pytest exited {result['exit_code']}"


def killed(result: dict[str, Any]) -> bool:
    """Rejected: a test failed or errored, or a limit or an import error stopped it. A mutant whose tests all
    passed, skipped or were not implemented (a page's test that needs another page's name) survived."""
    if result.get("error") or result["exit_code"] not in (0, 1):
        return True
    return any(t["outcome"] in ("failed", "error") for t in result["tests"].values())


def classify(
    rows: list[dict[str, Any]], outcomes: dict[str, dict[str, Any]], decisions: list[dict[str, str]]
) -> list[Verdict]:
    verdicts = []
    for row in rows:
        result = outcomes[row["file"]]
        decision = equivalence(row["id"], decisions)
        if killed(result):
            status, reason = ("wrongly killed" if decision else "killed"), first_failure(result)
        else:
            # open = true: not a mistake the spec can see cheaply, or a rule the contract leaves open; it stays
            # in the score's denominator, unlike an equivalent mutant
            status = ("open" if decision.get("open") else "equivalent") if decision else "survived"
            reason = decision["reason"] if decision else ""
        concept = row["concepts"][0] if row["concepts"] else row["scope"]
        verdicts.append(
            Verdict(
                row["id"],
                row["page"],
                row["implementation"],
                row["family"],
                concept,
                row["description"],
                status,
                reason,
            )
        )
    return verdicts


def _score(counts: Counter) -> str:
    judged = counts["made"] - counts["equivalent"]
    return f"{100 * counts['killed'] / judged:.1f} %" if judged else "-"


def render(verdicts: list[Verdict], situations: list[dict[str, Any]], *, command: str) -> str:
    """The markdown: totals, per concept, per family, the added situations, the equivalences, the survivors."""

    def kills(situation: dict[str, Any]) -> set[str]:
        """The killed mutants a situation names (ids, fnmatch patterns allowed)."""
        patterns = situation.get("mutants", [])
        return {v.id for v in verdicts if v.status == "killed" and any(fnmatch.fnmatchcase(v.id, p) for p in patterns)}

    killed_by_new = set().union(*(kills(s) for s in situations))

    def counts(group: Iterable[Verdict]) -> Counter:
        c: Counter = Counter()
        for v in group:
            c["made"] += 1
            c[v.status] += 1
            c[f"made {v.implementation}"] += 1
            c["by added situations"] += v.id in killed_by_new
        return c

    def table(key: str, groups: dict[str, list[Verdict]]) -> list[str]:
        head = f"| {key} | made (ref. + second) | killed | by added situations | equivalent | open | survived | score |"
        lines = [head, "|---|---|---|---|---|---|---|---|"]
        for name, group in groups.items():
            c = counts(group)
            lines.append(
                f"| {name} | {c['made']} ({c['made reference']} + {c['made second']}) | {c['killed']} "
                f"| {c['by added situations']} | {c['equivalent']} | {c['open']} "
                f"| {c['survived'] + c['wrongly killed']} | {_score(c)} |"
            )
        return lines

    total = counts(verdicts)
    concepts = {name: [v for v in verdicts if v.concept == name] for name in CONTRACT}
    concepts = {name: group for name, group in concepts.items() if group}
    families = {name: [v for v in verdicts if v.family == name] for name in FAMILIES}
    families = {name: group for name, group in families.items() if group}
    out = [
        "# How strong the spec is: mutation analysis",
        "",
        f"Written by `{command}` (meta/strength.py); do not edit by hand. The mutants are meta/mutate.py's",
        "PyTorch-aware mistakes, made from both implementations of each page (reference/ and the corpus's",
        "right_second files), each run against its page's quick tier through the grading engine. Equivalences",
        "are meta/equivalent.toml, the situations added for survivors meta/situations.toml.",
        "",
        f"**{total['made']} mutants; {total['killed']} killed, {total['equivalent']} equivalent, "
        f"{total['open']} open (recorded, not killed), {total['survived']} survived unaccounted, "
        f"{total['wrongly killed']} recorded equivalent but rejected. "
        f"Mutation score over non-equivalent mutants: {_score(total)}.**",
        "",
        "## Per concept",
        "",
        *table("concept", concepts),
        "",
        "## Per operator family",
        "",
        *table("family", families),
        "",
        "## Situations added for mutants that survived",
        "",
        "| test | concept | axis | mutants it kills |",
        "|---|---|---|---|",
        *(
            f"| `{s['test']}` | {s['concept']} | {s['axis']} | {len(kills(s))} |"
            for s in sorted(situations, key=lambda s: (list(CONTRACT).index(s["concept"]), s["test"]))
        ),
        "",
        "## Equivalent mutants (right under the contract)",
        "",
        "| mutant | change | why it is right |",
        "|---|---|---|",
        *(f"| `{v.id}` | {v.description} | {v.reason} |" for v in verdicts if v.status == "equivalent"),
        "",
        "## Open: recorded survivors the quick tier does not kill (counted against the score)",
        "",
        "| mutant | change | why |",
        "|---|---|---|",
        *(f"| `{v.id}` | {v.description} | {v.reason} |" for v in verdicts if v.status == "open"),
        "",
    ]
    bad = [v for v in verdicts if v.status in ("survived", "wrongly killed")]
    out += ["## Not accounted for", ""]
    out += [f"- {v.status}: `{v.id}`: {v.description} {v.reason}" for v in bad] or ["None."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", action="append", choices=PAGE_NAMES, help="only these pages. Default: all")
    parser.add_argument("--out", type=Path, default=ROOT / "SPEC_STRENGTH.md", help="Default: %(default)s")
    parser.add_argument("--json", type=Path, help="also write each mutant's verdict here")
    parser.add_argument("--jobs", type=int, default=None, help="mutants at once. Default: one per core")
    parser.add_argument("--sample", type=int, default=0, help="run only this many mutants (a smoke test)")
    parser.add_argument("--work", type=Path, help="folder for the mutants. Default: a temporary one")
    parser.add_argument(
        "--outcomes",
        type=Path,
        action="append",
        default=[],
        help="meta.runner JSON of an earlier run of --work: its killed mutants are not run again",
    )
    parser.add_argument("--reuse", action="store_true", help="--outcomes ran against this spec: run none again")
    parser.add_argument("--save", type=Path, help="write this run's meta.runner outcomes here (for --outcomes)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a mutant is not accounted for")
    args = parser.parse_args(argv)
    pages = args.page or PAGE_NAMES
    work = args.work or Path(tempfile.mkdtemp(prefix="spec-strength-"))
    rows = make(pages, work)
    if args.sample:
        rows = sample(rows, args.sample)
    outcomes: dict[str, dict[str, Any]] = {}
    for path in args.outcomes:
        # An earlier run's kills stand (the spec only gains tests); its survivors run again against the spec now,
        # unless --reuse says the run was against the spec as it is.
        outcomes.update({k: v for k, v in json.loads(path.read_text()).items() if args.reuse or killed(v)})
    todo = [Path(r["file"]) for r in rows if r["file"] not in outcomes]
    if todo:
        from meta.runner import run_all  # imports torch and the engine: only when something is to run

        fresh = run_all(todo, jobs=args.jobs, extra=["-x"])  # a verdict needs only the first failure
        outcomes.update(fresh)
        if args.save:
            args.save.write_text(json.dumps(fresh, indent=1))
    verdicts = classify(rows, outcomes, load_decisions())
    command = "python -m meta.strength" + "".join(f" --page {p}" for p in args.page or [])
    if args.outcomes:
        command += " --outcomes (earlier runs)" + (" --reuse" if args.reuse else "")
    args.out.write_text(render(verdicts, load_situations(), command=command), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps([v.__dict__ for v in verdicts], indent=1))
    bad = [v for v in verdicts if v.status in ("survived", "wrongly killed")]
    print(f"{len(verdicts)} mutants, {len(bad)} not accounted for; {args.out}", file=sys.stderr)
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
