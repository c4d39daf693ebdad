"""Hypersweep's stand-in for azureml.train.hyperdrive (Azure ML SDK v1): a HyperDriveConfig submitted with
Experiment.submit runs as a Hypersweep sweep, on this machine or a Slurm cluster, with HyperDrive's semantics."""

from .parameter_expressions import (choice, randint, uniform, quniform, loguniform, qloguniform, normal, qnormal,
                                    lognormal, qlognormal)
from .sampling import (HyperParameterSampling, RandomParameterSampling, GridParameterSampling,
                       BayesianParameterSampling)
from .policy import (EarlyTerminationPolicy, BanditPolicy, MedianStoppingPolicy, TruncationSelectionPolicy,
                     NoTerminationPolicy)
from .run import PrimaryMetricGoal, HyperDriveRun
from .runconfig import HyperDriveConfig

__all__ = ["choice", "randint", "uniform", "quniform", "loguniform", "qloguniform", "normal", "qnormal", "lognormal",
           "qlognormal", "HyperParameterSampling", "RandomParameterSampling", "GridParameterSampling",
           "BayesianParameterSampling", "EarlyTerminationPolicy", "BanditPolicy", "MedianStoppingPolicy",
           "TruncationSelectionPolicy", "NoTerminationPolicy", "PrimaryMetricGoal", "HyperDriveRun", "HyperDriveConfig"]
