#!/usr/bin/python3
"""SVC with an RBF kernel on scikit-learn's handwritten digits: validation accuracy (maximize).

Fixed split (half for training, half for validation, stratified, random_state=0), pixels scaled to [0, 1];
a trial is deterministic given C and gamma. Fitting takes 0.03 to 0.11 s.
Alone:  PYTHONPATH=../../../src/Hypersweep/Launching/python /usr/bin/python3 train.py --C 10 --gamma 0.01
"""

import argparse

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC


def evaluate(params, report=None):
    """Validation accuracy of SVC(C, gamma); report(step, value) is called once."""
    x, y = load_digits(return_X_y=True)
    x_train, x_valid, y_train, y_valid = train_test_split(x / 16.0, y, test_size=0.5, stratify=y, random_state=0)
    model = SVC(kernel="rbf", C=float(params["C"]), gamma=float(params["gamma"])).fit(x_train, y_train)
    accuracy = model.score(x_valid, y_valid)
    if report is not None:
        report(1, accuracy)
    return accuracy


def main():
    import hypersweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--gamma", type=float, default=0.01)
    evaluate(vars(parser.parse_args()), lambda step, value: hypersweep.log("accuracy", value, step=step))


if __name__ == "__main__":
    main()
