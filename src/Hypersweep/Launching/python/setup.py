"""Makes this folder (what `hypersweep python-path` writes) installable offline:

    pip install --no-build-isolation "$(hypersweep python-path)"

It installs the `hypersweep` metric module and the Azure ML SDK v1 stand-in (`azureml.core`, `azureml.train.hyperdrive`,
`azureml.widgets`), which need nothing outside Python's standard library (IPython only for RunDetails in Jupyter).
Do not install it beside Microsoft's azureml packages: both provide `azureml`.
"""

from setuptools import setup

setup(
    name="hypersweep-python",
    version="0.1.0",
    description="Report metrics to Hypersweep, and run Azure ML SDK v1 HyperDrive drivers on Hypersweep",
    py_modules=["hypersweep"],
    packages=["azureml", "azureml.core", "azureml.core.compute", "azureml.telemetry", "azureml.train",
              "azureml.train.hyperdrive", "azureml.widgets"],
    python_requires=">=3.6",
)
