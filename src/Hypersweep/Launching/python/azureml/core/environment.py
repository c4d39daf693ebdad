"""Environment: recorded and shown, not built. Trials run with the Python that runs the driver (or the trial
command's own interpreter); a conda or pip specification names what that Python should have installed."""


class Environment(object):
    """A v1 environment description."""

    def __init__(self, name, **kwargs):
        self.name = name
        self.version = kwargs.get("version")
        self.source = kwargs.get("source")
        self.environment_variables = {}

    @staticmethod
    def from_conda_specification(name, file_path):
        return Environment(name, source=("conda", file_path))

    @staticmethod
    def from_pip_requirements(name, file_path, pip_version=None):
        return Environment(name, source=("pip", file_path))

    @staticmethod
    def from_existing_conda_environment(name, conda_environment_name):
        return Environment(name, source=("conda-environment", conda_environment_name))

    @staticmethod
    def from_docker_image(name, image, container_registry=None, conda_specification=None, pip_requirements=None):
        return Environment(name, source=("docker", image))

    @staticmethod
    def get(workspace, name, version=None, label=None):
        return Environment(name, version=version, source=("registered", name))

    def register(self, workspace):
        return self

    def __repr__(self):
        return "Environment(name=%r)" % self.name
