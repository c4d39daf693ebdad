#!/usr/bin/python3
"""Optuna on the real scikit-learn workloads of bench/workloads/ (the peer of the real-jobs benchmark).

Each workload folder holds the user's files: train.py, whose evaluate(params, report) is the very function its
command line runs, and sweep.yml, whose search_space is translated here into Optuna distributions (HyperDrive
semantics: loguniform bounds are exponents; quniform(lo, hi, q) is Optuna's step q; randint(n) is 0..n-1).
Per workload, sampler and seed: one study, ask(fixed_distributions)/tell, sequential, trials 40 by default.

Samplers (seeds 1..N):
  tpe         Debian's Optuna 3.1 TPESampler(seed)
  gp, tpe5    Optuna 5 GPSampler(seed) and TPESampler(seed), when OPTUNA_SRC names a folder holding that optuna
              package (Optuna 3.1 and 5 cannot share a process: each runs in its own child process of this script)
On a learning-curve workload (its train.py defines EPOCHS) also tpe+median and gp+median: MedianPruner(
n_startup_trials=5, n_warmup_steps=5), as bench/peers/pruning.py; the trial reports the metric after every epoch and
asks should_prune() after epochs 1..EPOCHS-1; a pruned trial is told PRUNED. Its value is the last epoch's.

Usage: [OPTUNA_SRC=/tmp/optuna5] /usr/bin/python3 real_jobs.py [--seeds 5] [--first-seed 1] [--trials 40] [--workloads a,b]
       [--samplers tpe,gp,tpe5] [--no-pruner | --pruner-only]
Prints one JSON object: every run's trials (parameters, value, epochs used) and its best.
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = os.path.normpath(os.path.join(HERE, "..", "workloads"))
sys.dont_write_bytecode = True  # importing train.py leaves no __pycache__ in the workload folders

# The samplers of each Optuna, and which of them also run with MedianPruner on a learning-curve workload.
PARTS = {"debian": {"samplers": ["tpe"], "pruned": ["tpe"]},
         "optuna5": {"samplers": ["gp", "tpe5"], "pruned": ["gp"]}}


def workload_names():
    return sorted(d for d in os.listdir(WORKLOADS) if os.path.isfile(os.path.join(WORKLOADS, d, "sweep.yml")))


def load_workload(name):
    """The workload's sweep.yml (as a dict) and its train module."""
    import yaml

    folder = os.path.join(WORKLOADS, name)
    with open(os.path.join(folder, "sweep.yml")) as f:
        sweep = yaml.safe_load(f)
    spec = importlib.util.spec_from_file_location("workload_" + name, os.path.join(folder, "train.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return sweep, module


def distribution(d):
    """The Optuna distribution of one HyperDrive search-space entry in object form."""
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

    kind = d["type"]
    if kind == "uniform":
        return FloatDistribution(d["min_value"], d["max_value"])
    if kind == "loguniform":
        return FloatDistribution(math.exp(d["min_value"]), math.exp(d["max_value"]), log=True)
    if kind == "quniform":
        lo, hi, q = d["min_value"], d["max_value"], d["q"]
        if all(float(v).is_integer() for v in (lo, hi, q)):
            return IntDistribution(int(lo), int(hi), step=int(q))
        return FloatDistribution(lo, hi, step=q)
    if kind == "randint":
        return IntDistribution(0, d["upper"] - 1)
    if kind == "choice":
        return CategoricalDistribution(d["values"])
    raise ValueError("no Optuna counterpart written for %s" % kind)


def make_sampler(name, seed):
    import optuna

    if name in ("tpe", "tpe5"):
        return optuna.samplers.TPESampler(seed=seed)
    if name == "gp":
        return optuna.samplers.GPSampler(seed=seed)
    raise ValueError(name)


def run_one(name, sweep, module, sampler, pruned, seed, n_trials):
    import optuna
    from optuna.trial import TrialState

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")
    goal = sweep["objective"]["goal"]
    dists = {k: distribution(v) for k, v in sweep["search_space"].items()}
    epochs = getattr(module, "EPOCHS", None)
    pruner = optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=5) if pruned else optuna.pruners.NopPruner()
    study = optuna.create_study(direction=goal, sampler=make_sampler(sampler, seed), pruner=pruner)
    trials = []
    start = time.perf_counter()
    for _ in range(n_trials):
        trial = study.ask(dists)
        used = [0]
        stop = [False]

        def report(step, value):
            used[0] = step
            if epochs is None:
                return False
            trial.report(value, step)
            stop[0] = pruned and step < epochs and trial.should_prune()
            return stop[0]

        value = module.evaluate(trial.params, report)
        if stop[0]:
            study.tell(trial, state=TrialState.PRUNED)
        else:
            study.tell(trial, value)
        trials.append({"params": trial.params, "value": None if stop[0] else value, "epochs": used[0]})
    wall = time.perf_counter() - start
    complete = [t["value"] for t in trials if t["value"] is not None]
    best = (max if goal == "maximize" else min)(complete)
    return {"workload": name, "sampler": sampler + ("+median" if pruned else ""), "seed": seed, "goal": goal,
            "best": best, "epochs_per_trial": epochs, "wall_s": round(wall, 1), "trials": trials}


def run_part(part, args):
    import optuna

    runs = []
    for name in args.workloads:
        sweep, module = load_workload(name)
        for sampler in [s for s in PARTS[part]["samplers"] if args.samplers is None or s in args.samplers]:
            prunable = hasattr(module, "EPOCHS") and sampler in PARTS[part]["pruned"]
            for pruned in ([True] if args.pruner_only else [False, True]) if prunable and not args.no_pruner else [False]:
                for seed in range(args.first_seed, args.first_seed + args.seeds):
                    run = run_one(name, sweep, module, sampler, pruned, seed, args.trials)
                    print("  %-14s %-11s seed %d: best %.6g (%.0f s)" % (name, run["sampler"], seed, run["best"], run["wall_s"]), file=sys.stderr, flush=True)
                    runs.append(run)
    return {"optuna_version": optuna.__version__, "runs": runs}


def main():
    parser = argparse.ArgumentParser(description="Optuna on bench/workloads")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--workloads", default=",".join(workload_names()))
    parser.add_argument("--samplers", help="only these of tpe, gp, tpe5 (comma-separated)")
    pruner = parser.add_mutually_exclusive_group()
    pruner.add_argument("--no-pruner", action="store_true", help="skip the MedianPruner runs")
    pruner.add_argument("--pruner-only", action="store_true", help="only the MedianPruner runs (of a workload with epochs)")
    parser.add_argument("--part", choices=list(PARTS), help="internal: run one Optuna's samplers in this process")
    args = parser.parse_args()
    args.workloads = [w for w in args.workloads.split(",") if w]
    args.samplers = None if args.samplers is None else args.samplers.split(",")
    if args.part:
        if args.part == "optuna5":
            sys.path.insert(0, os.environ["OPTUNA_SRC"])
        json.dump(run_part(args.part, args), sys.stdout)
        return

    result = {"date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": "%s, %d logical CPUs, %s" % (platform.processor() or platform.machine(), os.cpu_count(), platform.platform()),
              "python": sys.version.split()[0], "seeds": args.seeds, "first_seed": args.first_seed, "trials": args.trials, "workloads": args.workloads, "parts": {}}
    parts = ["debian"] + (["optuna5"] if os.environ.get("OPTUNA_SRC") else [])
    for part in parts:
        env = dict(os.environ)
        if part == "debian":
            env.pop("OPTUNA_SRC", None)
        if args.samplers is not None and not set(args.samplers) & set(PARTS[part]["samplers"]):
            continue
        command = [sys.executable, os.path.abspath(__file__), "--part", part, "--seeds", str(args.seeds), "--first-seed", str(args.first_seed), "--trials", str(args.trials),
                   "--workloads", ",".join(args.workloads)] + (["--samplers", ",".join(args.samplers)] if args.samplers else []) + (["--no-pruner"] if args.no_pruner else []) + (["--pruner-only"] if args.pruner_only else [])
        start = time.perf_counter()
        out = subprocess.run(command, env=env, stdout=subprocess.PIPE, check=True).stdout
        result["parts"][part] = dict(json.loads(out), wall_s=round(time.perf_counter() - start, 1))
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
