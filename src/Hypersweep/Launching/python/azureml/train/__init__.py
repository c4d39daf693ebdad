"""Hypersweep's stand-in for azureml.train (Azure ML SDK v1): HyperDrive in azureml.train.hyperdrive."""
