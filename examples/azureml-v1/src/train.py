"""A HyperDrive v1 training script, unchanged: it reads its hyperparameters from the command line and logs its
metric with Run.get_context().log. A support vector classifier on scikit-learn's iris data."""

import argparse
import os

import joblib
from sklearn import datasets, svm
from sklearn.model_selection import train_test_split

from azureml.core.run import Run

parser = argparse.ArgumentParser()
parser.add_argument("--kernel", type=str, default="linear", help="kernel type")
parser.add_argument("--penalty", type=float, default=1.0, help="penalty parameter C of the error term")
parser.add_argument("--gamma", type=float, default=0.1, help="kernel coefficient for rbf, poly and sigmoid")
args = parser.parse_args()

run = Run.get_context()
run.log("Kernel type", args.kernel)
run.log("Penalty", args.penalty)

X, y = datasets.load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
model = svm.SVC(kernel=args.kernel, C=args.penalty, gamma=args.gamma).fit(X_train, y_train)
accuracy = model.score(X_test, y_test)
run.log("Accuracy", float(accuracy))

os.makedirs("outputs", exist_ok=True)
joblib.dump(model, "outputs/model.joblib")
