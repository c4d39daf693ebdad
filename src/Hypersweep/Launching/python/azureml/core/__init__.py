"""Hypersweep's stand-in for azureml.core: Run reports metrics to Hypersweep."""

from .run import Run

__all__ = ["Run"]
