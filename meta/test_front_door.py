"""Meta-tests of the front door: the README's two halves, its links, each command's --help, --version.

The README is English, then Chinese, each under its own `# ` heading. The halves carry the same content: the
same sections (heading levels in order) and the same commands (the code blocks, comments set aside) in the same
order. Cheap: files read and argparse's help printed, nothing run.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

import pytest

from meta.proc import ROOT
from reference.optimization import EpochResult
from reference.quickstart.figures import is_seed_run
from reference.quickstart.train import SEED_RUN_ACCURACY
from spec.__main__ import main as spec_main

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

pytestmark = pytest.mark.meta

README = ROOT / "README.md"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", flags=re.DOTALL | re.MULTILINE)


def halves(text: str) -> list[str]:
    """The README's parts under its `# ` headings (outside code blocks): [English, Chinese]."""
    outside = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)  # same line numbers, no code
    starts = [m.start() for m in re.finditer(r"^# ", outside, flags=re.MULTILINE)]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]


def sections(half: str) -> list[int]:
    """The heading levels of a half, in order: [1, 2, 2, 2, 2, 2] for `#` then five `##`."""
    outside = FENCE.sub("", half)
    return [len(m.group(1)) for m in re.finditer(r"^(#+) ", outside, flags=re.MULTILINE)]


def commands(half: str) -> list[str]:
    """The code blocks of a half, each line with its `# comment` and trailing spaces removed."""
    return [
        "\n".join(re.sub(r"\s+#.*$", "", line).rstrip() for line in block.strip().splitlines())
        for block in FENCE.findall(half)
    ]


def test_readme_has_an_english_and_a_chinese_half() -> None:
    parts = halves(README.read_text(encoding="utf-8"))
    assert len(parts) == 2, [p.splitlines()[0] for p in parts]
    assert re.search(r"[\u4e00-\u9fff]", parts[1]), "the second half is Chinese"
    assert not re.search(r"[\u4e00-\u9fff]", parts[0]), "the first half is English"


def test_readme_halves_have_the_same_sections_and_commands() -> None:
    english, chinese = halves(README.read_text(encoding="utf-8"))
    assert sections(english) == sections(chinese)
    assert commands(english) == commands(chinese)
    assert commands(english), "the README shows commands"


def test_readme_links_exist() -> None:
    """Every relative link of the README (docs/*.md, ARCHITECTURE.md ...) names a file of the checkout."""
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8"))
    assert any(link.startswith("docs/") for link in links)
    missing = sorted({link for link in links if not (ROOT / link).is_file()})
    assert not missing, f"README links to files that do not exist: {missing}"


def test_readme_test_command_is_the_ci_one() -> None:
    """.ci/run runs the README's test command (the set-up's second command), then the long tier it leaves out."""
    english, _ = halves(README.read_text(encoding="utf-8"))
    set_up = commands(english)[0].splitlines()
    assert set_up[-1] == 'pytest -m "cpu and not long"' and len(set_up) == 2, set_up
    ci = (ROOT / ".ci" / "run").read_text()
    assert '\npytest -m "cpu and not long"\npytest -m "cpu and long"\n' in ci


@pytest.mark.parametrize("argv", [["check", "--help"], ["new", "--help"], ["grade", "--help"]], ids=" ".join)
def test_each_help_has_examples(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        spec_main(argv)
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    examples = text[text.index("\nexamples:\n") :]
    assert f"python -m spec {argv[0]} " in examples, examples
    # An internal module is spec/... or spec.<module> (spec.toml, the teacher's file in the learner's folder, is not).
    internal = re.findall(r"\bspec/|\bspec\.(?!toml\b)[a-z_]+", text.replace("python -m spec.", ""))
    assert not internal, f"no internal module named: {internal}"
    assert f"spec {argv[0]} --help" not in text.replace(f"python -m spec {argv[0]} --help", ""), text


def test_check_help_lists_every_page_marker(capsys: pytest.CaptureFixture[str]) -> None:
    from spec.contract import PAGES

    with pytest.raises(SystemExit):
        spec_main(["check", "--help"])
    text = capsys.readouterr().out
    for marker, (section, _) in PAGES.items():
        assert re.search(rf"^  {marker} +{re.escape(section)} ", text, flags=re.MULTILINE), marker
    for option in ("-m ", "-k ", "--spec-lang", "--spec-report", "--run-all"):
        assert option in text, option


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import spec

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert spec.__version__ == project
    with pytest.raises(SystemExit):
        spec_main(["--version"])
    try:
        expected = metadata.version("pytorch-basics-spec")
    except metadata.PackageNotFoundError:
        expected = project
    assert capsys.readouterr().out.strip() == f"python -m spec {expected}"


@pytest.mark.parametrize("option", ["--spec-lang", "--lang"])
def test_new_takes_spec_lang_and_the_old_spelling(option: str, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert spec_main(["new", str(tmp_path / "s.py"), option, "zh"]) == 0
    assert "已写入" in capsys.readouterr().out


def test_curves_draw_the_seed_run_apart_only_when_it_is_another_run() -> None:
    """curves.png's grey line is left out where it would lie exactly under this run's (the same accuracies)."""
    same = [EpochResult(a, 1.0, 1.0) for a in SEED_RUN_ACCURACY]
    assert is_seed_run(same, SEED_RUN_ACCURACY)
    assert not is_seed_run([EpochResult(a + 1e-3, 1.0, 1.0) for a in SEED_RUN_ACCURACY], SEED_RUN_ACCURACY)
    assert not is_seed_run(same[:-1], SEED_RUN_ACCURACY)
