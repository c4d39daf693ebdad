#!/usr/bin/python3
"""Optuna on the conditional benchmark problem (the peer of `-- conditional` in bench/Hypersweep.Bench).

The problem (minimized; the same formulas as ConditionalProblem.cs, checked by the test vectors below): a
synthetic validation error over an optimizer tree, written define-by-run as Optuna handles conditional spaces.

  lr         loguniform(1e-4, 1)                       always
  optimizer  choice(sgd, adam, rmsprop)                always
    sgd:     momentum uniform(0, 0.99), nesterov choice(true, false)
    adam:    beta1 uniform(0.5, 0.999), beta2 uniform(0.9, 0.9999), amsgrad choice(true, false)
               amsgrad true: clip loguniform(0.1, 10)
    rmsprop: rho uniform(0.5, 0.99)

  sgd:     0.05 + 0.08 (log10(lr / (1 - momentum)) + 0.5)^2 + 0.1 (momentum - 0.9)^2 + (0 if nesterov else 0.01)
  adam:    0.04 + 0.06 (log10 lr + 3)^2 + 0.5 (beta1 - 0.9)^2 + 30 (beta2 - 0.999)^2
             + (0.005 (log10 clip)^2 - 0.005 if amsgrad else 0)
  rmsprop: 0.045 + 0.07 (log10 lr + 2.5)^2 + 0.1 (rho - 0.9)^2
  optimum 0.035: adam, lr 1e-3, beta1 0.9, beta2 0.999, amsgrad, clip 1.

With --shape v every square (d)^2 above is |d| instead: the same tree and optimum, but V-shaped, kinked valleys
that no quadratic model fits (the quadratic form is a friendly case for a GP with a quadratic trend).

Samplers: tpe = TPESampler(seed); tpe_group = TPESampler(seed, multivariate=True, group=True) (Optuna's advice for
conditional spaces); random = RandomSampler(seed); gp = GPSampler(seed) (Optuna 5 only: set OPTUNA_SRC to the
extracted source of bench/optuna5, as ../optuna5/README.md says; GPSampler models the parameters every trial has
and samples the others independently).

Usage: [OPTUNA_SRC=/tmp/optuna5] /usr/bin/python3 conditional.py [--seeds 10] [--trials 60] [--samplers tpe,tpe_group,random] [--shape quadratic|v]
Prints one JSON object: per sampler, every seed's best value after each trial.
"""

import argparse
import json
import math
import os
import sys
import time
import warnings

if os.environ.get("OPTUNA_SRC"):
    sys.path.insert(0, os.environ["OPTUNA_SRC"])

OPTIMUM = 0.035


def sq(d, shape):
    return abs(d) if shape == "v" else d * d


def loss(p, shape="quadratic"):
    lr = p["lr"]
    o = p["optimizer"]
    if o == "sgd":
        m = p["momentum"]
        return 0.05 + 0.08 * sq(math.log10(lr / (1 - m)) + 0.5, shape) + 0.1 * sq(m - 0.9, shape) + (0 if p["nesterov"] else 0.01)
    if o == "adam":
        v = 0.04 + 0.06 * sq(math.log10(lr) + 3, shape) + 0.5 * sq(p["beta1"] - 0.9, shape) + 30 * sq(p["beta2"] - 0.999, shape)
        if p["amsgrad"]:
            v += 0.005 * sq(math.log10(p["clip"]), shape) - 0.005
        return v
    return 0.045 + 0.07 * sq(math.log10(lr) + 2.5, shape) + 0.1 * sq(p["rho"] - 0.9, shape)


# Test vectors, also checked by ConditionalProblem in C#.
VECTORS = [
    ({"lr": 0.01, "optimizer": "sgd", "momentum": 0.9, "nesterov": True}, 0.05 + 0.08 * 0.25),
    ({"lr": 0.001, "optimizer": "adam", "beta1": 0.9, "beta2": 0.999, "amsgrad": True, "clip": 1.0}, 0.035),
    ({"lr": 0.1, "optimizer": "rmsprop", "rho": 0.5}, 0.045 + 0.07 * 2.25 + 0.1 * 0.16),
]


VECTORS_V = [
    ({"lr": 0.01, "optimizer": "sgd", "momentum": 0.9, "nesterov": True}, 0.05 + 0.08 * 0.5),
    ({"lr": 0.001, "optimizer": "adam", "beta1": 0.9, "beta2": 0.999, "amsgrad": True, "clip": 1.0}, 0.035),
    ({"lr": 0.1, "optimizer": "rmsprop", "rho": 0.5}, 0.045 + 0.07 * 1.5 + 0.1 * 0.4),
]


def objective(trial, shape):
    lr = trial.suggest_float("lr", 1e-4, 1.0, log=True)
    o = trial.suggest_categorical("optimizer", ["sgd", "adam", "rmsprop"])
    p = {"lr": lr, "optimizer": o}
    if o == "sgd":
        p["momentum"] = trial.suggest_float("momentum", 0.0, 0.99)
        p["nesterov"] = trial.suggest_categorical("nesterov", [True, False])
    elif o == "adam":
        p["beta1"] = trial.suggest_float("beta1", 0.5, 0.999)
        p["beta2"] = trial.suggest_float("beta2", 0.9, 0.9999)
        p["amsgrad"] = trial.suggest_categorical("amsgrad", [True, False])
        if p["amsgrad"]:
            p["clip"] = trial.suggest_float("clip", 0.1, 10.0, log=True)
    else:
        p["rho"] = trial.suggest_float("rho", 0.5, 0.99)
    return loss(p, shape)


def make_sampler(optuna, name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe_group":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True, group=True)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "gp":
        return optuna.samplers.GPSampler(seed=seed)
    raise ValueError(name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--trials", type=int, default=60)
    ap.add_argument("--samplers", default="tpe,tpe_group,random")
    ap.add_argument("--shape", default="quadratic", choices=["quadratic", "v"])
    a = ap.parse_args()
    for p, expected in VECTORS:
        assert abs(loss(p) - expected) < 1e-12, (p, loss(p), expected)
    for p, expected in VECTORS_V:
        assert abs(loss(p, "v") - expected) < 1e-12, (p, loss(p, "v"), expected)
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")
    out = {"optuna_version": optuna.__version__, "shape": a.shape, "trials": a.trials, "optimum": OPTIMUM, "samplers": {}}
    for name in a.samplers.split(","):
        runs = []
        for seed in range(a.first_seed, a.first_seed + a.seeds):
            study = optuna.create_study(sampler=make_sampler(optuna, name, seed), direction="minimize")
            start = time.perf_counter()
            best, curve, branches = math.inf, [], []
            for _ in range(a.trials):
                trial = study.ask()
                value = objective(trial, a.shape)
                study.tell(trial, value)
                best = min(best, value)
                curve.append(best)
                branches.append(trial.params["optimizer"] + ("+amsgrad" if trial.params.get("amsgrad") else ""))
            runs.append({"seed": seed, "best_by_trial": curve, "branches": branches, "seconds": time.perf_counter() - start})
        out["samplers"][name] = runs
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
