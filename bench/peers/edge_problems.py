#!/usr/bin/python3
"""Optuna on the problems of ../edge-problems.json: problems.json's functions on boxes whose optimum lies on a
face, in a corner or off the centre. Same protocol as sample_efficiency.py (one run of max(budgets) trials per
seed, ask/tell, in-memory; regret = best - optimum at each budget).

Usage: /usr/bin/python3 edge_problems.py [--seeds 20] [--workers 2] [--budgets 30,50,100]
          [--problems a,b] [--samplers random,tpe,gp]
gp = GPSampler(seed), which needs Optuna 5: OPTUNA_SRC=/path/with/optuna/package (see ../optuna5/README.md).
Prints one JSON object on stdout.
"""
import argparse, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
if os.environ.get("OPTUNA_SRC"):
    sys.path.insert(0, os.environ["OPTUNA_SRC"])
sys.path.insert(1, HERE)
import problems  # noqa: E402
import sample_efficiency as se  # noqa: E402

with open(os.path.join(HERE, "..", "edge-problems.json")) as f:
    EDGE = {p["name"]: p for p in json.load(f)["problems"]}


def register():
    """Adds each edge problem to problems.PROBLEM_BY_NAME: the base problem with its bounds replaced."""
    for name, e in EDGE.items():
        base = problems.PROBLEM_BY_NAME[e["base"]]
        params = []
        for p in base["params"]:
            p = dict(p)
            if p["name"] in e["bounds"]:
                p["low"], p["high"] = e["bounds"][p["name"]]
            params.append(p)
        problems.PROBLEM_BY_NAME[name] = dict(base, name=name, params=params)


_orig_optimum = problems.known_optimum


def known_optimum(name):
    return _orig_optimum(EDGE[name]["base"] if name in EDGE else name)


_orig_make = se.make_sampler


def make_sampler(name, seed):
    import optuna
    if name == "gp":
        return optuna.samplers.GPSampler(seed=seed)
    return _orig_make(name, seed)


if __name__ == "__main__":
    register()
    problems.known_optimum = known_optimum
    se.make_sampler = make_sampler
    se.problems.PROBLEMS = [problems.PROBLEM_BY_NAME[n] for n in EDGE]
    if "--samplers" not in sys.argv:
        sys.argv += ["--samplers", "random,tpe,gp" if os.environ.get("OPTUNA_SRC") else "random,tpe"]
    se.main()
