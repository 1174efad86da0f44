"""The spec's hypothesis profiles: `--hypothesis-profile NAME` picks one; default `ci` under CI=true, else `dev`.

`register()` is called by the hooks (spec/plugin/hooks.py, when pytest imports them) and by the grading engine's
warm-up (spec/teacher/engine/warmup.py), before any page is imported: hypothesis fixes a test's settings when its
decorator runs. Importing this module imports nothing: `python -m spec check` must not import hypothesis before
pytest does, or pytest cannot rewrite its asserts.
"""

from __future__ import annotations


def register() -> None:
    """Registers the profiles dev, ci, learner and meta (again, harmlessly, on a second call)."""
    from hypothesis import HealthCheck, Phase, settings  # imported by the run that needs it (see above)

    # No deadline anywhere: a torch op's first call (kernel selection, lazy init) can take 100x its later calls.
    settings.register_profile("dev", max_examples=25, deadline=None)
    settings.register_profile("ci", max_examples=50, deadline=None, print_blob=True)
    settings.register_profile(
        "learner",
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    # The meta-tests' corpus runs (meta/runner.py) ask only whether a test fails: the learner's examples,
    # the first failing one not shrunk (shrinking a failing batch of 28x28 images takes ~10 s).
    settings.register_profile(
        "meta",
        parent=settings.get_profile("learner"),
        phases=[p for p in Phase if p not in (Phase.shrink, Phase.explain)],
    )
