"""Benchmarks of the Quickstart's (1.2) training and inference: throughput, and time to the tutorial's accuracy.

Training throughput, the same math four ways (reference/quickstart/fast.py): (a) the published loop, (b) the
preloaded tensors, and on CUDA (c) the data resident on the GPU and (d) CUDA graphs. Every path's
parameters are checked against (a)'s after the same steps. Inference throughput: torch and
onnxruntime at batch 1 and 1000. Time to accuracy: the whole 5-epoch recipe, per path.

An ordinary run executes each benchmark once, on a few batches, as a smoke test (pyproject's
`--benchmark-disable`); `--benchmark-enable` measures (warm-up round, then ROUNDS rounds; the
median counts) and `--benchmark-json FILE` keeps the numbers. Each benchmark records
`extra_info["samples_per_s"]` with the device, threads, batch size and torch version.
BENCHMARKS.md has the commands and the numbers measured.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, Subset

from reference.fashion_mnist import files as data_files
from reference.fashion_mnist import synthetic
from reference.model import NeuralNetwork
from reference.optimization import BATCH_SIZE, EPOCHS, LEARNING_RATE, EpochResult, train_loop
from reference.quickstart import fast
from spec.helpers.calls import EXACT, Call, Tol
from spec.helpers.checks import check, check_tensor, devices

pytestmark = [pytest.mark.benchmark, pytest.mark.quickstart]

SEED = 0  # every path starts from the weights torch.manual_seed(SEED) gives NeuralNetwork()
STEPS = {"cpu": 100, "cuda": 200}  # training batches per measured round: short, so the suite stays short
SMOKE_STEPS = 6  # training batches when benchmarks are disabled (each runs once, as a smoke test)
ROUNDS = 5  # measured rounds, after one warm-up round
REAL_SIZE = {"n_train": 60_000, "n_test": 10_000}  # the synthetic stand-in's size when measuring
# The preloaded paths vs the published loop: the same kernels on the same batches, other summation orders on a GPU.
TOL_CPU, TOL_GPU = Tol(rtol=1e-5, atol=1e-7), Tol(rtol=1e-4, atol=1e-6)
CUDA_ONLY = [param for param in devices() if param.id == "cuda"]
RECIPE_RUNS = [  # (path, device) pairs a recipe can run on: the CUDA paths need a GPU
    pytest.param(path, param.values[0], marks=param.marks, id=f"{path}-{param.id}")
    for param in devices()
    for path in fast.PATHS
    if path not in fast.CUDA_PATHS or param.id == "cuda"
]


def measuring(config: pytest.Config) -> bool:
    """Whether pytest-benchmark measures in this run (--benchmark-enable beats the configured --benchmark-disable)."""
    return bool(config.getoption("benchmark_enable")) or not config.getoption("benchmark_disable")


def sync(device: str) -> None:
    """Wait for the GPU: CUDA calls return before the work is done, and timings must include it."""
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize(device)


@cache
def describe(device: str) -> str:
    """The hardware, for the record: GPU name, or the CPU model and core count."""
    if torch.device(device).type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (CUDA {torch.version.cuda})"
    model = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "unknown CPU",
        )
        if Path("/proc/cpuinfo").exists()
        else "CPU"
    )
    return f"{model}, {os.cpu_count()} logical cores"


@contextlib.contextmanager
def ieee_fp32() -> Iterator[None]:
    """Full float32 matmuls on CUDA (no TF32) while timing, so all paths do the same arithmetic; restored after."""
    matmul = torch.backends.cuda.matmul
    name, value = (
        ("fp32_precision", "ieee") if hasattr(matmul, "fp32_precision") else ("allow_tf32", False)
    )  # torch < 2.9
    before = getattr(matmul, name)
    setattr(matmul, name, value)
    try:
        yield
    finally:
        setattr(matmul, name, before)


def measure(
    benchmark: Any,
    target: Callable[..., Any],
    setup: Callable[[], tuple],
    *,
    samples: int,
    device: str,
    rounds: int = ROUNDS,
    warmup_rounds: int = 1,
    **info: Any,
) -> Any:
    """Run `target(*setup())` (timed; setup is not) and record samples per second in extra_info.

    Measuring: `warmup_rounds`, then `rounds` rounds, each from a fresh setup; the median round
    counts. Disabled: a single round (the smoke test). Returns the last round's result.
    """
    enabled = benchmark.enabled
    cuda = torch.device(device).type == "cuda"
    seconds: list[float] = []
    gpu_seconds: list[float] = []  # CUDA events: from the round's first GPU work to its last

    def timed(*args: Any) -> Any:
        sync(device)  # setup's GPU work is not the target's
        if cuda:
            events = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            events[0].record()
        start = time.perf_counter()
        result = target(*args)
        if cuda:
            events[1].record()
        sync(device)
        seconds.append(time.perf_counter() - start)
        if cuda:
            gpu_seconds.append(events[0].elapsed_time(events[1]) / 1000)
        return result

    warmup_rounds = warmup_rounds if enabled else 0
    result = benchmark.pedantic(
        timed, setup=lambda: (setup(), {}), rounds=rounds if enabled else 1, warmup_rounds=warmup_rounds
    )
    per_round = statistics.median(seconds[warmup_rounds:])
    benchmark.extra_info.update(
        samples_per_s=samples / per_round,
        seconds_per_round=per_round,
        samples_per_round=samples,
        rounds=len(seconds) - warmup_rounds,
        measured=enabled,
        device=device,
        hardware=describe(device),
        threads=torch.get_num_threads(),
        torch=torch.__version__,
        **info,
    )
    if cuda:
        benchmark.extra_info["gpu_seconds_per_round"] = statistics.median(gpu_seconds[warmup_rounds:])
    return result


# ---------------------------------------------------------------------------------------------
# Data and models


@pytest.fixture(scope="module")
def bench_data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(root, "real" or "synthetic"): measuring, the real files when found, else a real-sized synthetic set;
    a smoke run, the small synthetic set (6,000 + 1,000 images: quick to read and convert)."""
    if measuring(request.config):
        with contextlib.suppress(data_files.DataNotFoundError):
            root = data_files.find_root()
            return root, "synthetic" if data_files.is_synthetic(root) else "real"
    root = tmp_path_factory.mktemp("synthetic-fashion-mnist")
    synthetic.write_synthetic(root, seed=SEED, **(REAL_SIZE if measuring(request.config) else {}))
    return root, "synthetic"


@pytest.fixture(scope="module")
def tutorial_train_set(bench_data: tuple[Path, str]) -> Any:
    """The published pipeline's training set: torchvision FashionMNIST with ToTensor."""
    return fast.tutorial_datasets(bench_data[0])[0]


@pytest.fixture(scope="module")
def preloaded(bench_data: tuple[Path, str]) -> Callable[[str, bool, str], tuple[torch.Tensor, torch.Tensor]]:
    """preloaded(path, train, device) -> (images, labels) placed for that path, read once per module."""
    return cache(lambda path, train, device: fast.preload(path, bench_data[0], train=train, device=device))


def fresh(device: str) -> tuple[nn.Module, nn.Module, torch.optim.Optimizer]:
    """The tutorial's model (seeded weights), loss and optimizer, as every path starts."""
    torch.manual_seed(SEED)
    model = NeuralNetwork().to(device)
    return model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)


def n_steps(benchmark: Any, device: str) -> int:
    return STEPS[torch.device(device).type] if benchmark.enabled else SMOKE_STEPS


def tutorial_setup(train_set: Any, device: str, steps: int) -> tuple:
    """(a)'s arguments: a DataLoader over the first `steps` batches (no shuffle), fresh model, loss, SGD."""
    return DataLoader(Subset(train_set, range(steps * BATCH_SIZE)), batch_size=BATCH_SIZE), *fresh(device)


def train_tutorial(
    loader: DataLoader, model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer
) -> nn.Module:
    """(a) the published loop: train_loop over the DataLoader; returns the trained model."""
    train_loop(loader, model, loss_fn, optimizer)
    return model


@pytest.fixture(scope="module")
def tutorial_parameters(tutorial_train_set: Any) -> Callable[[str, int], dict[str, torch.Tensor]]:
    """tutorial_parameters(device, steps): (a)'s parameters after `steps` batches, the oracle for (b)-(d)."""

    @cache
    def run(device: str, steps: int) -> dict[str, torch.Tensor]:
        with ieee_fp32():
            model = train_tutorial(*tutorial_setup(tutorial_train_set, device, steps))
        return {name: p.detach().clone() for name, p in model.named_parameters()}

    return run


def check_same_parameters(
    model: nn.Module, expected: dict[str, torch.Tensor], *, path: str, steps: int, tol: Tol
) -> None:
    """The path trained exactly what the published loop trains: same parameters after the same steps."""
    __tracebackhide__ = True
    trained = Call(
        "quickstart", "model", setup=f"model = NeuralNetwork(); fast.recipe({path!r}, model, root, epochs=1)"
    )
    for name, param in model.named_parameters():
        situation = f"after {steps} steps, as the 'tutorial' path's: the same math"
        check_tensor(param, expected[name], call=trained.dot(f"get_parameter({name!r})"), tol=tol, situation=situation)


# ---------------------------------------------------------------------------------------------
# Training throughput: (a) published loop, (b) preloaded, (c) resident on the GPU, (d) CUDA graphs


@pytest.mark.parametrize("device", devices())
def test_train_tutorial_loop_throughput(benchmark, tutorial_train_set, bench_data, device: str) -> None:
    """(a) DataLoader over torchvision's FashionMNIST with ToTensor per sample, train_loop: the baseline."""
    steps = n_steps(benchmark, device)
    with ieee_fp32():
        model = measure(
            benchmark,
            train_tutorial,
            lambda: tutorial_setup(tutorial_train_set, device, steps),
            samples=steps * BATCH_SIZE,
            device=device,
            path="tutorial",
            steps=steps,
            batch_size=BATCH_SIZE,
            data=bench_data[1],
        )
    torch.manual_seed(SEED)
    initial = NeuralNetwork().to(device)
    moved = [not torch.equal(p, q) for p, q in zip(model.parameters(), initial.parameters())]
    check(
        all(moved) and all(bool(p.isfinite().all()) for p in model.parameters()),
        call=Call("quickstart", "[not torch.equal(p, q) for p, q in zip(model.parameters(), initial.parameters())]"),
        actual=moved,
        expected="all changed and finite",
        situation=f"after {steps} steps",
    )


def run_tensor_path(
    benchmark: Any,
    preloaded: Any,
    bench_data: Any,
    tutorial_parameters: Any,
    *,
    path: str,
    device: str,
    tol: Tol,
) -> None:
    """Benchmark one of the preloaded paths (b)-(d) and check its parameters against (a)'s."""
    steps = n_steps(benchmark, device)
    images, labels = preloaded(path, True, device)

    def setup() -> tuple:
        model, loss_fn, optimizer = fresh(device)
        step = (fast.GraphedTrainStep if path == "graphed" else fast.TrainStep)(model, loss_fn, optimizer)
        if path == "graphed":
            step.capture(images[:BATCH_SIZE], labels[:BATCH_SIZE])  # capture is setup, like a warm-up
        return (step,)

    def target(step: fast.TrainStep) -> nn.Module:
        fast.train_tensors(step, images, labels, batch_size=BATCH_SIZE, steps=steps)
        return step.model

    with ieee_fp32():
        model = measure(
            benchmark,
            target,
            setup,
            samples=steps * BATCH_SIZE,
            device=device,
            path=path,
            steps=steps,
            batch_size=BATCH_SIZE,
            data=bench_data[1],
        )
    check_same_parameters(model, tutorial_parameters(device, steps), path=path, steps=steps, tol=tol)


@pytest.mark.parametrize("device", devices())
def test_train_preloaded_throughput(benchmark, preloaded, bench_data, tutorial_parameters, device: str) -> None:
    """(b) The images converted once, batches sliced from one tensor: no per-sample PIL and ToTensor."""
    # CPU: bit-for-bit the published loop in practice (same kernels on the same batches); GPU: same kernels too.
    run_tensor_path(
        benchmark,
        preloaded,
        bench_data,
        tutorial_parameters,
        path="preloaded",
        device=device,
        tol=TOL_CPU if device == "cpu" else TOL_GPU,
    )


@pytest.mark.parametrize("device", CUDA_ONLY)
def test_train_device_resident_throughput(benchmark, preloaded, bench_data, tutorial_parameters, device: str) -> None:
    """(c) The whole training set on the GPU: a batch is a slice, no host-to-device copy."""
    run_tensor_path(benchmark, preloaded, bench_data, tutorial_parameters, path="device", device=device, tol=TOL_GPU)


@pytest.mark.parametrize("device", CUDA_ONLY)
def test_train_cuda_graph_throughput(benchmark, preloaded, bench_data, tutorial_parameters, device: str) -> None:
    """(d) (c) with each training step a replayed CUDA graph: one launch instead of ~20 per batch."""
    run_tensor_path(benchmark, preloaded, bench_data, tutorial_parameters, path="graphed", device=device, tol=TOL_GPU)


# ---------------------------------------------------------------------------------------------
# Inference throughput: torch and onnxruntime, batch 1 and 1000


def inference_iterations(benchmark: Any, batch: int) -> int:
    return (500 if batch == 1 else 10) if benchmark.enabled else 2  # tens of ms per measured round on a CPU


@pytest.mark.parametrize("batch", [1, 1000])
@pytest.mark.parametrize("device", devices())
def test_inference_torch_throughput(benchmark, preloaded, bench_data, batch: int, device: str) -> None:
    """model(x) under inference_mode, eval mode; the logits equal an ordinary no_grad forward's."""
    torch.manual_seed(SEED)
    model = NeuralNetwork().to(device).eval()
    x = preloaded("device" if device == "cuda" else "preloaded", False, device)[0][:batch]
    iterations = inference_iterations(benchmark, batch)

    def target() -> torch.Tensor:
        with torch.inference_mode():
            for _ in range(iterations):
                logits = model(x)
        return logits

    with ieee_fp32():
        logits = measure(
            benchmark,
            target,
            lambda: (),
            samples=batch * iterations,
            device=device,
            engine="torch",
            batch_size=batch,
            iterations=iterations,
            data=bench_data[1],
        )
        with torch.no_grad():
            expected = model(x)
    # The same kernels on the same input: equal on the CPU; on a GPU allow for another cuBLAS algorithm.
    c = Call("quickstart", "model(x)", setup=f"model = NeuralNetwork().eval(); x = images[:{batch}]")
    tol = EXACT if device == "cpu" else Tol(rtol=1e-5, atol=1e-6)
    check_tensor(logits, expected, call=c, tol=tol, situation="under torch.inference_mode(), as under torch.no_grad()")


@pytest.fixture(scope="module")
def onnx_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nn.Module]:
    """The seeded model exported once by the reference's export_onnx (seconds: the dynamo exporter)."""
    from reference.persistence import export_onnx

    torch.manual_seed(SEED)
    model = NeuralNetwork().eval()
    path = tmp_path_factory.mktemp("onnx") / "model.onnx"
    with contextlib.redirect_stdout(None):  # the exporter narrates its passes
        export_onnx(model, path, torch.zeros(1, 1, 28, 28))
    return path, model


@pytest.mark.slow  # the ONNX export alone takes seconds
@pytest.mark.parametrize("batch", [1, 1000])
def test_inference_onnxruntime_throughput(benchmark, onnx_model, preloaded, bench_data, batch: int) -> None:
    """onnxruntime's CPU provider on the exported model, as many threads as torch; logits match torch's."""
    import onnxruntime as ort

    path, model = onnx_model
    options = ort.SessionOptions()
    options.intra_op_num_threads = torch.get_num_threads()  # a fair comparison with torch's run
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    x = preloaded("preloaded", False, "cpu")[0][:batch]
    feed = {session.get_inputs()[0].name: x.numpy()}
    iterations = inference_iterations(benchmark, batch)

    def target() -> Any:
        for _ in range(iterations):
            logits = session.run(None, feed)[0]
        return logits

    logits = measure(
        benchmark,
        target,
        lambda: (),
        samples=batch * iterations,
        device="cpu",
        engine=f"onnxruntime {ort.__version__}",
        batch_size=batch,
        iterations=iterations,
        data=bench_data[1],
    )
    with torch.no_grad():
        expected = model(x)
    c = Call(
        "quickstart",
        "session.run(None, feed)[0]",
        setup=f"x = images[:{batch}]; feed = {{session.get_inputs()[0].name: x.numpy()}}",
    )
    check_tensor(
        torch.from_numpy(logits), expected, call=c, tol=Tol(rtol=1e-5, atol=1e-5), situation="as torch's model(x)"
    )


# ---------------------------------------------------------------------------------------------
# Time to the tutorial's accuracy: the whole 5-epoch recipe per path (1 epoch in a smoke run)


@pytest.fixture(scope="module")
def recipe_results() -> dict[tuple[str, str, int], list[EpochResult]]:
    """(path, device, epochs) -> per-epoch results of the recipes run in this module."""
    return {}


@pytest.mark.slow  # minutes for the published loop on a CPU
@pytest.mark.parametrize(("path", "device"), RECIPE_RUNS)
def test_train_time_to_tutorial_accuracy(benchmark, bench_data, recipe_results, path: str, device: str) -> None:
    """Wall time of the tutorial's recipe (5 epochs, test after each) by one path; (a)'s accuracies.

    Timed from the files on disk to the last test: loading, conversion and graph capture included.
    """
    root, source = bench_data
    epochs = EPOCHS if benchmark.enabled else 1
    epoch_seconds: list[float] = []

    def setup() -> tuple:
        torch.manual_seed(SEED)
        return (NeuralNetwork().to(device),)

    def target(model: nn.Module) -> list[EpochResult]:
        epoch_seconds.clear()
        return fast.recipe(
            path, model, root, epochs=epochs, on_epoch=lambda epoch, result, seconds: epoch_seconds.append(seconds)
        )

    n_train, n_test = (len(data_files.load_tensors(train, root=root)[1]) for train in (True, False))
    with ieee_fp32():
        history = measure(
            benchmark,
            target,
            setup,
            samples=epochs * n_train,
            device=device,
            rounds=1,
            warmup_rounds=0,
            path=path,
            epochs=epochs,
            batch_size=BATCH_SIZE,
            data=source,
        )
    benchmark.extra_info.update(
        epoch_seconds=epoch_seconds, accuracy=[r.accuracy for r in history], avg_loss=[r.avg_loss for r in history]
    )
    recipe_results[path, device, epochs] = history
    if ("tutorial", device, epochs) not in recipe_results:  # run alone: the oracle has not run yet
        torch.manual_seed(SEED)
        with ieee_fp32():
            recipe_results["tutorial", device, epochs] = fast.recipe(
                "tutorial", NeuralNetwork().to(device), root, epochs=epochs
            )
    expected = recipe_results["tutorial", device, epochs]
    for epoch, (got, want) in enumerate(zip(history, expected, strict=True), start=1):
        # Same parameters up to rounding: only a test image whose top two logits tie within it could flip.
        check(
            abs(got.accuracy - want.accuracy) <= 2 / n_test,
            call=Call("quickstart", f"fast.recipe({path!r}, model, root)[{epoch - 1}].accuracy"),
            actual=got.accuracy,
            expected=f"{want.accuracy} (the published loop's, within 2 images)",
        )
