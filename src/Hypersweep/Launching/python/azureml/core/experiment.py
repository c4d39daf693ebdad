"""Experiment: a named group of runs in a workspace; submit starts a HyperDrive sweep."""

import os
import re

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$")


class Experiment(object):
    """A v1 experiment."""

    def __init__(self, workspace, name, _skip_name_validation=False, _id=None, _archived_time=None,
                 _create_in_cloud=True, _experiment_dto=None, **kwargs):
        if not _skip_name_validation and not _NAME.match(name or ""):
            raise ValueError("experiment name %r is not valid: use 1 to 255 letters, digits, '-' or '_', starting with a letter or digit" % (name,))
        self.workspace = workspace
        self.name = name

    @property
    def folder(self):
        """Where this experiment's runs keep their sweep files and controller logs."""
        return os.path.join(self.workspace._folder, ".hypersweep", "azureml", self.name)

    def submit(self, config, tags=None, **kwargs):
        """Starts a HyperDrive sweep (a HyperDriveConfig) or one run of a script (a ScriptRunConfig) and returns its
        run at once: a HyperDriveRun or a ScriptRun."""
        from azureml.core.script_run import ScriptRun
        from azureml.core.script_run_config import ScriptRunConfig
        from azureml.train.hyperdrive.runconfig import HyperDriveConfig
        from azureml.train.hyperdrive.run import HyperDriveRun
        if isinstance(config, HyperDriveConfig):
            return HyperDriveRun._submit(self, config, tags or {})
        if isinstance(config, ScriptRunConfig):
            return ScriptRun._submit(self, config, tags or {})
        raise TypeError("submit takes a ScriptRunConfig (one run) or a HyperDriveConfig (a sweep), got %s" % type(config).__name__)

    def get_runs(self, type=None, tags=None, properties=None, include_children=False):
        """The runs of this experiment (HyperDrive sweeps and single script runs), newest first."""
        from azureml.core.script_run import ScriptRun
        from azureml.train.hyperdrive.run import HyperDriveRun
        if not os.path.isdir(self.folder):
            return iter([])
        runs = []
        for run_id in os.listdir(self.folder):
            for record, kind in (("hyperdrive.json", HyperDriveRun), ("run.json", ScriptRun)):
                path = os.path.join(self.folder, run_id, record)
                if os.path.isfile(path):
                    runs.append((os.path.getmtime(path), kind, run_id))
        runs.sort(key=lambda r: r[0], reverse=True)
        return iter([kind(self, run_id) for _, kind, run_id in runs])

    def __repr__(self):
        return "Experiment(Name: %s, Workspace: %s)" % (self.name, self.workspace.name)
