#!/usr/bin/python3
"""A random forest on scikit-learn's diabetes regression data: 5-fold cross-validated RMSE (minimize).

Mixed parameter types: integers through quniform (trees, samples per leaf) and randint (maximum depth, 0 meaning
no limit, as HyperDrive's randint starts at 0), a uniform fraction of features, and the split criterion as a
choice. Folds fixed (shuffle, random_state=0) and random_state=0: a trial is deterministic given its parameters.
0.05 to 0.5 s per trial.
Alone:  PYTHONPATH=../../../src/Hypersweep/Launching/python /usr/bin/python3 train.py --n_estimators 100 --max_depth 0
"""

import argparse

from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import KFold, cross_val_score


def evaluate(params, report=None):
    """Mean 5-fold root mean squared error; report(step, value) is called once."""
    x, y = load_diabetes(return_X_y=True)
    model = RandomForestRegressor(n_estimators=int(params["n_estimators"]), max_depth=int(params["max_depth"]) or None,
                                  min_samples_leaf=int(params["min_samples_leaf"]), max_features=float(params["max_features"]),
                                  criterion=str(params["criterion"]), random_state=0)
    rmse = -cross_val_score(model, x, y, cv=KFold(5, shuffle=True, random_state=0), scoring="neg_root_mean_squared_error").mean()
    if report is not None:
        report(1, rmse)
    return rmse


def main():
    import hypersweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n_estimators", type=float, default=100)
    parser.add_argument("--max_depth", type=float, default=0)
    parser.add_argument("--min_samples_leaf", type=float, default=1)
    parser.add_argument("--max_features", type=float, default=1.0)
    parser.add_argument("--criterion", default="squared_error", choices=["squared_error", "poisson"])
    evaluate(vars(parser.parse_args()), lambda step, value: hypersweep.log("rmse", value, step=step))


if __name__ == "__main__":
    main()
