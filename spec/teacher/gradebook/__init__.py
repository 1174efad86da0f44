"""A class's results as a teacher reads them: class.csv, index.html, and Gradescope / exercism exports.

Pure functions over report dicts: one `--report` results.json per submission (spec/results/report.schema.json),
keyed by the submission's name (its file stem). `python -m spec grade` writes their output into `--out`.
A report may be `status: error` (it did not import, it timed out, ...) with a `message` and few or no
tests; the tests it finished still count, one by one. One module per output, over a shared reader:

  reports.py     what each output reads: a concept's state, the counts, the first failure (from its fields);
  class_csv.py   class.csv;
  index_html.py  index.html, in English or Chinese;
  misconceptions.py  what the class misunderstands: failing submissions grouped by root cause per concept, item
                 analysis (rates, discrimination), misconceptions.csv / .json, and what changed since an
                 earlier grading (--since);
  points.py      a submission's points: its assignment's, else one per judged concept;
  lms.py         the roster (--roster) and the LMS gradebook files canvas.csv and moodle.csv;
  gradescope.py  Gradescope's results.json, with the assignment's points or a weights file;
  exercism.py    exercism's results.json v3.

What one concept of one submission is (`concept_state`, spelt as spec/results/status.py spells it):
  pass / fail / not_implemented: the report's own verdict on the concept;
  error: the run ended in an error before it judged the concept;
  not_run: the run did not select the concept's tests.
Submissions are untrusted: everything from a report is escaped on the page, and a CSV cell that a
spreadsheet would read as a formula gets a leading apostrophe.
"""

from __future__ import annotations

from spec.teacher.gradebook.class_csv import write_class_csv
from spec.teacher.gradebook.exercism import exercism_results
from spec.teacher.gradebook.gradescope import VISIBILITIES, Weights, default_weights, gradescope_results, load_weights
from spec.teacher.gradebook.index_html import index_html, write_index_html
from spec.teacher.gradebook.lms import Roster, read_roster, write_canvas_csv, write_moodle_csv
from spec.teacher.gradebook.misconceptions import (
    analyze,
    changes,
    read_analysis,
    write_misconceptions_csv,
    write_misconceptions_json,
)
from spec.teacher.gradebook.points import points
from spec.teacher.gradebook.reports import (
    STATES,
    Report,
    concept_columns,
    concept_failure,
    concept_state,
    failure_lines,
    first_failure,
    run_counts,
)

__all__ = [
    "STATES",
    "VISIBILITIES",
    "Report",
    "Roster",
    "Weights",
    "analyze",
    "changes",
    "concept_columns",
    "concept_state",
    "default_weights",
    "exercism_results",
    "failure_lines",
    "concept_failure",
    "first_failure",
    "gradescope_results",
    "index_html",
    "load_weights",
    "points",
    "read_analysis",
    "read_roster",
    "run_counts",
    "write_canvas_csv",
    "write_class_csv",
    "write_index_html",
    "write_misconceptions_csv",
    "write_misconceptions_json",
    "write_moodle_csv",
]
