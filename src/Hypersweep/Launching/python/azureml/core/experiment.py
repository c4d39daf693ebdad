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
        """Starts a HyperDrive sweep (a HyperDriveConfig) and returns its HyperDriveRun at once."""
        from azureml.train.hyperdrive.runconfig import HyperDriveConfig
        from azureml.train.hyperdrive.run import HyperDriveRun
        if isinstance(config, HyperDriveConfig):
            return HyperDriveRun._submit(self, config, tags or {})
        raise TypeError(
            "Hypersweep runs HyperDrive sweeps: submit a HyperDriveConfig (got %s). To run a script once, use a "
            "HyperDriveConfig with a GridParameterSampling over one choice, or run the script directly." % type(config).__name__)

    def get_runs(self, type=None, tags=None, properties=None, include_children=False):
        """The HyperDrive runs of this experiment, newest first."""
        from azureml.train.hyperdrive.run import HyperDriveRun
        if not os.path.isdir(self.folder):
            return iter([])
        ids = [d for d in os.listdir(self.folder) if os.path.isfile(os.path.join(self.folder, d, "hyperdrive.json"))]
        ids.sort(key=lambda d: os.path.getmtime(os.path.join(self.folder, d, "hyperdrive.json")), reverse=True)
        return iter([HyperDriveRun(self, run_id) for run_id in ids])

    def __repr__(self):
        return "Experiment(Name: %s, Workspace: %s)" % (self.name, self.workspace.name)
