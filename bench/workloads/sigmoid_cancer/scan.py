#!/usr/bin/python3
"""The landscape of this workload, scanned (about 40 s): slices on a grid and value shares over the search space.

1. Accuracy on a grid of gamma (rows) x coef0 (columns) for C = 0.01, 1, 100 and 1000.
2. 1024 scrambled Sobol points (seed 0) over the search space of sweep.yml (C and gamma log-scaled): how much of
   the space lies on the plateau (accuracy exactly that of predicting the majority class in every fold, 0.6274,
   the value at the smallest C and gamma)
   and how much reaches 0.95, 0.97, 0.975, 0.98.
Usage: OMP_NUM_THREADS=1 /usr/bin/python3 scan.py
"""

import math
import os
import sys

import numpy as np
import yaml
from scipy.stats import qmc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from train import evaluate  # noqa: E402


def main():
    space = yaml.safe_load(open(os.path.join(HERE, "sweep.yml")))["search_space"]
    gammas, coefs = np.logspace(-5, 0, 11), np.linspace(-5, 5, 11)
    for c in [0.01, 1, 100, 1000]:
        print("C = %g: accuracy, gamma (rows) x coef0 (columns)" % c)
        print("gamma\\coef0 " + " ".join("%6.0f" % v for v in coefs))
        for g in gammas:
            print("%11.0e " % g + " ".join("%6.3f" % evaluate({"C": c, "gamma": g, "coef0": v}) for v in coefs), flush=True)
        print()

    names = list(space)
    u = qmc.Sobol(len(names), scramble=True, seed=0).random(1024)
    values = []
    for row in u:
        params = {}
        for name, x in zip(names, row):
            d = space[name]
            v = d["min_value"] + x * (d["max_value"] - d["min_value"])
            params[name] = math.exp(v) if d["type"] == "loguniform" else v
        values.append(evaluate(params))
    a = np.array(values)
    floor = evaluate({"C": 0.01, "gamma": 1e-5, "coef0": 0.0})
    plateau = a == floor
    print("1024 Sobol points over the search space: best %.4f, median %.4f" % (a.max(), np.median(a)))
    print("  on the plateau (accuracy exactly %.4f, the majority class in every fold): %.1f%%" % (floor, 100 * plateau.mean()))
    print("  below 0.90 (plateau included): %.1f%%" % (100 * (a < 0.90).mean()))
    for t in [0.95, 0.97, 0.975, 0.98]:
        print("  at least %.3f: %.1f%%" % (t, 100 * (a >= t).mean()))


if __name__ == "__main__":
    main()
