#!/usr/bin/python3
"""SVC with a sigmoid kernel on scikit-learn's breast-cancer data: 5-fold cross-validated accuracy (maximize).

The landscape is a wide plateau next to a narrow better region (see README.md and scan.py): in about 37% of
the search space the model predicts the majority class in every fold, accuracy exactly 0.6274; only about 5%
reaches 0.97 and 0.2% reaches 0.98. Standardized features, folds fixed (shuffle, random_state=0): a trial is
deterministic given C, gamma and coef0. Fitting the 5 folds takes about 0.03 s.
Alone:  PYTHONPATH=../../../src/Hypersweep/Launching/python /usr/bin/python3 train.py --C 100 --gamma 0.003 --coef0 -1
"""

import argparse
import warnings

from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC


def evaluate(params, report=None):
    """Mean 5-fold accuracy of StandardScaler + SVC(kernel="sigmoid", C, gamma, coef0); report(step, value) is called once."""
    warnings.simplefilter("ignore")
    x, y = load_breast_cancer(return_X_y=True)
    model = make_pipeline(StandardScaler(), SVC(kernel="sigmoid", C=float(params["C"]), gamma=float(params["gamma"]), coef0=float(params["coef0"])))
    accuracy = cross_val_score(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0)).mean()
    if report is not None:
        report(1, accuracy)
    return accuracy


def main():
    import hypersweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--gamma", type=float, default=0.01)
    parser.add_argument("--coef0", type=float, default=0.0)
    evaluate(vars(parser.parse_args()), lambda step, value: hypersweep.log("accuracy", value, step=step))


if __name__ == "__main__":
    main()
