"""HyperDriveConfig: a v1 sweep, and how it becomes a Hypersweep (Azure ML v2) sweep file."""

import json
import os
import shlex
import sys

from .parameter_expressions import FIELDS
from .policy import EarlyTerminationPolicy, NoTerminationPolicy
from .sampling import HyperParameterSampling
from .run import PrimaryMetricGoal


class HyperDriveConfig(object):
    """What to sweep, how to sample, what to optimize and the limits, with v1's arguments and checks."""

    def __init__(self, hyperparameter_sampling, primary_metric_name, primary_metric_goal, max_total_runs,
                 max_concurrent_runs=None, max_duration_minutes=10080, policy=None, estimator=None, run_config=None,
                 resume_from=None, resume_child_runs=None, pipeline=None, debug_flag=None, custom_run_id=None):
        if not isinstance(hyperparameter_sampling, HyperParameterSampling):
            raise ValueError("hyperparameter_sampling must be RandomParameterSampling, GridParameterSampling or BayesianParameterSampling, got %r" % (hyperparameter_sampling,))
        if not isinstance(primary_metric_name, str) or not primary_metric_name:
            raise ValueError("primary_metric_name must be the name of a metric the script logs, got %r" % (primary_metric_name,))
        if primary_metric_goal not in (PrimaryMetricGoal.MAXIMIZE, PrimaryMetricGoal.MINIMIZE):
            raise ValueError("primary_metric_goal must be PrimaryMetricGoal.MAXIMIZE or PrimaryMetricGoal.MINIMIZE, got %r" % (primary_metric_goal,))
        _positive("max_total_runs", max_total_runs)
        if max_concurrent_runs is not None:
            _positive("max_concurrent_runs", max_concurrent_runs)
        if max_duration_minutes is not None:
            _positive("max_duration_minutes", max_duration_minutes)
        if policy is not None and not isinstance(policy, EarlyTerminationPolicy):
            raise ValueError("policy must be BanditPolicy, MedianStoppingPolicy, TruncationSelectionPolicy or NoTerminationPolicy, got %r" % (policy,))
        if not hyperparameter_sampling.supports_termination and policy is not None and not isinstance(policy, NoTerminationPolicy):
            raise ValueError("BayesianParameterSampling does not support early termination: use policy=None or NoTerminationPolicy()")
        config = run_config if run_config is not None else estimator
        if config is None:
            raise ValueError("give run_config (a ScriptRunConfig): what each run executes")
        if pipeline is not None:
            raise ValueError("pipelines are not supported by Hypersweep: give run_config (a ScriptRunConfig)")
        self._sampling = hyperparameter_sampling
        self._primary_metric_name = primary_metric_name
        self._primary_metric_goal = primary_metric_goal
        self._max_total_runs = max_total_runs
        self._max_concurrent_runs = max_concurrent_runs
        self._max_duration_minutes = max_duration_minutes
        self._policy = policy
        self._run_config = config
        self._resume_from = _as_list(resume_from)
        self._resume_child_runs = _as_list(resume_child_runs)
        self._custom_run_id = custom_run_id

    @property
    def primary_metric_config(self):
        return {"name": self._primary_metric_name, "goal": self._primary_metric_goal}

    @property
    def source_directory(self):
        return self._run_config.absolute_source_directory()

    def parameter_names(self):
        """Each v1 parameter key with its v2 name (the key without its leading dashes)."""
        return {key: key.lstrip("-") for key in self._sampling._parameter_space}

    def command_prefix(self):
        """The words before the script's own arguments: the driver's Python running azureml._v1_trial, which gives
        the trial a folder of its own holding the source directory's files (see that module), then the script."""
        rc = self._run_config
        words = [sys.executable, "-m", "azureml._v1_trial", self.source_directory, "--"]
        if rc.command is not None:
            return words + (shlex.split(rc.command) if isinstance(rc.command, str) else [str(w) for w in rc.command])
        return words + [rc.script]

    def command(self):
        """The trial's argv template: the prefix, the run config's arguments, then --NAME ${{search_space.NAME}} for
        each hyperparameter, as HyperDrive v1 passes them (a key given without its leading dashes gets them)."""
        words = self.command_prefix() + [_argument(a) for a in self._run_config.arguments]
        for key, name in self.parameter_names().items():
            words += ["--" + name, "${{search_space.%s}}" % name]
        return " ".join(w if w.startswith("${{") else shlex.quote(w) for w in words)

    def to_sweep_yaml(self, name, experiment_name, launcher=None, resume_from=(), resume_child_runs=()):
        """The equivalent Azure ML v2 sweep file (a Hypersweep sweep file), as text."""
        lines = ["$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json",
                 "type: sweep",
                 "name: %s" % _scalar(name),
                 "experiment_name: %s" % _scalar(experiment_name),
                 "trial:",
                 "  command: %s" % _scalar(self.command()),
                 "  code: %s" % _scalar(self.source_directory)]
        if launcher:
            lines.append("  launcher: %s" % json.dumps(launcher))
        lines.append("search_space:")
        for key, name in self.parameter_names().items():
            kind, arguments = self._sampling._parameter_space[key]
            fields = {"type": kind}
            if kind == "choice":
                fields["values"] = arguments[0]
            else:
                fields.update(zip(FIELDS[kind], arguments))
            lines.append("  %s: %s" % (name, json.dumps(fields)))
        sampling = {"type": {"RANDOM": "random", "GRID": "grid", "BayesianOptimization": "bayesian"}[self._sampling.sampling_method_name]}
        props = self._sampling._properties
        if "seed" in props:
            sampling["seed"] = props["seed"]
        if str(props.get("rule", "random")).lower() == "sobol":
            sampling["rule"] = "sobol"
        lines.append("sampling_algorithm: %s" % json.dumps(sampling))
        goal = "maximize" if self._primary_metric_goal == PrimaryMetricGoal.MAXIMIZE else "minimize"
        lines.append("objective: %s" % json.dumps({"primary_metric": self._primary_metric_name, "goal": goal}))
        limits = {"max_total_trials": self._max_total_runs}
        if self._max_concurrent_runs is not None:
            limits["max_concurrent_trials"] = self._max_concurrent_runs
        if self._max_duration_minutes is not None:
            limits["timeout"] = int(self._max_duration_minutes * 60)
        trial_seconds = getattr(self._run_config, "max_run_duration_seconds", None)
        if trial_seconds:
            limits["trial_timeout"] = int(trial_seconds)
        lines.append("limits: %s" % json.dumps(limits))
        policy = self._policy.to_sweep() if self._policy is not None else None
        if policy is not None:
            lines.append("early_termination: %s" % json.dumps(policy))
        if resume_from:
            lines.append("resume_from: %s" % json.dumps(list(resume_from)))
        if resume_child_runs:
            lines.append("resume_child_runs: %s" % json.dumps(list(resume_child_runs)))
        return "\n".join(lines) + "\n"


def _positive(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 1:
        raise ValueError("%s must be a number of at least 1, got %r" % (name, value))


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _argument(value):
    """A script argument as text (v1 passes numbers and strings; data inputs are paths)."""
    if isinstance(value, bool):
        return str(value)
    return str(getattr(value, "path_on_compute", None) or value)


def _scalar(text):
    """A YAML scalar: JSON's double-quoted string is valid YAML."""
    return json.dumps(text)
