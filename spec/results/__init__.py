"""The result model of a run (failures as data, outcomes, the run state) and its renderings: summary, report, advice."""
