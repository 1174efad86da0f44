"""The engine under `python -m spec grade` and the meta-tests: each submission in its own bounded process.

Importing torch, torchvision, onnxruntime and the spec's test modules costs ~5 s on the 2-core box. The
parent pays it once (`warm()`, warmup.py), then forks one child per submission (`run()`, supervise.py), so
each child starts with everything imported. One module a job:

- warmup.py: the warm-up, once per process;
- child.py: the forked child: its process group, working copy and limits, pytest.main on the spec as a
  learner runs it, the trust checks (spec/teacher/trust.py);
- events.py: what the child tells the parent, as typed events, validated when they come back;
- supervise.py: the parent's loop: the clock, the limits, the pipes, every file;
- reasons.py: why a submission is an error, and which reason wins when there are several;
- accounting.py: memory and processes, from /proc;
- job.py: a Job within its Limits, and its Outcome;
- sandbox.py: bubblewrap around one warm zygote per class (`--sandbox=bwrap`), and which mode `auto` is;
- zygote.py: inside it, each submission forked into namespaces of its own;
- cluster.py: the same jobs as tasks of a Dask cluster (dask imported there only);
- __main__.py: `python -m spec.teacher.engine FILE...` prints one line per submission.
"""

from __future__ import annotations

from spec.teacher.engine.cluster import run_on_cluster, run_remote
from spec.teacher.engine.job import Job, Limits, Outcome
from spec.teacher.engine.reasons import Kind, Reason
from spec.teacher.engine.sandbox import MODES as SANDBOX_MODES
from spec.teacher.engine.sandbox import SandboxError
from spec.teacher.engine.sandbox import choose as choose_sandbox
from spec.teacher.engine.supervise import default_jobs, run
from spec.teacher.engine.warmup import PAGES, ROOT, SPEC, page_modules, warm

__all__ = [
    "PAGES",
    "ROOT",
    "SPEC",
    "Job",
    "Kind",
    "Limits",
    "Outcome",
    "Reason",
    "SANDBOX_MODES",
    "SandboxError",
    "choose_sandbox",
    "default_jobs",
    "page_modules",
    "run",
    "run_on_cluster",
    "run_remote",
    "warm",
]
