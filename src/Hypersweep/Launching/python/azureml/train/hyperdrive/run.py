"""HyperDriveRun: a submitted sweep, run by a Hypersweep controller process; and PrimaryMetricGoal."""

import json
import math
import os
import signal
import subprocess
import time
import uuid
from enum import Enum

from azureml import _background, _hypersweep


class PrimaryMetricGoal(Enum):
    """Whether the primary metric is maximized or minimized."""

    MAXIMIZE = "MAXIMIZE"
    MINIMIZE = "MINIMIZE"


# Hypersweep's sweep and trial states as v1 names run statuses (a trial stopped by the policy is Canceled in v1).
_SWEEP_STATUS = {"Running": "Running", "Completed": "Completed", "Canceled": "Canceled", "Failed": "Failed"}
_TRIAL_STATUS = {"Queued": "Queued", "Running": "Running", "Completed": "Completed", "Failed": "Failed",
                 "Canceled": "Canceled", "Terminated": "Canceled"}


class HyperDriveRunFailed(Exception):
    """The sweep failed (raised by wait_for_completion with raise_on_error)."""


class HyperDriveRun(object):
    """A HyperDrive sweep: its status, its child runs and their metrics, read from the Hypersweep store."""

    def __init__(self, experiment, run_id, hyperdrive_config=None, **kwargs):
        self.experiment = experiment
        self._id = run_id
        self._folder = os.path.join(experiment.folder, run_id)
        self._process = kwargs.get("_process")
        info = os.path.join(self._folder, "hyperdrive.json")
        if not os.path.isfile(info):
            raise ValueError("experiment %r has no HyperDrive run %r (looked for %s)" % (experiment.name, run_id, info))
        with open(info) as f:
            self._info = json.load(f)

    # --- starting -------------------------------------------------------------------------------------------------

    @classmethod
    def _submit(cls, experiment, config, tags):
        run_id = config._custom_run_id or "HD_" + str(uuid.uuid4())
        folder = os.path.join(experiment.folder, run_id)
        os.makedirs(folder, exist_ok=True)
        workspace = experiment.workspace
        launcher = workspace._compute_targets.get(config._run_config.target_name)
        resume_from = [_run_id_of(r) for r in config._resume_from]
        resume_child_runs = [_child_trial(_run_id_of(r)) for r in config._resume_child_runs]
        sweep_file = os.path.join(folder, "sweep.yml")
        with open(sweep_file, "w") as f:
            f.write(config.to_sweep_yaml(run_id, experiment.name, launcher, resume_from, resume_child_runs))
        info = {
            "run_id": run_id,
            "experiment": experiment.name,
            "parameters": config.parameter_names(),
            "primary_metric": config._primary_metric_name,
            "goal": config._primary_metric_goal.value,
            "argument_prefix": len(config.command_prefix()),
            "target": config._run_config.target_name,
            "environment": _environment_name(config._run_config.environment),
            "tags": dict(tags or {}),
            "store": workspace._store,
            "submitted": time.time(),
        }
        with open(os.path.join(folder, "hyperdrive.json"), "w") as f:
            json.dump(info, f, indent=2)
        check = subprocess.run(_hypersweep.cli() + ["validate", sweep_file], capture_output=True, text=True)
        if check.returncode != 0:
            raise ValueError("the HyperDrive configuration does not make a valid sweep:\n%s" % (check.stderr or check.stdout).strip())
        if _hypersweep.is_file_store(workspace._store):
            os.makedirs(os.path.dirname(workspace._store) or ".", exist_ok=True)
        log = open(os.path.join(folder, "controller.log"), "w")
        process = subprocess.Popen(_hypersweep.cli() + ["run", sweep_file, "--store", workspace._store],
                                   cwd=folder, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
        log.close()
        with open(os.path.join(folder, "controller.pid"), "w") as f:
            f.write(str(process.pid))
        return cls(experiment, run_id, _process=process)

    # --- the run --------------------------------------------------------------------------------------------------

    @property
    def id(self):
        return self._id

    @property
    def name(self):
        return self._id

    @property
    def tags(self):
        return dict(self._info.get("tags", {}))

    @property
    def properties(self):
        return {"primary_metric_config": json.dumps({"name": self._info["primary_metric"], "goal": self._info["goal"]}),
                "hypersweep_sweep_file": os.path.join(self._folder, "sweep.yml")}

    @property
    def _store(self):
        return self._info["store"]

    def _sweep(self):
        return _hypersweep.find_sweep(self._store, self._id)

    def _controller_running(self):
        return _background.is_running(self._process, self._folder)

    def get_status(self):
        """Running, Completed, Failed or Canceled; Starting while the controller has not yet created the sweep."""
        sweep = self._sweep()
        if sweep is None:
            return "Starting" if self._controller_running() else "Failed"
        status = _SWEEP_STATUS.get(sweep["sweep"]["state"], sweep["sweep"]["state"])
        # A sweep the store still shows running whose controller is gone ended abruptly.
        if status == "Running" and self._process is not None and not self._controller_running():
            return "Failed"
        return status

    def get_details(self):
        sweep = self._sweep()
        details = {"runId": self._id, "target": self._info.get("target"), "status": self.get_status(),
                   "properties": self.properties, "tags": self.tags,
                   "logFiles": {"azureml-logs/hyperdrive.txt": os.path.join(self._folder, "controller.log")}}
        if sweep is not None:
            details["startTimeUtc"] = sweep["sweep"]["created_at"]
            details["endTimeUtc"] = sweep["sweep"]["ended_at"]
            details["error"] = sweep["sweep"]["message"] if sweep["sweep"]["state"] == "Failed" else None
        return details

    def wait_for_completion(self, show_output=False, wait_post_processing=False, raise_on_error=True):
        """Waits for the sweep to end (streaming the controller's progress with show_output); Ctrl+C cancels it."""
        log_path = os.path.join(self._folder, "controller.log")
        if show_output:
            print("RunId: %s\nWeb View: (Hypersweep) hypersweep dashboard --store %s\n" % (self._id, self._store))
        _background.follow(self._process, self._folder, log_path, show_output, self.cancel, 0.5, wait_after_cancel=True)
        status = self.get_status()
        _background.finish(self._id, status, show_output)
        if raise_on_error and status == "Failed":
            raise HyperDriveRunFailed("HyperDrive run %s failed: %s" % (self._id, _background.last_lines(log_path, 5, "(no controller log)")))
        return self.get_details()

    def cancel(self):
        """Cancels the sweep as Ctrl+C does (running trials get their grace period). True when a controller was told."""
        try:
            with open(os.path.join(self._folder, "controller.pid")) as f:
                pid = int(f.read().strip())
            if not self._controller_running():
                return False
            os.kill(pid, signal.SIGINT)
            return True
        except (OSError, ValueError):
            return False

    # --- child runs -----------------------------------------------------------------------------------------------

    def _trials(self, metrics=False):
        if self._sweep() is None:
            return []
        return _hypersweep.trials(self._store, self._id, metrics=metrics)

    def _child(self, trial):
        from azureml.core.run import Run
        return Run._child(self, trial)

    def get_children(self, recursive=False, tags=None, properties=None, type=None, status=None, _rehydrate_runs=True):
        """The child runs (one per trial), in the order they started."""
        for trial in self._trials(metrics=True):
            child = self._child(trial)
            if status is None or child.get_status() == status:
                yield child

    def get_metrics(self, name=None, recursive=False, run_type=None, populate=False):
        """Every child run's metrics: {child run id: {metric: value, or a list when logged several times}}."""
        return {child.id: child.get_metrics(name) for child in self.get_children()}

    def get_hyperparameters(self):
        """Every child run's hyperparameters, as v1 keeps them: {child run id: JSON text of {parameter key: value}}."""
        return {child.id: child.tags["hyperparameters"] for child in self.get_children()}

    def get_children_sorted_by_primary_metric(self, top=0, reverse=False, discard_no_metric=False):
        """Child runs best first by their best primary-metric value: run_id, hyperparameters, best_primary_metric, status."""
        rows = [{"run_id": c.id, "hyperparameters": c.tags["hyperparameters"], "best_primary_metric": c._trial.get("value"),
                 "status": c.get_status()} for c in self.get_children()]
        with_metric = [r for r in rows if _rankable(r["best_primary_metric"])]
        without = [] if discard_no_metric else [r for r in rows if not _rankable(r["best_primary_metric"])]
        maximize = self._info["goal"] == PrimaryMetricGoal.MAXIMIZE.value
        with_metric.sort(key=lambda r: r["best_primary_metric"], reverse=maximize != bool(reverse))
        result = with_metric + without
        return result[:top] if top else result

    def get_best_run_by_primary_metric(self, include_failed=True, include_canceled=True, include_resume_from_runs=True):
        """The child run with the best primary-metric value, or None when no child logged one."""
        excluded = set()
        if not include_failed:
            excluded.add("Failed")
        if not include_canceled:
            excluded.add("Canceled")
        for row in self.get_children_sorted_by_primary_metric(discard_no_metric=True):
            if row["status"] not in excluded:
                from azureml.core.run import Run
                return Run(self.experiment, row["run_id"])
        return None

    def __repr__(self):
        return "Run(Experiment: %s,\nId: %s,\nType: hyperdrive,\nStatus: %s)" % (self.experiment.name, self._id, self.get_status())


def _environment_name(environment):
    """The environment's name, recorded and shown (Hypersweep runs trials with the driver's Python; it builds none)."""
    if environment is None:
        return None
    return getattr(environment, "name", None) or str(environment)


def _rankable(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _run_id_of(run):
    return run if isinstance(run, str) else run.id


def _child_trial(child_run_id):
    """A v1 child run id (HD_xxx_3) as Hypersweep's resume_child_runs names it (HD_xxx/3)."""
    sweep, _, number = child_run_id.rpartition("_")
    if not sweep or not number.isdigit():
        raise ValueError("resume_child_runs: %r is not a child run id (HD_..._N)" % (child_run_id,))
    return "%s/%s" % (sweep, number)
