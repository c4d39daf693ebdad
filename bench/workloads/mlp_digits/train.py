#!/usr/bin/python3
"""A one-hidden-layer network (MLPClassifier, SGD with momentum) on the digits, trained epoch by epoch.

After every epoch (one partial_fit pass over the training set) it reports the validation error, 1 - accuracy
(minimize), so early-termination policies and Optuna's pruners can stop it. 30 epochs; fixed split (60/40,
stratified, random_state=0), standardized pixels, random_state=0 for the weights and the batch order: a trial
is deterministic given its parameters. A network whose weights blow up (too high a learning rate) has error 1.0
from that epoch on. The 30 epochs take 0.2 to 0.6 s.
Alone:  PYTHONPATH=../../../src/Hypersweep/Launching/python /usr/bin/python3 train.py --learning_rate_init 0.01 --batch_size 32
"""

import argparse
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

EPOCHS = 30


def evaluate(params, report=None):
    """Validation error after the last epoch; report(epoch, error) after every epoch, which may return True to stop."""
    warnings.simplefilter("ignore")
    x, y = load_digits(return_X_y=True)
    x_train, x_valid, y_train, y_valid = train_test_split(x, y, test_size=0.4, stratify=y, random_state=0)
    scaler = StandardScaler().fit(x_train)
    x_train, x_valid = scaler.transform(x_train), scaler.transform(x_valid)
    model = MLPClassifier(hidden_layer_sizes=(int(params["hidden"]),), solver="sgd", learning_rate_init=float(params["learning_rate_init"]),
                          momentum=float(params["momentum"]), alpha=float(params["alpha"]), batch_size=int(params["batch_size"]), random_state=0)
    classes = np.unique(y)
    error, diverged = 1.0, False
    for epoch in range(1, EPOCHS + 1):
        if not diverged:
            try:
                model.partial_fit(x_train, y_train, classes=classes)
                error = 1.0 - model.score(x_valid, y_valid)
            except ValueError:  # "Solver produced non-finite parameter weights"
                diverged, error = True, 1.0
        if report is not None and report(epoch, error):
            break
    return error


def main():
    import hypersweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learning_rate_init", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--alpha", type=float, default=1e-4)
    parser.add_argument("--hidden", type=float, default=64)
    parser.add_argument("--batch_size", type=float, default=64)
    evaluate(vars(parser.parse_args()), lambda step, value: hypersweep.log("error", value, step=step))


if __name__ == "__main__":
    main()
