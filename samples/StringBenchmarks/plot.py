#!/usr/bin/env python3
"""Draws concat-growth.png from the BenchmarkDotNet results of `string-benchmarks --benchmark`.

  python3 plot.py [RESULTS_FOLDER] [OUT.png]

RESULTS_FOLDER (default BenchmarkDotNet.Artifacts/results) holds the ConcatBenchmarks and
NaiveConcatBenchmarks CSV reports.

Needs matplotlib (Debian: apt-get install python3-matplotlib); the program and its tests do not.
"""
import csv
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt

HERE = os.path.dirname(os.path.abspath(__file__))
results = sys.argv[1] if len(sys.argv) > 1 else "BenchmarkDotNet.Artifacts/results"
target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "concat-growth.png")


def number(text):
    # The CSV exporter is set to fixed units without unit strings; "-" or "NA" means no value.
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


time_series = defaultdict(list)
bytes_series = defaultdict(list)
for suite in ("NaiveConcatBenchmarks", "ConcatBenchmarks"):
    with open(os.path.join(results, f"StringBenchmarks.Benchmarks.{suite}-report.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            method = row["Method"].strip("'")
            n = int(row["N"])
            # The header carries the unit: "Mean [μs]".
            mean = number(next(value for key, value in row.items() if key.startswith("Mean [")))
            allocated = number(row["Allocated [B]"])
            if mean is not None:
                time_series[method].append((n, mean))
            if allocated is not None:
                bytes_series[method].append((n, allocated))

figure, (times, allocations) = plt.subplots(1, 2, figsize=(12, 5))
for axis, series, label in ((times, time_series, "mean time per build (µs)"), (allocations, bytes_series, "bytes allocated per build")):
    for method, points in series.items():
        points.sort()
        axis.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=method)
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("N (numbers concatenated)")
    axis.set_ylabel(label)
    axis.grid(True, which="both", alpha=0.3)
times.set_title("Time: the naive += grows as N², the others as N")
allocations.set_title("Allocation: += copies the whole string each time")
times.legend(fontsize=8)
figure.tight_layout()
figure.savefig(target, dpi=100)
print(target)
