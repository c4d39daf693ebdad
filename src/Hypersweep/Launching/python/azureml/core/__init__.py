"""Hypersweep's stand-in for azureml.core (Azure ML SDK v1).

In a trial, Run.get_context() reports metrics to Hypersweep; in a driver, Workspace, Experiment, ScriptRunConfig and
Environment describe a sweep that Experiment.submit runs on Hypersweep (see azureml.train.hyperdrive).
"""

VERSION = "1.60.0+hypersweep"

from .run import Run  # noqa: E402
from .workspace import Workspace  # noqa: E402
from .experiment import Experiment  # noqa: E402
from .script_run_config import ScriptRunConfig  # noqa: E402
from .environment import Environment  # noqa: E402
from .compute import ComputeTarget  # noqa: E402
from .script_run import ScriptRun  # noqa: E402

__all__ = ["VERSION", "Run", "Workspace", "Experiment", "ScriptRunConfig", "Environment", "ComputeTarget", "ScriptRun"]
