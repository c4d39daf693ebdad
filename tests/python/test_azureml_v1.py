"""Unit tests of Hypersweep's Azure ML SDK v1 stand-in (azureml.core, azureml.train.hyperdrive): argument checks,
and how a HyperDriveConfig becomes a sweep file. Run with the package on PYTHONPATH:

    PYTHONPATH=src/Hypersweep/Launching/python python3 -m unittest discover -s tests/python
"""

import json
import os
import sys
import tempfile
import unittest

from azureml.core import Environment, Experiment, ScriptRunConfig, Workspace
from azureml.core.workspace import UserErrorException
from azureml.train.hyperdrive import (BanditPolicy, BayesianParameterSampling, GridParameterSampling,
                                      HyperDriveConfig, MedianStoppingPolicy, NoTerminationPolicy, PrimaryMetricGoal,
                                      RandomParameterSampling, TruncationSelectionPolicy, choice, lognormal,
                                      loguniform, normal, qloguniform, qlognormal, qnormal, quniform, randint,
                                      uniform)
from azureml.train.hyperdrive.run import _child_trial


def sweep_lines(config, **kwargs):
    """The sweep file as {top-level key: its text}, for the keys written on one line, plus search_space entries."""
    text = config.to_sweep_yaml("HD_test", "exp", **kwargs)
    result = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(": ")
        result[key] = value
    return text, result


class ExpressionTests(unittest.TestCase):
    def test_choice_takes_values_a_list_or_a_range(self):
        self.assertEqual(choice(1, 2, 3), ["choice", [[1, 2, 3]]])
        self.assertEqual(choice([0.5, 1]), ["choice", [[0.5, 1]]])
        self.assertEqual(choice(range(1, 4)), ["choice", [[1, 2, 3]]])
        self.assertEqual(choice("a", "b"), ["choice", [["a", "b"]]])

    def test_each_expression_keeps_its_arguments_in_v1_order(self):
        self.assertEqual(uniform(0, 1), ["uniform", [0, 1]])
        self.assertEqual(loguniform(-6, -1), ["loguniform", [-6, -1]])
        self.assertEqual(quniform(0, 10, 2), ["quniform", [0, 10, 2]])
        self.assertEqual(qloguniform(0, 4, 1), ["qloguniform", [0, 4, 1]])
        self.assertEqual(normal(0, 2), ["normal", [0, 2]])
        self.assertEqual(qnormal(0, 2, 0.5), ["qnormal", [0, 2, 0.5]])
        self.assertEqual(lognormal(0, 1), ["lognormal", [0, 1]])
        self.assertEqual(qlognormal(0, 1, 1), ["qlognormal", [0, 1, 1]])
        self.assertEqual(randint(5), ["randint", [5]])

    def test_bad_arguments_are_refused_when_the_expression_is_built_saying_what_is_allowed(self):
        cases = [
            (lambda: uniform(2, 1), "min_value must be less than max_value"),
            (lambda: loguniform(0, 0), "min_value must be less than max_value"),
            (lambda: quniform(0, 1, 0), "q must be greater than 0"),
            (lambda: normal(0, -1), "sigma must be greater than 0"),
            (lambda: randint(0), "upper must be an integer of at least 1"),
            (lambda: randint(2.5), "upper must be an integer of at least 1"),
            (lambda: choice(), "at least one value"),
            (lambda: choice([1, [2]]), "numbers or strings"),
            (lambda: uniform("0", 1), "min_value must be a number"),
        ]
        for build, message in cases:
            with self.assertRaises(ValueError) as raised:
                build()
            self.assertIn(message, str(raised.exception))


class SamplingAndPolicyTests(unittest.TestCase):
    def test_grid_takes_choices_only_and_bayesian_v1s_three_expressions(self):
        with self.assertRaisesRegex(ValueError, "GridParameterSampling supports only choice; parameter 'lr' is uniform"):
            GridParameterSampling({"lr": uniform(0, 1)})
        with self.assertRaisesRegex(ValueError, "supports only choice, uniform, quniform; parameter '--lr' is loguniform"):
            BayesianParameterSampling({"--lr": loguniform(-5, 0)})
        with self.assertRaisesRegex(ValueError, "parameter expression"):
            RandomParameterSampling({"lr": 0.1})
        with self.assertRaisesRegex(ValueError, "'random' or 'sobol'"):
            RandomParameterSampling({"lr": uniform(0, 1)}, properties={"rule": "halton"})

    def test_policies_check_their_arguments(self):
        with self.assertRaisesRegex(ValueError, "exactly one of slack_factor and slack_amount"):
            BanditPolicy(evaluation_interval=1)
        with self.assertRaisesRegex(ValueError, "exactly one of slack_factor and slack_amount"):
            BanditPolicy(slack_factor=0.1, slack_amount=0.2)
        with self.assertRaisesRegex(ValueError, "evaluation_interval must be at least 1"):
            MedianStoppingPolicy(evaluation_interval=0)
        with self.assertRaisesRegex(ValueError, "truncation_percentage must be an integer from 1 to 99"):
            TruncationSelectionPolicy(truncation_percentage=100)
        self.assertIsNone(NoTerminationPolicy().to_sweep())
        self.assertEqual(BanditPolicy(slack_amount=0.2, delay_evaluation=3).to_sweep(),
                         {"type": "bandit", "evaluation_interval": 1, "delay_evaluation": 3, "slack_amount": 0.2})


class HyperDriveConfigTests(unittest.TestCase):
    def setUp(self):
        self.src = ScriptRunConfig(source_directory="src", script="train.py", arguments=["--epochs", 8, "--name", "a b"],
                                   max_run_duration_seconds=600)

    def config(self, sampling=None, **kwargs):
        args = dict(run_config=self.src, primary_metric_name="accuracy", primary_metric_goal=PrimaryMetricGoal.MAXIMIZE,
                    max_total_runs=20)
        args.update(kwargs)
        return HyperDriveConfig(hyperparameter_sampling=sampling or RandomParameterSampling(
            {"--lr": loguniform(-6, -1), "batch": choice(16, 32)}, properties={"seed": 3, "rule": "sobol"}), **args)

    def test_every_argument_maps_to_the_sweep_file(self):
        config = self.config(max_concurrent_runs=4, max_duration_minutes=90,
                             policy=BanditPolicy(slack_factor=0.1, evaluation_interval=2, delay_evaluation=5))
        text, lines = sweep_lines(config, resume_from=["HD_old"], resume_child_runs=["HD_old/3"])
        self.assertEqual(lines["name"], '"HD_test"')
        self.assertEqual(lines["experiment_name"], '"exp"')
        self.assertEqual(json.loads(lines["lr"]), {"type": "loguniform", "min_value": -6, "max_value": -1})
        self.assertEqual(json.loads(lines["batch"]), {"type": "choice", "values": [16, 32]})
        self.assertEqual(json.loads(lines["sampling_algorithm"]), {"type": "random", "seed": 3, "rule": "sobol"})
        self.assertEqual(json.loads(lines["objective"]), {"primary_metric": "accuracy", "goal": "maximize"})
        self.assertEqual(json.loads(lines["limits"]), {"max_total_trials": 20, "max_concurrent_trials": 4,
                                                       "timeout": 5400, "trial_timeout": 600})
        self.assertEqual(json.loads(lines["early_termination"]), {"type": "bandit", "evaluation_interval": 2,
                                                                  "delay_evaluation": 5, "slack_factor": 0.1})
        self.assertEqual(json.loads(lines["resume_from"]), ["HD_old"])
        self.assertEqual(json.loads(lines["resume_child_runs"]), ["HD_old/3"])
        self.assertEqual(json.loads(lines["code"]), os.path.abspath("src"))

    def test_the_command_runs_the_script_with_its_arguments_then_each_hyperparameter_as_v1_passes_it(self):
        command = json.loads(sweep_lines(self.config())[1]["command"])
        self.assertTrue(command.startswith(sys.executable + " -m azureml._v1_trial " + os.path.abspath("src") + " -- train.py"), command)
        self.assertTrue(command.endswith("--epochs 8 --name 'a b' --lr ${{search_space.lr}} --batch ${{search_space.batch}}"), command)

    def test_grid_and_bayesian_sampling_and_the_goal(self):
        lines = sweep_lines(self.config(sampling=GridParameterSampling({"k": choice(1, 2)}),
                                        primary_metric_goal=PrimaryMetricGoal.MINIMIZE))[1]
        self.assertEqual(json.loads(lines["sampling_algorithm"]), {"type": "grid"})
        self.assertEqual(json.loads(lines["objective"])["goal"], "minimize")
        lines = sweep_lines(self.config(sampling=BayesianParameterSampling({"x": uniform(0, 1)})))[1]
        self.assertEqual(json.loads(lines["sampling_algorithm"]), {"type": "bayesian"})
        self.assertNotIn("early_termination", lines)

    def test_config_errors_are_raised_when_it_is_built(self):
        with self.assertRaisesRegex(ValueError, "does not support early termination"):
            self.config(sampling=BayesianParameterSampling({"x": uniform(0, 1)}), policy=MedianStoppingPolicy())
        with self.assertRaisesRegex(ValueError, "max_total_runs must be a number of at least 1"):
            self.config(max_total_runs=0)
        with self.assertRaisesRegex(ValueError, "primary_metric_goal must be"):
            self.config(primary_metric_goal="max")
        with self.assertRaisesRegex(ValueError, "give run_config"):
            self.config(run_config=None)
        with self.assertRaisesRegex(ValueError, "either script or command"):
            ScriptRunConfig(source_directory=".", script="a.py", command="python a.py")

    def test_a_child_run_id_names_its_trial(self):
        self.assertEqual(_child_trial("HD_1234-abcd_7"), "HD_1234-abcd/7")
        with self.assertRaises(ValueError):
            _child_trial("HD_x")


class WorkspaceTests(unittest.TestCase):
    def test_from_config_searches_parents_and_keeps_the_store_beside_the_config(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, ".azureml"))
            with open(os.path.join(root, ".azureml", "config.json"), "w") as f:
                json.dump({"subscription_id": "s", "resource_group": "g", "workspace_name": "w"}, f)
            deep = os.path.join(root, "a", "b")
            os.makedirs(deep)
            ws = Workspace.from_config(path=deep)
            self.assertEqual((ws.name, ws.subscription_id, ws.resource_group), ("w", "s", "g"))
            self.assertEqual(ws._store, os.path.join(root, ".hypersweep", "hypersweep.db"))
            self.assertEqual(Experiment(ws, "exp").folder, os.path.join(root, ".hypersweep", "azureml", "exp"))

    def test_the_store_can_be_named_in_the_config_or_the_environment(self):
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "config.json"), "w") as f:
                json.dump({"workspace_name": "w", "hypersweep_store": "stores/one.db",
                           "compute_targets": {"cpu-cluster": {"type": "slurm", "partition": "debug"}}}, f)
            ws = Workspace.from_config(path=root)
            self.assertEqual(ws._store, os.path.join(root, "stores", "one.db"))
            self.assertEqual(ws.compute_targets["cpu-cluster"].launcher, {"type": "slurm", "partition": "debug"})
            os.environ["HYPERSWEEP_STORE"] = "postgresql://u:p@127.0.0.1/db"
            try:
                self.assertEqual(Workspace.from_config(path=root)._store, "postgresql://u:p@127.0.0.1/db")
            finally:
                del os.environ["HYPERSWEEP_STORE"]

    def test_a_missing_config_says_where_it_looked(self):
        with tempfile.TemporaryDirectory() as root:
            with self.assertRaisesRegex(UserErrorException, "could not find config.json in " + root):
                Workspace.from_config(path=root)

    def test_experiment_names_are_checked(self):
        with self.assertRaisesRegex(ValueError, "experiment name 'a b' is not valid"):
            Experiment(Workspace(), "a b")
        self.assertEqual(Environment.from_conda_specification("env", "conda.yml").name, "env")


if __name__ == "__main__":
    unittest.main()
