"""A HyperDrive v1 driver as the Azure ML SDK v1 documentation writes it, unchanged. On Hypersweep:

    export PYTHONPATH=$(hypersweep python-path)
    python3 driver.py

It tunes the SVM of src/train.py on iris, shows the runs, waits for the sweep and prints the best run.
"""

from azureml.core import Environment, Experiment, ScriptRunConfig, Workspace
from azureml.train.hyperdrive import (BanditPolicy, HyperDriveConfig, PrimaryMetricGoal, RandomParameterSampling,
                                      choice, loguniform)
from azureml.widgets import RunDetails

ws = Workspace.from_config()
env = Environment.from_conda_specification("sklearn-env", "conda.yml")
src = ScriptRunConfig(source_directory="src", script="train.py", arguments=["--gamma", 0.5],
                      compute_target="cpu-cluster", environment=env)

param_sampling = RandomParameterSampling({
    "--kernel": choice("linear", "rbf", "poly", "sigmoid"),
    "--penalty": loguniform(-3, 3),
}, properties={"seed": 7})

hd_config = HyperDriveConfig(run_config=src,
                             hyperparameter_sampling=param_sampling,
                             policy=BanditPolicy(slack_factor=0.2, evaluation_interval=1, delay_evaluation=1),
                             primary_metric_name="Accuracy",
                             primary_metric_goal=PrimaryMetricGoal.MAXIMIZE,
                             max_total_runs=8,
                             max_concurrent_runs=2)

hyperdrive_run = Experiment(ws, "svm-iris").submit(hd_config)
RunDetails(hyperdrive_run).show()
hyperdrive_run.wait_for_completion(show_output=True)
assert hyperdrive_run.get_status() == "Completed"

best_run = hyperdrive_run.get_best_run_by_primary_metric()
best_run_metrics = best_run.get_metrics()
print("Best Run Id:", best_run.id)
print("Accuracy:", best_run_metrics["Accuracy"])
print("Arguments:", best_run.get_details()["runDefinition"]["arguments"])
print("Environment:", best_run.get_details()["runDefinition"]["environment"]["name"])
print("Files:", best_run.get_file_names())
model = best_run.register_model(model_name="sklearn-iris", model_path="outputs/model.joblib")
print("Registered:", model.name, model.version)
