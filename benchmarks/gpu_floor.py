"""How fast can one training step of the tutorial's MLP (batch 64) be on this GPU? Kernels and their floor.

    python benchmarks/gpu_floor.py

Profiles one eager training step (the CUDA kernels it launches and their summed time), then times a
CUDA graph of that many trivial kernels: a graph replays a node in no less than that, so
64 / (kernels x floor) bounds the samples/s of any path that keeps the step's kernels (as the
graphed path does). Prints one JSON line; each part reports its own failure and the rest goes on.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a script: find the repository's packages

from reference.model import NeuralNetwork
from reference.optimization import BATCH_SIZE, LEARNING_RATE


def step_kernels(device: str) -> dict:
    """CUDA kernels one eager training step launches, and their summed GPU time (profiler)."""
    from torch.profiler import ProfilerActivity, profile

    torch.manual_seed(0)
    model = NeuralNetwork().to(device)
    loss_fn, optimizer = nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    x, y = torch.rand(BATCH_SIZE, 1, 28, 28, device=device), torch.randint(0, 10, (BATCH_SIZE,), device=device)

    def step() -> None:
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(5):  # warm up: cuBLAS handles, allocator, lazy initialisation
        step()
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        step()
        torch.cuda.synchronize()
    kernels = [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
    total_us = sum(e.device_time_total if hasattr(e, "device_time_total") else e.cuda_time_total for e in kernels)
    return {
        "kernels_per_step": len(kernels),
        "kernel_us_per_step": total_us,
        "kernel_names": sorted({e.name[:60] for e in kernels}),
    }


def graph_node_floor(device: str, nodes: int, replays: int = 200) -> float:
    """Microseconds per node of a replayed CUDA graph of `nodes` tiny kernels (in-place adds on 64x512)."""
    t = torch.zeros(BATCH_SIZE, 512, device=device)
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        t.add_(1)  # warm up
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph, stream=stream):
        for _ in range(nodes):
            t.add_(1)
    for _ in range(10):
        graph.replay()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(replays):
        graph.replay()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) * 1000 / (replays * nodes)


def main() -> int:
    if not torch.cuda.is_available():
        print("gpu_floor: CUDA is not available", file=sys.stderr)
        return 2
    result: dict = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__, "batch_size": BATCH_SIZE}
    try:
        result.update(step_kernels("cuda"))
    except Exception as exc:  # the profiler needs CUPTI; report and go on
        result["step_kernels_error"] = f"{type(exc).__name__}: {exc}"
    nodes = result.get("kernels_per_step", 25)
    try:
        floor = graph_node_floor("cuda", nodes)
        result["graph_us_per_node"] = floor
        result["step_floor_us"] = floor * nodes
        result["samples_per_s_ceiling"] = BATCH_SIZE / (floor * nodes) * 1e6
    except Exception as exc:
        result["graph_floor_error"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
