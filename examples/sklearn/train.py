"""Hypersweep example: a scikit-learn training script written exactly as for Azure ML HyperDrive (v1).

It trains a linear classifier with stochastic gradient descent (SGDClassifier) on scikit-learn's built-in
handwritten digits, one pass over the training set per epoch, and logs the validation accuracy after every epoch
through azureml.core.Run. Hypersweep puts a compatible azureml.core on PYTHONPATH, so the script needs no Azure SDK,
and it appends the hyperparameters to the command as --NAME VALUE, as HyperDrive does.

To run it alone, from the repository root (Hypersweep's azureml.core shim stands in for the Azure ML SDK):
    PYTHONPATH=src/Hypersweep/Launching/python /usr/bin/python3 examples/sklearn/train.py --alpha 0.0001 --epochs 5
"""

import argparse
import os
import pickle

import numpy as np
from azureml.core.run import Run
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def main():
    parser = argparse.ArgumentParser(description="SGD classifier on the 8x8 handwritten digits.")
    parser.add_argument("--alpha", type=float, default=1e-4, help="regularization strength")
    parser.add_argument("--loss", default="hinge", choices=["hinge", "log_loss", "modified_huber"])
    parser.add_argument("--penalty", default="l2", choices=["l2", "l1", "elasticnet"])
    parser.add_argument("--learning_rate", default="optimal", choices=["optimal", "constant", "invscaling", "adaptive"])
    parser.add_argument("--eta0", type=float, default=0.01, help="initial learning rate (not used by 'optimal')")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    run = Run.get_context()
    run.log("alpha", args.alpha)
    run.log("eta0", args.eta0)

    x, y = load_digits(return_X_y=True)
    x_train, x_valid, y_train, y_valid = train_test_split(x, y, test_size=0.2, stratify=y, random_state=0)
    scaler = StandardScaler().fit(x_train)
    x_train, x_valid = scaler.transform(x_train), scaler.transform(x_valid)
    classes = np.unique(y)

    model = SGDClassifier(alpha=args.alpha, loss=args.loss, penalty=args.penalty,
                          learning_rate=args.learning_rate, eta0=args.eta0, random_state=args.seed)
    rng = np.random.default_rng(args.seed)
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(y_train))
        model.partial_fit(x_train[order], y_train[order], classes=classes)
        accuracy = model.score(x_valid, y_valid)
        run.log("accuracy", accuracy)
        run.log("train_accuracy", model.score(x_train, y_train))
        print("epoch %d/%d: accuracy %.4f" % (epoch, args.epochs, accuracy))

    # HyperDrive keeps what a trial writes to ./outputs; Hypersweep gives each trial its own folder.
    outputs = os.environ.get("HYPERSWEEP_OUTPUT_DIR", "outputs")
    os.makedirs(outputs, exist_ok=True)
    with open(os.path.join(outputs, "model.pkl"), "wb") as f:
        pickle.dump({"scaler": scaler, "model": model}, f)
    run.complete()


if __name__ == "__main__":
    main()
