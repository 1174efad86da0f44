"""A failed check as data: what was called, in which situation, what it gave and what the tutorial expects.

The check helpers (spec/helpers/checks.py) raise a `Failure`; the plugin records its fields; the terminal,
`--spec-report`, class.csv, index.html and the notebook table render those fields, in English or Chinese.
Nothing reads a message back: every output starts from these fields. Imports no torch.

    Failure(concept="one_hot", call="one_hot(3).dtype", actual="torch.int64", expected="torch.float32",
            kind="dtype", reproduce="one_hot(3).dtype")
    .render("en") -> "one_hot(3).dtype=torch.int64, but should be torch.float32 [tutorial 1.5.3 Transforms, ...]"
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from spec import contract, prose

# What differed, for grouping failures across a class (one word each; the renderers' templates key on it).
KINDS = (
    "value",  # a plain value (a count, a string, a flag, a type) differs
    "values",  # a tensor's values differ beyond the tolerances
    "type",  # not the promised type (None from a missing return, a list for a tensor)
    "shape",
    "dtype",
    "device",
    "same_object",  # a new object where the call must return the very one it was given (in-place)
    "no_error",  # returned where it should raise
    "raised",  # raised where it should return
    "unpack",  # not `count` results to unpack
    "inputs_changed",  # the caller's input was changed
    "state",  # global or module state left behind (mode, grad mode, RNG, threads)
    "other",
)


# Root cause first: of one concept's failures, a learner reads first the one that explains the others. A changed
# input spoils every later value; a wrong type, shape, dtype or device spoils the values checked after it; an error
# raised in the learner's own code is a cause of its own; wrong values come last, and an error the spec hit on
# what the code gave (a `raised` failure with no line of theirs) follows from a difference another check names.
ROOT_CAUSE_ORDER = (
    "inputs_changed",
    "state",
    "type",
    "unpack",
    "shape",
    "dtype",
    "device",
    "same_object",
    "no_error",
    "raised",
    "values",
    "value",
    "other",
)


@dataclass(frozen=True)
class Failure:
    """One failed check, as fields. `actual` and `expected` are short texts, already formatted."""

    concept: str  # a contract name ("one_hot"), or a page marker for a fact of torch itself ("transforms")
    call: str  # the expression that ran, as a learner would type it: "one_hot(3).dtype"
    actual: str  # what it gave: "torch.int64"
    expected: str  # what the tutorial expects: "torch.float32", "in [0, 1)"
    kind: str = "value"  # one of KINDS
    situation: str = ""  # what the check tried, in words, where the call alone does not say it
    reproduce: str = ""  # code to paste and run (its setup lines, then the call); "" where nothing can be replayed
    raised: str = ""  # the learner's own frames of Python's error ("my.py:14 in one_hot / index = label.item()")
    where: str = ""  # where the learner's code raised, "my.py:14" (a notebook: "lesson.ipynb cell 5:3"); "" for none

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Failure.kind={self.kind!r}, but should be one of {KINDS}")

    @property
    def rank(self) -> int:
        """Its place in ROOT_CAUSE_ORDER (lower: read first); an error with no line of the learner's code (the
        spec tripping over what it gave) after every difference a check names."""
        if self.kind == "raised" and not self.where:
            return len(ROOT_CAUSE_ORDER)
        return ROOT_CAUSE_ORDER.index(self.kind)

    @property
    def section(self) -> str:
        """The tutorial section that teaches the concept, as numbered by the Chinese translation: "1.5.3"."""
        return contract.section(self.concept).number

    def location(self, lang: str = "en") -> str:
        """'tutorial 1.5.3 Transforms, Lambda Transforms' (or in Chinese): the one location of a message."""
        return contract.section(self.concept).text(lang)

    def text(self, field: str, lang: str = "en") -> str:
        """A field in `lang`: where it is prose (a situation, an expected or actual in words, a call the plugin
        names in words: "your code"), the page wrote it in English and spec/prose.py has its Chinese; a value, code
        or a quotation stays as it is."""
        return prose.translate(getattr(self, field), lang)

    def headline(self, lang: str = "en", *, values: bool = True) -> str:
        """The first line: the call, what it gave, what it should be, the situation and the location; for an
        error the learner's code raised, where it raised and the error. `values=False` (a teacher's feedback
        policy, spec/assignment.py) leaves out what the call gave and what it should give."""
        words = _WORDS[lang if lang in _WORDS else "en"]
        if self.where:
            return f"{self.where}: {self.actual}"
        if values and (self.actual or self.expected):  # a report written with values hidden has neither
            template = words.get(self.kind, words["value"])
            actual, expected = self.text("actual", lang), self.text("expected", lang)
            line = template.format(call=self.text("call", lang), actual=actual, expected=expected)
        else:
            line = words["hidden"].format(call=self.text("call", lang))
        if self.situation:
            line += words["situation"].format(situation=self.text("situation", lang))
        return f"{line} [{self.location(lang)}]"

    def lines(self, lang: str = "en", *, values: bool = True, reproduce: bool = True) -> list[str]:
        """The whole message, line by line. A check's: the headline, the reproduce line, then Python's own error
        if the call raised. An error the learner's code raised (`where` set): their file and line, the exception
        and its message and their frames first, then the spec's framing (the call, the situation, the location).
        Every output (terminal, report, notebook, gradebook) shows these lines."""
        words = _WORDS[lang if lang in _WORDS else "en"]
        replay = []
        if self.reproduce and reproduce:  # code of several lines (a `with` block): each below the first, aligned
            first, *more = self.reproduce.splitlines()
            label = f"  {words['reproduce']}: "
            replay = [f"{label}{first}", *(" " * len(label) + line for line in more)]
        if self.where:
            key = "while" if values and self.expected else "while_hidden"
            framing = words[key].format(call=self.text("call", lang), expected=self.text("expected", lang))
            if self.situation:
                framing += words["situation"].format(situation=self.text("situation", lang))
            own = [f"  {line}" for line in self.raised.splitlines()]
            return [self.headline(lang), *own, f"  {framing} [{self.location(lang)}]", *replay]
        lines = [self.headline(lang, values=values), *replay]
        if self.raised:
            lines.append(f"  {words['raised_below']}:")
            lines += [f"  {line}" for line in self.raised.splitlines()]
        return lines

    def render(self, lang: str = "en", *, values: bool = True, reproduce: bool = True) -> str:
        """`lines` as one text."""
        return "\n".join(self.lines(lang, values=values, reproduce=reproduce))

    def to_dict(self) -> dict[str, str]:
        """The fields, plus the section number, for JSON (the report's `failure` object)."""
        return {**asdict(self), "section": self.section}

    @classmethod
    def from_dict(cls, data: Any) -> Failure | None:
        """A Failure from to_dict's output; None for anything else (a report from elsewhere is not trusted)."""
        if not isinstance(data, dict):
            return None
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if not all(isinstance(v, str) for v in values.values()) or not {"concept", "call", "actual", "expected"} <= set(
            values
        ):
            return None
        try:
            return cls(**values)
        except ValueError:
            return None


# The framing of each kind, in each language. The fields are inserted as they are: code, values and the
# page's own prose stay as the check wrote them.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "value": "{call}={actual}, but should be {expected}",
        "values": "{call} has wrong values: {actual}, but should be {expected}",
        "type": "{call}={actual}, but should be {expected}",
        "shape": "{call}={actual}, but should be {expected}",
        "dtype": "{call}={actual}, but should be {expected}",
        "device": "{call}={actual}, but should be {expected}",
        "same_object": "{call} is a new object ({actual}), but should be {expected}",
        "no_error": "{call} returned {actual}, but should raise {expected}",
        "raised": "{call} raised {actual}, but should be {expected}",
        "unpack": "{call}={actual}, but should be {expected}",
        "inputs_changed": "{call} changed its input: {actual}, but it should stay {expected} (compute a new tensor, "
        "not in place)",
        "state": "{call} left {actual}, but should be {expected}",
        "other": "{call}: {actual}, but should be {expected}",
        "situation": " ({situation})",
        "reproduce": "reproduce",
        "raised_below": "the error, as raised",
        "while": "raised by your code while the spec ran {call}, which should give {expected}",
        "while_hidden": "raised by your code while the spec ran {call}",
        "hidden": "{call} is not what the tutorial expects (values hidden by the assignment)",
    },
    "zh": {
        "value": "{call}={actual},但应为 {expected}",
        "values": "{call} 的值不对:{actual},但应为 {expected}",
        "type": "{call}={actual},但应为 {expected}",
        "shape": "{call}={actual},但应为 {expected}",
        "dtype": "{call}={actual},但应为 {expected}",
        "device": "{call}={actual},但应为 {expected}",
        "same_object": "{call} 是一个新对象({actual}),但应为 {expected}",
        "no_error": "{call} 返回了 {actual},但应抛出 {expected}",
        "raised": "{call} 抛出了 {actual},但应为 {expected}",
        "unpack": "{call}={actual},但应为 {expected}",
        "inputs_changed": "{call} 改变了它的输入:{actual},但它应保持为 {expected}(请计算一个新的张量,不要原位修改)",
        "state": "{call} 留下了 {actual},但应为 {expected}",
        "other": "{call}:{actual},但应为 {expected}",
        "situation": "({situation})",
        "reproduce": "复现",
        "raised_below": "原始错误",
        "while": "你的代码在规范运行 {call} 时抛出此错误,它应给出 {expected}",
        "while_hidden": "你的代码在规范运行 {call} 时抛出此错误",
        "hidden": "{call} 与教程的预期不符(作业设置隐藏了具体的值)",
    },
}


def rank_of(failure: Failure | None) -> int:
    """Where a failure stands in the root-cause order (Failure.rank); a failure not carried as data (None) last."""
    return failure.rank if failure is not None else len(ROOT_CAUSE_ORDER) + 1
