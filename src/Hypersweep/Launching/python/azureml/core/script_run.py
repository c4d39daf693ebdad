"""ScriptRun: one run of a ScriptRunConfig (Experiment.submit(src)), as v1 tutorials submit before they sweep.

It runs the script once, with the driver's Python, in a folder of its own that links the source directory's files
(azureml._v1_trial, as each HyperDrive child run does), with the same trial variables a Hypersweep trial gets, so
Run.get_context().log and ./outputs behave as in a sweep. No store is involved: the run's record is its folder
(.hypersweep/azureml/EXPERIMENT/RUN_ID: run.json, stdout.txt with its metric lines, stderr.txt, outputs/,
status.json with the exit code once it ends).
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import azureml
import hypersweep
from azureml import _background

from .run import Run, _read_text_metrics


class ScriptRunFailed(Exception):
    """The script failed (raised by wait_for_completion with raise_on_error)."""


class ScriptRun(Run):
    """A single run of a script, with v1's Run API (status, metrics, details, files, wait_for_completion, cancel)."""

    def __init__(self, experiment, run_id, _process=None, **kwargs):
        self.experiment = experiment
        self._id = run_id
        self._dir = os.path.join(experiment.folder, run_id)
        self._process = _process
        self._trial = None
        info = os.path.join(self._dir, "run.json")
        if not os.path.isfile(info):
            raise ValueError("experiment %r has no run %r (looked for %s)" % (experiment.name, run_id, info))
        with open(info) as f:
            self._info = json.load(f)
        self._tags = dict(self._info.get("tags", {}))
        self.properties = {}

    @classmethod
    def _submit(cls, experiment, src, tags):
        run_id = "%s_%d_%s" % (experiment.name, int(time.time()), uuid.uuid4().hex[:8])
        folder = os.path.join(experiment.folder, run_id)
        os.makedirs(os.path.join(folder, "outputs"), exist_ok=True)
        if src.command is not None:
            words = src.command.split() if isinstance(src.command, str) else [str(w) for w in src.command]
        else:
            words = [src.script]
        arguments = [str(a) for a in src.arguments]
        with open(os.path.join(folder, "run.json"), "w") as f:
            json.dump({"run_id": run_id, "experiment": experiment.name, "arguments": arguments, "script": src.script,
                       "target": src.target_name, "environment": getattr(src.environment, "name", None),
                       "tags": dict(tags or {}), "submitted": time.time()}, f, indent=2)
        package = os.path.dirname(os.path.dirname(os.path.abspath(azureml.__file__)))
        env = dict(os.environ)
        env.update({"HYPERSWEEP_TRIAL_DIR": folder, "HYPERSWEEP_OUTPUT_DIR": os.path.join(folder, "outputs"),
                    "HYPERSWEEP_TRIAL_ID": run_id, "AZUREML_RUN_ID": run_id, "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": os.pathsep.join(p for p in (package, env.get("PYTHONPATH")) if p)})
        argv = [sys.executable, "-m", "azureml._v1_trial", "--status", os.path.join(folder, "status.json"),
                src.absolute_source_directory(), "--"] + words + arguments
        with open(os.path.join(folder, "stdout.txt"), "w") as out, open(os.path.join(folder, "stderr.txt"), "w") as err:
            process = subprocess.Popen(argv, cwd=folder, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
        with open(os.path.join(folder, "controller.pid"), "w") as f:
            f.write(str(process.pid))
        return cls(experiment, run_id, _process=process)

    def _folder(self):
        return self._dir

    def _running(self):
        return _background.is_running(self._process, self._dir)

    def get_status(self):
        """Running, Completed, Failed or Canceled."""
        canceled = os.path.exists(os.path.join(self._dir, "canceled"))
        try:
            with open(os.path.join(self._dir, "status.json")) as f:
                code = json.load(f)["exit_code"]
        except (OSError, ValueError, KeyError):
            if self._running():
                return "Running"
            return "Canceled" if canceled else "Failed"
        return "Completed" if code == 0 else ("Canceled" if canceled else "Failed")

    @property
    def _metrics(self):
        values = {}
        try:
            with open(os.path.join(self._dir, "stdout.txt")) as f:
                for line in f:
                    if line.startswith(hypersweep.PREFIX):
                        entry = json.loads(line[len(hypersweep.PREFIX):])
                        values.setdefault(entry["name"], []).append(entry["value"])
        except (OSError, ValueError):
            pass
        for name, texts in _read_text_metrics(self._dir).items():
            values.setdefault(name, []).extend(texts)
        return values

    def get_details(self):
        ended = os.path.getmtime(os.path.join(self._dir, "status.json")) if os.path.exists(os.path.join(self._dir, "status.json")) else None
        return {"runId": self._id, "status": self.get_status(), "target": self._info.get("target"),
                "startTimeUtc": _utc(self._info.get("submitted")), "endTimeUtc": _utc(ended),
                "properties": {}, "tags": dict(self._tags),
                "runDefinition": {"script": self._info.get("script"), "arguments": list(self._info["arguments"]),
                                  "Arguments": list(self._info["arguments"]),
                                  "environment": {"name": self._info.get("environment")}},
                "logFiles": {"azureml-logs/70_driver_log.txt": os.path.join(self._dir, "stdout.txt")}}

    def wait_for_completion(self, show_output=False, wait_post_processing=False, raise_on_error=True):
        """Waits for the script to end, printing its output with show_output; Ctrl+C cancels it."""
        if show_output:
            print("RunId: %s\n" % self._id)
        _background.follow(self._process, self._dir, os.path.join(self._dir, "stdout.txt"), show_output, self.cancel, 0.3, skip_prefix=hypersweep.PREFIX)
        status = self.get_status()
        _background.finish(self._id, status, show_output)
        if raise_on_error and status == "Failed":
            raise ScriptRunFailed("run %s failed; its stderr ends with:\n%s" % (self._id, _background.last_lines(os.path.join(self._dir, "stderr.txt"), 10, "(no stderr)")))
        return self.get_details()

    def cancel(self):
        """Stops the script (SIGTERM to its process group). True when it was running."""
        if not self._running():
            return False
        open(os.path.join(self._dir, "canceled"), "w").close()
        try:
            with open(os.path.join(self._dir, "controller.pid")) as f:
                os.killpg(int(f.read().strip()), signal.SIGTERM)
            return True
        except (OSError, ValueError):
            return False

    def __repr__(self):
        return "Run(Experiment: %s,\nId: %s,\nType: azureml.scriptrun,\nStatus: %s)" % (self.experiment.name, self._id, self.get_status())


def _utc(timestamp):
    if timestamp is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(timestamp))
