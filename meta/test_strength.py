"""Meta-test of the mutation analysis (meta/strength.py): its decisions are data that stays true, and a sample of
mutants run through the engine is killed or recorded as equivalent, as SPEC_STRENGTH.md says of all of them."""

from __future__ import annotations

import ast
import fnmatch
import subprocess
import sys
from pathlib import Path

import pytest

from meta.mutate import FAMILIES, mutants
from meta.strength import EQUIVALENT, PAGE_NAMES, ROOT, SITUATIONS, load_decisions, load_situations, sources
from spec.contract import CONTRACT

pytestmark = pytest.mark.meta


def _page_tests() -> set[str]:
    """The names of the spec's tests, read from the page modules' source."""
    names = set()
    for path in (ROOT / "spec" / "pages").glob("test_*.py"):
        tree = ast.parse(path.read_text())
        names |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}
    return names


@pytest.mark.slow  # reads every page (~0.3 s)
def test_every_situation_names_a_test_of_the_spec_a_concept_and_an_axis() -> None:
    situations, tests = load_situations(), _page_tests()
    assert situations, f"{SITUATIONS} lists no situation"
    for s in situations:
        assert s["test"] in tests, f"{SITUATIONS}: {s['test']} is not a test in spec/pages"
        assert s["concept"] in CONTRACT and s["page"] == CONTRACT[s["concept"]].page, s
        assert s["axis"] and s["mutants"], s


def test_every_equivalence_has_a_reason_and_an_existing_proof() -> None:
    for d in load_decisions():
        assert len(d["reason"]) <= 200 and "\n" not in d["reason"], f"{EQUIVALENT}: one line, please: {d['id']}"
        if "shown_by" in d:
            assert (ROOT / d["shown_by"].split("::")[0]).exists(), f"{EQUIVALENT}: {d['shown_by']} does not exist"


@pytest.mark.slow
def test_every_contract_name_has_mutants_of_both_implementations_and_every_recorded_id_is_one() -> None:
    """Each contract name gets mutants from reference/ and from the second implementation. An id of the decisions
    that no longer matches a mutant (the source changed, or a family's rule) is stale: decide it again."""
    made = {
        (implementation, page): list(mutants(source.read_text(), key=str(source.relative_to(ROOT))))
        for page in PAGE_NAMES
        for implementation, source in sources(page).items()
    }
    for (implementation, page), found in made.items():
        names = {n for n, c in CONTRACT.items() if c.page == page}
        reached = {c for m in found for c in m.concepts}
        assert names <= reached, f"{sorted(names - reached)} get no mutant from the {implementation} of {page}"
    ids = [m.id for found in made.values() for m in found]
    assert {i.split("::")[2] for i in ids} <= set(FAMILIES)
    patterns = [d["id"] for d in load_decisions()] + [p for s in load_situations() for p in s["mutants"]]
    stale = [p for p in patterns if not any(fnmatch.fnmatchcase(i, p) for i in ids)]
    assert not stale, f"ids in {EQUIVALENT.name} or {SITUATIONS.name} that no mutant has: {stale}"


@pytest.mark.slow
def test_a_sample_of_mutants_is_killed_or_recorded_equivalent(tmp_path: Path) -> None:
    """Three mutants of the transforms page, of three families, through the engine as `python -m meta.strength` runs
    all of them (~15 s here): each is killed, or meta/equivalent.toml says why it is right."""
    out = tmp_path / "strength.md"
    command = [sys.executable, "-m", "meta.strength", "--page", "transforms", "--sample", "3", "--check"]
    done = subprocess.run(
        [*command, "--out", str(out), "--jobs", "2", "--work", str(tmp_path / "mutants")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = out.read_text() if out.exists() else ""
    assert done.returncode == 0, f"{done.stderr[-3000:]}\n{report}"
    assert "**3 mutants;" in report and "0 survived unaccounted" in report, report
