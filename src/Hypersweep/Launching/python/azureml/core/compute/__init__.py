"""Compute targets name where trials run. Hypersweep maps a name to a launcher through the workspace configuration's
"compute_targets" (e.g. {"cpu-cluster": {"type": "slurm", "partition": "debug"}}); a name it does not map runs
trials as local processes. Creating or provisioning a target changes nothing."""

from azureml.core.compute_target import ComputeTargetException


class ComputeTarget(object):
    """A named compute target of a workspace."""

    def __init__(self, workspace, name):
        self.workspace = workspace
        self.name = name

    @property
    def launcher(self):
        """The trial.launcher settings this target maps to, or None for local processes."""
        return self.workspace._compute_targets.get(self.name)

    @staticmethod
    def create(workspace, name, provisioning_configuration):
        return ComputeTarget(workspace, name)

    def wait_for_completion(self, show_output=False, min_node_count=None, timeout_in_minutes=20, is_delete_operation=False):
        if show_output:
            print("Compute target %s: %s" % (self.name, "Slurm" if self.launcher else "local processes (Hypersweep)"))

    def get_status(self):
        return _Status(self)

    def delete(self):
        pass

    def __repr__(self):
        return "ComputeTarget(name=%r)" % self.name


class AmlCompute(ComputeTarget):
    """An Azure ML compute cluster: with Hypersweep, a name for a launcher."""

    @staticmethod
    def provisioning_configuration(vm_size="", vm_priority="dedicated", min_nodes=0, max_nodes=None, **kwargs):
        return dict(vm_size=vm_size, vm_priority=vm_priority, min_nodes=min_nodes, max_nodes=max_nodes)


class ComputeInstance(ComputeTarget):
    """An Azure ML compute instance: with Hypersweep, a name for a launcher."""

    @staticmethod
    def provisioning_configuration(vm_size="", **kwargs):
        return dict(vm_size=vm_size)


class _Status(object):
    def __init__(self, target):
        self._target = target

    def serialize(self):
        return {"name": self._target.name, "provisioningState": "Succeeded",
                "launcher": (self._target.launcher or {"type": "local"}).get("type", "local")}


__all__ = ["ComputeTarget", "AmlCompute", "ComputeInstance", "ComputeTargetException"]
