"""Hypersweep example: a random forest on scikit-learn's handwritten digits, tuned for two objectives at once.

It logs the validation accuracy (to maximize), the time to classify the validation set in milliseconds (to minimize)
and the pickled model's size in kilobytes, which the sweep file bounds with a constraint. No single setting is best
for both objectives: more and deeper trees are more accurate and slower, so the sweep's result is the Pareto front.

To run it alone, from the repository root:
    PYTHONPATH=$(dotnet run --project src/Hypersweep.Cli -- python-path) /usr/bin/python3 examples/tradeoff/train.py --trees 50 --depth 8
"""

import argparse
import pickle
import time

import hypersweep
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split


def main():
    parser = argparse.ArgumentParser(description="Random forest on the 8x8 handwritten digits.")
    parser.add_argument("--trees", type=int, required=True, help="number of trees")
    parser.add_argument("--depth", type=int, required=True, help="maximum depth of a tree")
    parser.add_argument("--max_features", type=float, default=0.3, help="share of the 64 pixels each split considers")
    args = parser.parse_args()

    x, y = load_digits(return_X_y=True)
    x_train, x_valid, y_train, y_valid = train_test_split(x, y, test_size=0.3, stratify=y, random_state=0)
    model = RandomForestClassifier(n_estimators=args.trees, max_depth=args.depth, max_features=args.max_features, random_state=0, n_jobs=1)
    model.fit(x_train, y_train)

    start = time.perf_counter()
    for _ in range(5):
        predicted = model.predict(x_valid)
    latency_ms = (time.perf_counter() - start) * 1000 / 5

    hypersweep.log("model_kb", len(pickle.dumps(model)) / 1024)
    hypersweep.log("accuracy", float((predicted == y_valid).mean()))
    hypersweep.log("latency_ms", latency_ms)


if __name__ == "__main__":
    main()
