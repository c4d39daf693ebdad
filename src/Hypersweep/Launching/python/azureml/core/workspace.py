"""Workspace: where a v1 driver's runs live. With Hypersweep a workspace is a folder and a store.

`Workspace.from_config()` finds config.json (or .azureml/config.json, aml_config/config.json) in the working folder or
a parent, as the v1 SDK does; its folder (the one holding config.json, or holding .azureml) is the workspace folder.
The store is, in order: HYPERSWEEP_STORE, the config's "hypersweep_store" (a path relative to the workspace folder, or
a PostgreSQL URL), else the SQLite file .hypersweep/hypersweep.db in the workspace folder. The config's optional
"compute_targets" maps compute target names to launchers (see ScriptRunConfig).
"""

import json
import os

_CONFIG_PLACES = ("config.json", os.path.join(".azureml", "config.json"), os.path.join("aml_config", "config.json"))


class UserErrorException(Exception):
    """A v1 user error: the configuration could not be found or read."""


class Workspace(object):
    """A v1 workspace, backed by a Hypersweep store."""

    def __init__(self, subscription_id=None, resource_group=None, workspace_name=None, auth=None, _location=None,
                 _disable_service_check=False, _workspace_id=None, sku="basic", tags=None, _cloud="AzureCloud",
                 folder=None, store=None, compute_targets=None, **kwargs):
        self.subscription_id = subscription_id or "local"
        self.resource_group = resource_group or "local"
        self.name = workspace_name or "hypersweep"
        self.location = _location or "local"
        self.sku = sku
        self.tags = dict(tags or {})
        self._folder = os.path.abspath(folder or os.getcwd())
        given = os.environ.get("HYPERSWEEP_STORE") or store
        if given and "://" not in given and "=" not in given:
            given = os.path.join(self._folder, given)
        self._store = given or os.path.join(self._folder, ".hypersweep", "hypersweep.db")
        self._compute_targets = dict(compute_targets or {})

    @staticmethod
    def from_config(path=None, auth=None, _logger=None, _file_name=None):
        """The workspace of the nearest config.json (path: a config file, or a folder to start the search from)."""
        config_path = _find_config(path, _file_name)
        try:
            with open(config_path) as f:
                config = json.load(f)
        except (OSError, ValueError) as e:
            raise UserErrorException("could not read the workspace configuration %s: %s" % (config_path, e))
        if not isinstance(config, dict):
            raise UserErrorException("%s must hold a JSON object with subscription_id, resource_group and workspace_name" % config_path)
        folder = os.path.dirname(config_path)
        if os.path.basename(folder) in (".azureml", "aml_config"):
            folder = os.path.dirname(folder)
        return Workspace(config.get("subscription_id"), config.get("resource_group"), config.get("workspace_name"),
                         folder=folder, store=config.get("hypersweep_store"),
                         compute_targets=config.get("compute_targets"))

    @staticmethod
    def get(name, auth=None, subscription_id=None, resource_group=None, location=None, cloud="AzureCloud", id=None):
        """A workspace by name, in the working folder."""
        return Workspace(subscription_id, resource_group, name, _location=location)

    def write_config(self, path=None, file_name=None):
        """Writes config.json (into PATH/.azureml, as v1 does)."""
        folder = os.path.join(path or self._folder, ".azureml")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, file_name or "config.json"), "w") as f:
            json.dump({"subscription_id": self.subscription_id, "resource_group": self.resource_group,
                       "workspace_name": self.name}, f, indent=2)

    @property
    def compute_targets(self):
        """The compute targets the configuration maps (name to a ComputeTarget)."""
        from azureml.core.compute import ComputeTarget
        return {name: ComputeTarget(self, name) for name in self._compute_targets}

    @property
    def experiments(self):
        """The experiments with runs in this workspace, by name."""
        from azureml.core.experiment import Experiment
        root = os.path.join(self._folder, ".hypersweep", "azureml")
        names = sorted(os.listdir(root)) if os.path.isdir(root) else []
        return {name: Experiment(self, name) for name in names}

    def get_details(self):
        return {"name": self.name, "subscriptionId": self.subscription_id, "resourceGroup": self.resource_group,
                "location": self.location, "store": self._store}

    def __repr__(self):
        return "Workspace.create(name=%r, subscription_id=%r, resource_group=%r)" % (
            self.name, self.subscription_id, self.resource_group)


def _find_config(path, file_name):
    if path and os.path.isfile(path):
        return os.path.abspath(path)
    places = (file_name,) if file_name else _CONFIG_PLACES
    folder = os.path.abspath(path or os.getcwd())
    while True:
        for place in places:
            candidate = os.path.join(folder, place)
            if os.path.isfile(candidate):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    raise UserErrorException(
        "We could not find config.json in %s or in its parent folders. Write one with subscription_id, resource_group "
        "and workspace_name (any values work with Hypersweep), or use Workspace(...) directly." % os.path.abspath(path or os.getcwd()))
