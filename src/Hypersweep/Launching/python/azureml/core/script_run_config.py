"""ScriptRunConfig: what each trial runs, as v1 describes it."""

import os


class ScriptRunConfig(object):
    """A training script (or command) with its arguments, folder, compute target and environment."""

    MAX_DURATION_SECONDS_DEFAULT = 2592000

    def __init__(self, source_directory, script=None, arguments=None, run_config=None, _telemetry_values=None,
                 compute_target=None, environment=None, distributed_job_config=None, resume_from=None,
                 max_run_duration_seconds=MAX_DURATION_SECONDS_DEFAULT, command=None, docker_runtime_config=None):
        if script and command:
            raise ValueError("ScriptRunConfig takes either script or command, not both")
        if not script and not command:
            raise ValueError("ScriptRunConfig needs a script (a Python file in source_directory) or a command")
        if command is not None and not isinstance(command, (str, list)):
            raise ValueError("command must be a string or a list of strings, got %r" % (command,))
        self.source_directory = source_directory
        self.script = script
        self.arguments = list(arguments or [])
        self.command = command
        self.run_config = run_config
        self.compute_target = compute_target
        self.environment = environment
        self.distributed_job_config = distributed_job_config
        self.resume_from = resume_from
        self.max_run_duration_seconds = max_run_duration_seconds

    @property
    def target_name(self):
        """The compute target's name ("local" when none is given)."""
        target = self.compute_target
        if target is None:
            return "local"
        return target if isinstance(target, str) else getattr(target, "name", str(target))

    def absolute_source_directory(self):
        return os.path.abspath(self.source_directory or ".")
