"""The learner-facing words of the spec in English and Chinese: page titles, summary texts, templates.

Nothing here translates a message: every message is rendered in the run's language from its fields
(a check's failure: spec/results/failure.py; a not-implemented skip: spec/loading/impl.py, with the
templates below), the values and the code in it as they are. The pages' own prose in a failure (its situation,
expected and actual in words) has its Chinese in spec/prose.py.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping

from spec.contract import PAGES, ZH_TITLES

LANGS = ("en", "zh")


def default_lang(environ: Mapping[str, str] = os.environ) -> str:
    """ "zh" when the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, first one set) is Chinese, else "en"."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def width(text: str) -> int:
    """Terminal columns of `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def page_title(page: str, lang: str) -> str:
    """The heading of a tutorial page in `lang`: "Transforms" / "变换"."""
    if page not in PAGES:
        return page
    return ZH_TITLES[page] if lang == "zh" else PAGES[page][1]


def tutorial(page: str, lang: str) -> str:
    """ "tutorial 1.5 Transforms" / "教程 1.5 变换"."""
    if page not in PAGES:
        return page
    return f"{t('tutorial', lang)} {PAGES[page][0]} {page_title(page, lang)}"


TEXTS: dict[str, dict[str, str]] = {
    "tutorial": {"en": "tutorial", "zh": "教程"},
    "pages_title": {"en": "tutorial pages: your implementation", "zh": "教程各节:你的实现"},
    "col_page": {"en": "page", "zh": "页面"},
    "col_section": {"en": "section", "zh": "小节"},
    "col_passed": {"en": "passed", "zh": "通过"},
    "col_failed": {"en": "failed", "zh": "失败"},
    "col_not_impl": {"en": "not impl.", "zh": "未实现"},
    "col_skipped": {"en": "skipped", "zh": "跳过"},
    "col_concepts": {"en": "concepts done", "zh": "已完成概念"},
    "implementation": {"en": "implementation under test: {target}", "zh": "被测实现:{target}"},
    "facts": {
        "en": "+ {n} checks that do not use your code (torch facts, ERRATA.md, DRIFT.md, the reference's "
        "quickstart and benchmarks): {passed} passed, "
        "{failed} failed, {skipped} skipped",
        "zh": "+ {n} 项不使用你代码的检查(torch 事实、ERRATA.md、DRIFT.md、参考实现的快速入门与基准):"
        "通过 {passed},失败 {failed},跳过 {skipped}",
    },
    "meta": {
        "en": "+ {n} meta-tests of the spec itself: {passed} passed, {failed} failed, {skipped} skipped",
        "zh": "+ {n} 项规范自身的元测试:通过 {passed},失败 {failed},跳过 {skipped}",
    },
    "facts_failed": {
        "en": "  these do not test your code: your torch or machine differs from the one this kit was "
        "built on (see DRIFT.md)",
        "zh": "  这些检查与你的代码无关:你的 torch 或机器与构建本套件时的不同(见 DRIFT.md)",
    },
    "next_fail": {
        "en": "Next: fix {name} ({where}): {n} test(s) fail.",
        "zh": "下一步:修正 {name}({where}):{n} 个测试失败。",
    },
    "next_fail_unattributed": {
        "en": "Next: fix {test} ({where}).",
        "zh": "下一步:修正 {test}({where})。",
    },
    "next_start": {
        "en": "Start here: {name} ({where}). {done} of {total} concepts in this run are done.",
        "zh": "从这里开始:{name}({where})。本次运行中已完成 {done}/{total} 个概念。",
    },
    "next_continue": {
        "en": "Next: implement {name} ({where}). {done} of {total} concepts in this run are done.",
        "zh": "下一步:实现 {name}({where})。本次运行中已完成 {done}/{total} 个概念。",
    },
    "all_done": {
        "en": "Every concept checked in this run passes ({total} of {total}).",
        "zh": "本次运行检查的所有概念都已通过({total}/{total})。",
    },
    "not_run": {
        "en": "Not checked in this run: {sections}. Next: {command}",
        "zh": "本次运行未检查:{sections}。下一步:{command}",
    },
    "first_failure": {"en": "  first failure, {test}:", "zh": "  第一个失败,{test}:"},
    "raised_at": {
        "en": "your code raised {error} at {path}, line {line}",
        "zh": "你的代码在 {path} 第 {line} 行抛出了 {error}",
    },
    "advice": {"en": "Advice (not a failure): {text}", "zh": "建议(不算失败):{text}"},
    "same_cause": {
        "en": "  {n} more failure(s) of {name} look like the same cause: fix this one first.",
        "zh": "  {name} 的另外 {n} 个失败看起来是同一个原因:先修正这一个。",
    },
    "run": {"en": "  run: {command}", "zh": "  运行:{command}"},
    "report_written": {"en": "report written to {path}", "zh": "报告已写入 {path}"},
    # a not-implemented skip (spec/loading/impl.py NotImplementedSkip)
    "not_implemented_missing": {
        "en": "not implemented: {name} ({target} does not define it) [{where}]",
        "zh": "未实现:{name}({target} 中没有定义它) [{where}]",
    },
    "not_implemented_raises": {
        "en": "not implemented: {name} (it raises NotImplementedError) [{where}]",
        "zh": "未实现:{name}(它抛出 NotImplementedError) [{where}]",
    },
    # statuses of a concept, one spelling (spec/results/status.py): the notebook table, the gradebook
    "status_pass": {"en": "passes", "zh": "通过"},
    "status_fail": {"en": "fails", "zh": "失败"},
    "status_not_implemented": {"en": "not implemented", "zh": "未实现"},
    "status_error": {"en": "error", "zh": "出错"},
    "status_not_run": {"en": "not checked", "zh": "未检查"},
    "status_not_judged": {"en": "not judged", "zh": "未评判"},
    "not_judged_by": {"en": "not judged: {names} failed first", "zh": "未评判:{names} 先失败了"},
    # check() inside a notebook (spec/learner/check_live.py)
    "check_title": {"en": "pytorch-basics-spec: your notebook", "zh": "pytorch-basics-spec:你的笔记本"},
    "check_concept": {"en": "concept", "zh": "概念"},
    "check_status": {"en": "status", "zh": "状态"},
    "check_totals": {
        "en": "{passed} passed, {failed} failed, {not_implemented} not implemented ({seconds:.1f} s)",
        "zh": "通过 {passed},失败 {failed},未实现 {not_implemented}(用时 {seconds:.1f} 秒)",
    },
    "check_error": {"en": "the check could not run: {message}", "zh": "无法运行检查:{message}"},
    "grader_view_title": {
        "en": "Note: the notebook file differs from this kernel. A grader reads the file (save it first; "
        "Restart & Run All shows what it sees):",
        "zh": "注意:笔记本文件与当前内核不一致。评分时读取的是文件(请先保存;“重启并运行全部”可看到评分所见):",
    },
    "grader_view_missing": {
        "en": "  the grader will see no {name}: this kernel defined it in In [{count}], but no cell of {file} does",
        "zh": "  评分时将看不到 {name}:当前内核在 In [{count}] 中定义了它,但 {file} 中已没有定义它的单元格",
    },
    "grader_view_not_run": {
        "en": "  the grader will see {name} from cell {cell}, which this kernel has not run",
        "zh": "  评分时将看到第 {cell} 个单元格中的 {name},而当前内核还没有运行它",
    },
    "grader_view_differs": {
        "en": "  the grader will see {name} from cell {cell}, not the one this kernel ran in In [{count}] "
        "(a cell edited and not run again, or cells run out of order)",
        "zh": "  评分时将看到第 {cell} 个单元格中的 {name},而不是当前内核在 In [{count}] 中运行的那个"
        "(单元格改过后没有重新运行,或者运行顺序与文件中的顺序不同)",
    },
    # a notebook's cell that does not parse or raised when loaded (spec/loading/notebook.py BrokenCell)
    "notebook_cell_left_out": {
        "en": "{where}: left out ({reason}); the rest is checked",
        "zh": "{where}:已略去({reason}),其余部分照常检查",
    },
    # python -m spec check lesson.ipynb --run-all (spec/learner/check_run_all.py)
    "run_all_cell_raised": {"en": "--run-all: {where} raised {error}", "zh": "--run-all:{where} 抛出了 {error}"},
    "run_all_cell_timed_out": {
        "en": "--run-all: {where} ran past the limit of {seconds:g} s per cell and was stopped (--run-all-timeout S)",
        "zh": "--run-all:{where} 超过了每个单元格 {seconds:g} 秒的时限,已被中止(可用 --run-all-timeout 秒数 放宽)",
    },
    "run_all_cell_download": {
        "en": "--run-all: {where} tried to download from {hosts}: the network is off in a check; "
        "only Fashion-MNIST is served (from this machine)",
        "zh": "--run-all:{where} 试图从 {hosts} 下载:检查时不联网,只提供 Fashion-MNIST(来自本机)",
    },
    "run_all_kernel_died": {
        "en": "--run-all: the kernel died during cell {cell} (out of memory, or the code ended its own process)",
        "zh": "--run-all:内核在运行第 {cell} 个单元格时退出(内存不足,或代码结束了自己的进程)",
    },
    "run_all_fallback": {
        "en": "--run-all: judging the notebook's definitions only, as a check without --run-all does:",
        "zh": "--run-all:改为只检查笔记本中的定义,与不带 --run-all 的检查相同:",
    },
    "run_all_bounds": {
        "en": "--run-all: Fashion-MNIST is cut to its first {percent}% ({train:,} training and {test:,} test "
        "images) and each cell may run {seconds:g} s; --run-all-full-data and --run-all-timeout S lift them",
        "zh": "--run-all:Fashion-MNIST 只取前 {percent}%({train:,} 张训练图片和 {test:,} 张测试图片),"
        "每个单元格最多运行 {seconds:g} 秒;--run-all-full-data 和 --run-all-timeout 秒数 可以放宽",
    },
    "run_all_bounds_full": {
        "en": "--run-all: all of Fashion-MNIST, and each cell may run {seconds:g} s (--run-all-timeout S)",
        "zh": "--run-all:使用全部 Fashion-MNIST,每个单元格最多运行 {seconds:g} 秒(--run-all-timeout 秒数)",
    },
    "run_all_judged_despite": {
        "en": "{n} cell(s) failed (above); the verdicts are on what the other cells defined",
        "zh": "有 {n} 个单元格失败(见上);结论针对其余单元格所定义的内容",
    },
    "run_all_no_kernel": {
        "en": "--run-all needs nbclient and ipykernel (pip install 'pytorch-basics-spec[notebook]')",
        "zh": "--run-all 需要 nbclient 和 ipykernel(pip install 'pytorch-basics-spec[notebook]')",
    },
    # python -m spec hint NAME, check.hint("NAME") (spec/learner/hint.py)
    "hint_1": {"en": "hint 1 for {name}: {location}", "zh": "{name} 的提示 1:{location}"},
    "hint_source": {"en": "(from {source})", "zh": "(出自 {source})"},
    "hint_next": {
        "en": "more: level {level} ({command})",
        "zh": "更多提示:第 {level} 级({command})",
    },
    "hint_2": {
        "en": "hint 2 for {name}: the check {test} tried",
        "zh": "{name} 的提示 2:检查 {test} 尝试了",
    },
    "hint_2_call": {"en": "it called {call}", "zh": "它调用了 {call}"},
    "hint_2_situation": {"en": "in the situation: {situation}", "zh": "情形:{situation}"},
    "hint_2_values": {"en": "it got {actual}, but should be {expected}", "zh": "得到 {actual},但应为 {expected}"},
    "hint_2_reproduce": {"en": "reproduce: {code}", "zh": "复现: {code}"},  # as a failure writes it (failure.py)
    "hint_2_raised": {
        "en": "your code raised an error there; the check shows it with your line ({command})",
        "zh": "你的代码在这里抛出了错误;检查会显示错误和你的代码行({command})",
    },
    "hint_2_passes": {
        "en": "hint 2 for {name}: every check of {name} in this run passes; nothing failed to explain",
        "zh": "{name} 的提示 2:本次运行中 {name} 的检查全部通过,没有需要解释的失败",
    },
    "hint_2_not_implemented": {
        "en": "hint 2 for {name}: {name} is not implemented yet; start from hint 1",
        "zh": "{name} 的提示 2:{name} 还没有实现;请从提示 1 开始",
    },
    "hint_2_not_run": {
        "en": "hint 2 for {name}: no check of {name} ran; check it first ({command})",
        "zh": "{name} 的提示 2:没有运行 {name} 的检查;请先检查它({command})",
    },
    "hint_2_needs_file": {
        "en": "spec hint: level 2 reads a check of your file: python -m spec hint {name} --level 2 FILE",
        "zh": "spec hint:第 2 级提示需要检查你的文件:python -m spec hint {name} --level 2 FILE",
    },
    "hint_3": {
        "en": "hint 3 for {name}: the reference implementation ({path})",
        "zh": "{name} 的提示 3:参考实现({path})",
    },
    "hint_default_policy": {"en": "no spec.toml: the practice default", "zh": "没有 spec.toml:练习的默认设置"},
    "hints_off": {
        "en": "hints are off for this assignment ({path})",
        "zh": "本次作业关闭了提示({path})",
    },
    "solutions_off": {
        "en": "solutions (hint 3) are off for this assignment ({path}); hints 1 and 2 are on",
        "zh": "本次作业不提供参考答案(提示 3)({path});提示 1 和 2 可用",
    },
    "hint_unknown": {
        "en": "spec hint: {name!r} is not a contract name; one of: {names}",
        "zh": "spec hint:{name!r} 不是契约中的名字;可用的名字:{names}",
    },
}


def t(key: str, lang: str, table: Mapping[str, Mapping[str, str]] = TEXTS, **values: object) -> str:
    """The text `key` in `lang` (English when there is no such language), filled with `values`. `table`: a
    module's own words in the same shape (the class page's, `spec check --watch`'s), TEXTS by default."""
    texts = table[key]
    return texts.get(lang, texts["en"]).format(**values)
