#!/usr/bin/python3
"""Optuna on the multi-objective and constrained problems of Hypersweep's `multi-objective` benchmark.

Problems (the same definitions as bench/Hypersweep.Bench/Problems/MultiObjectiveProblems.cs; the values at
TEST_POINTS are printed so that the C# side checks both agree):
  zdt1, zdt2   10 variables in [0, 1], 2 objectives (minimize both)
  dtlz2        7 variables in [0, 1], 3 objectives
  tradeoff     mixed: lr loguniform (exponents -9.2..-2.3), layers choice 1..4, width choice 32..256,
               dropout uniform 0..0.6; minimize error and latency_ms
  gardner      constrained, one objective: minimize cos(2x)cos(y) + sin(x) s.t. cos(x)cos(y) - sin(x)sin(y) <= 0.5,
               x, y in [0, 6] (Gardner et al. 2014)

Samplers (seeds 1..N): random, nsga2 (NSGAIISampler), tpe (TPESampler, multi-objective or with constraints_func),
gp (GPSampler; needs Optuna 5 via OPTUNA_SRC). Every trial's objective values (and the constraint value for gardner)
are written, and the C# side computes hypervolumes and regrets with its own code for every sampler alike.

Usage: [OPTUNA_SRC=/tmp/optuna5] /usr/bin/python3 multi_objective.py --samplers random,nsga2,tpe [--seeds 20]
          [--trials 100] [--problems a,b] [--workers 2]     Prints one JSON object on stdout.
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import time
import warnings

if os.environ.get("OPTUNA_SRC"):
    sys.path.insert(0, os.environ["OPTUNA_SRC"])

LR_LOW, LR_HIGH = -9.2, -2.3


def zdt_g(x):
    return 1 + 9 * sum(x[1:]) / (len(x) - 1)


def zdt1(x):
    g = zdt_g(x)
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def zdt2(x):
    g = zdt_g(x)
    return [x[0], g * (1 - (x[0] / g) ** 2)]


def dtlz2(x):
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


def tradeoff(lr, layers, width, dropout):
    cap = layers * width / 32
    best_dropout = 0.1 + 0.08 * math.log2(cap)
    error = 0.04 + 0.3 / math.sqrt(cap) + 0.04 * (math.log10(lr) + 3) ** 2 + 0.5 * (dropout - best_dropout) ** 2 + 0.01 * layers
    latency = 2 + 0.5 * cap + 3 * layers
    return [error, latency]


def gardner(x, y):
    return [math.cos(2 * x) * math.cos(y) + math.sin(x)], math.cos(x) * math.cos(y) - math.sin(x) * math.sin(y)


PROBLEMS = {
    "zdt1": 2, "zdt2": 2, "dtlz2": 3, "tradeoff": 2, "gardner": 1,
}

TEST_POINTS = {
    "zdt1": [[0.25] + [0.1 * i for i in range(9)]],
    "zdt2": [[0.25] + [0.1 * i for i in range(9)]],
    "dtlz2": [[0.3, 0.6, 0.1, 0.2, 0.5, 0.7, 0.9]],
    "tradeoff": [[1e-3, 2, 128, 0.3]],
    "gardner": [[1.0, 2.0]],
}


def evaluate(problem, trial):
    if problem in ("zdt1", "zdt2"):
        x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(10)]
        return (zdt1 if problem == "zdt1" else zdt2)(x), None
    if problem == "dtlz2":
        return dtlz2([trial.suggest_float(f"x{i}", 0, 1) for i in range(7)]), None
    if problem == "tradeoff":
        lr = trial.suggest_float("lr", math.exp(LR_LOW), math.exp(LR_HIGH), log=True)
        layers = trial.suggest_categorical("layers", [1, 2, 3, 4])
        width = trial.suggest_categorical("width", [32, 64, 128, 256])
        dropout = trial.suggest_float("dropout", 0, 0.6)
        return tradeoff(lr, layers, width, dropout), None
    if problem == "gardner":
        return gardner(trial.suggest_float("x", 0, 6), trial.suggest_float("y", 0, 6))
    raise ValueError(problem)


def make_sampler(name, seed, constrained):
    import optuna
    constraints = (lambda t: [t.user_attrs["c"] - 0.5]) if constrained else None
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints)
    if name == "gp":
        return optuna.samplers.GPSampler(seed=seed, constraints_func=constraints)
    raise ValueError(name)


def run_one(args):
    problem, sampler_name, seed, n_trials = args
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")
    m = PROBLEMS[problem]
    constrained = problem == "gardner"
    study = optuna.create_study(directions=["minimize"] * m, sampler=make_sampler(sampler_name, seed, constrained))
    rows = []
    start = time.perf_counter()
    for _ in range(n_trials):
        trial = study.ask()
        values, c = evaluate(problem, trial)
        if c is not None:
            trial.set_user_attr("c", c)
        study.tell(trial, values if m > 1 else values[0])
        rows.append(values + ([c] if c is not None else []))
    return problem, sampler_name, seed, rows, (time.perf_counter() - start) / n_trials


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--problems", default=",".join(PROBLEMS))
    ap.add_argument("--samplers", default="random,nsga2,tpe")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    import optuna
    jobs = [(p, s, seed, a.trials) for p in a.problems.split(",") for s in a.samplers.split(",") for seed in range(1, a.seeds + 1)]
    out = {"optuna": optuna.__version__, "trials": a.trials, "seeds": a.seeds, "results": {}, "seconds_per_trial": {},
           "test_points": {p: [{"x": x, "f": (evaluate_plain(p, x))} for x in TEST_POINTS[p]] for p in PROBLEMS}}
    with mp.Pool(a.workers) as pool:
        for problem, sampler, seed, rows, spt in pool.imap_unordered(run_one, jobs):
            out["results"].setdefault(problem, {}).setdefault(sampler, {})[str(seed)] = rows
            out["seconds_per_trial"].setdefault(problem, {}).setdefault(sampler, []).append(spt)
            print(f"{problem} {sampler} seed {seed}: {spt * 1000:.0f} ms/trial", file=sys.stderr, flush=True)
    json.dump(out, sys.stdout)


def evaluate_plain(problem, x):
    if problem == "zdt1":
        return zdt1(x)
    if problem == "zdt2":
        return zdt2(x)
    if problem == "dtlz2":
        return dtlz2(x)
    if problem == "tradeoff":
        return tradeoff(*x)
    values, c = gardner(*x)
    return values + [c]


if __name__ == "__main__":
    main()
