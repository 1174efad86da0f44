"""The tutorial's own text for each contract name (spec/passages.json, written by meta/passages.py): what
`spec hint NAME` shows first.

Chinese: the course's translation, its own lines under the section that teaches the name (1.2 .. 1.9); English:
the PyTorch tutorial page's prose (pytorch/tutorials, beginner_source/basics, BSD-3-Clause), with its address.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spec import contract

DATA = Path(__file__).with_name("passages.json")


class Passage(NamedTuple):
    location: str  # "tutorial 1.5 Transforms, Lambda Transforms" / "教程 1.5 变换, Lambda变换"
    text: str  # the tutorial's words, as written
    source: str  # where the words come from: the page's address, or the translation


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def passage(name: str, lang: str = "en") -> Passage:
    """The passage that teaches contract name `name`, in `lang` ("zh" or "en"); a KeyError for another name."""
    data = _data()
    entry = data["passages"][name][lang if lang == "zh" else "en"]
    source = entry.get("url") or data["attribution"]["zh"]
    return Passage(contract.section(name).text(lang), entry["text"], source)
