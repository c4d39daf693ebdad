"""Hypersweep's stand-in for the azureml package: just enough of azureml.core.Run for HyperDrive scripts."""
