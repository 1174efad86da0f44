"""Tables of a pytest-benchmark JSON file from spec/pages/test_benchmarks.py: samples/s and ratios to the tutorial loop.

    python benchmarks/ratios.py bench.json [more.json ...]

Ratios compare runs of the same file (same run, same machine). "median" uses each benchmark's
median round (extra_info["samples_per_s"]); "best" its fastest round, steadier on a noisy machine.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import Any

PATH_OF_TEST = {  # training throughput tests -> the path they measure (reference/quickstart/fast.py)
    "test_train_tutorial_loop_throughput": "(a) tutorial",
    "test_train_preloaded_throughput": "(b) preloaded",
    "test_train_device_resident_throughput": "(c) device",
    "test_train_cuda_graph_throughput": "(d) graphed",
}


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per benchmark: test name, parameters, extra_info and the fastest round's seconds."""
    return [
        {"test": b["name"].split("[")[0], "param": b.get("param"), "min": b["stats"]["min"], **b["extra_info"]}
        for b in report["benchmarks"]
    ]


def main(paths: list[str]) -> None:
    for path in paths:
        report = json.load(open(path))
        machine = report.get("machine_info", {})
        print(f"## {path}: {machine.get('cpu', {}).get('brand_raw', '?')}, {report.get('datetime', '?')}\n")
        by_device: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows(report):
            by_device[row["device"]].append(row)
        for device, entries in by_device.items():
            first = entries[0]
            print(f"### {device}: {first['hardware']}, torch {first['torch']}, {first['threads']} thread(s)\n")
            train = [e for e in entries if e["test"] in PATH_OF_TEST]
            base = next((e for e in train if e["test"] == "test_train_tutorial_loop_throughput"), None)
            if train:
                print("| training path | samples/s (median) | x (a), median | x (a), best round | data |")
                print("|---|---:|---:|---:|---|")
                for e in sorted(train, key=lambda e: PATH_OF_TEST[e["test"]]):
                    best = e["samples_per_round"] / e["min"]
                    ratio = f"{e['samples_per_s'] / base['samples_per_s']:.1f}" if base else "?"
                    best_ratio = f"{best / (base['samples_per_round'] / base['min']):.1f}" if base else "?"
                    row = [PATH_OF_TEST[e["test"]], f"{e['samples_per_s']:,.0f}", ratio, best_ratio, e["data"]]
                    print(f"| {' | '.join(map(str, row))} |")
                print()
            infer = [e for e in entries if e["test"].startswith("test_inference")]
            if infer:
                print("| inference | batch | samples/s |")
                print("|---|---:|---:|")
                for e in sorted(infer, key=lambda e: (e["engine"], e["batch_size"])):
                    print(f"| {e['engine']} | {e['batch_size']} | {e['samples_per_s']:,.0f} |")
                print()
            recipes = [e for e in entries if e["test"] == "test_train_time_to_tutorial_accuracy"]
            if recipes:
                print("| 5-epoch recipe | wall s (all) | s in epochs | GPU s (events) | final accuracy | data |")
                print("|---|---:|---:|---:|---:|---|")
                for e in recipes:
                    gpu = f"{e['gpu_seconds_per_round']:.2f}" if "gpu_seconds_per_round" in e else "-"
                    print(
                        f"| {e['path']} ({e['epochs']} epochs) | {e['seconds_per_round']:.2f} | "
                        f"{sum(e['epoch_seconds']):.2f} | {gpu} | {100 * e['accuracy'][-1]:.1f}% | {e['data']} |"
                    )
                print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
