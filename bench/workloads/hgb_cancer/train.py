#!/usr/bin/python3
"""Histogram gradient boosting on scikit-learn's breast-cancer data: 3-fold cross-validated log loss (minimize).

Mixed parameter types: a log-scaled learning rate and L2 penalty, integers (boosting rounds, leaves, samples
per leaf) through quniform, and the number of bins as a choice. No early stopping; folds fixed (shuffle,
random_state=0) and random_state=0: a trial is deterministic given its parameters. 0.05 to 0.7 s of fitting per trial.
Alone:  PYTHONPATH=../../../src/Hypersweep/Launching/python /usr/bin/python3 train.py --learning_rate 0.1 --max_iter 100
"""

import argparse

from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score


def evaluate(params, report=None):
    """Mean 3-fold log loss; report(step, value) is called once."""
    x, y = load_breast_cancer(return_X_y=True)
    model = HistGradientBoostingClassifier(learning_rate=float(params["learning_rate"]), max_iter=int(params["max_iter"]),
                                           max_leaf_nodes=int(params["max_leaf_nodes"]), min_samples_leaf=int(params["min_samples_leaf"]),
                                           l2_regularization=float(params["l2_regularization"]), max_bins=int(params["max_bins"]),
                                           early_stopping=False, random_state=0)
    loss = -cross_val_score(model, x, y, cv=StratifiedKFold(3, shuffle=True, random_state=0), scoring="neg_log_loss").mean()
    if report is not None:
        report(1, loss)
    return loss


def main():
    import hypersweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learning_rate", type=float, default=0.1)
    parser.add_argument("--max_iter", type=float, default=100)
    parser.add_argument("--max_leaf_nodes", type=float, default=31)
    parser.add_argument("--min_samples_leaf", type=float, default=20)
    parser.add_argument("--l2_regularization", type=float, default=0.0)
    parser.add_argument("--max_bins", type=float, default=255)
    evaluate(vars(parser.parse_args()), lambda step, value: hypersweep.log("log_loss", value, step=step))


if __name__ == "__main__":
    main()
