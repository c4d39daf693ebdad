"""A HyperDrive v1 training script runs unchanged under Hypersweep:

    from azureml.core.run import Run
    run = Run.get_context()
    run.log("accuracy", acc)

Run.log, log_list, log_row, log_table, tag, get_metrics, upload_file, complete and id behave as a user expects;
metrics go to Hypersweep through its metric line protocol.
"""

import os
import shutil
import uuid

import hypersweep


class Run(object):
    """The current trial, as HyperDrive's azureml.core.Run."""

    _context = None

    def __init__(self):
        self._id = os.environ.get("HYPERSWEEP_TRIAL_ID") or "OfflineRun_" + str(uuid.uuid4())
        self._metrics = {}
        self._tags = {}
        self.properties = {}

    @classmethod
    def get_context(cls, allow_offline=True, **kwargs):
        """The run of this trial (the same object on every call)."""
        if cls._context is None:
            cls._context = cls()
        return cls._context

    @property
    def id(self):
        return self._id

    @property
    def offline(self):
        return "HYPERSWEEP_TRIAL_ID" not in os.environ

    def log(self, name, value, description="", step=None):
        """Logs one value of a numeric metric."""
        hypersweep.log(name, value, step=step)
        self._metrics.setdefault(name, []).append(value)

    def log_list(self, name, value, description=""):
        """Logs each value of a list, in order, as successive values of the metric."""
        for v in value:
            self.log(name, v)

    def log_row(self, name, description=None, **kwargs):
        """Logs each column of a row as the metric NAME.COLUMN."""
        for key, v in kwargs.items():
            self.log("%s.%s" % (name, key), v)

    def log_table(self, name, value, description=""):
        """Logs each column (a list) of a table as the metric NAME.COLUMN."""
        for key, values in value.items():
            for v in values:
                self.log("%s.%s" % (name, key), v)

    def get_metrics(self, name=None, **kwargs):
        """The values logged so far in this process: a single value, or a list when logged several times."""
        shaped = {k: (v[0] if len(v) == 1 else list(v)) for k, v in self._metrics.items()}
        return {name: shaped[name]} if name is not None and name in shaped else ({} if name is not None else shaped)

    def tag(self, key, value=None):
        self._tags[key] = value

    def set_tags(self, tags):
        self._tags.update(tags)

    def get_tags(self):
        return dict(self._tags)

    def add_properties(self, properties):
        self.properties.update(properties)

    def upload_file(self, name, path_or_stream):
        """Copies a file into the trial's output folder as NAME."""
        target = os.path.join(hypersweep.output_dir(), name)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        if hasattr(path_or_stream, "read"):
            with open(target, "wb") as f:
                f.write(path_or_stream.read())
        else:
            shutil.copyfile(path_or_stream, target)

    def upload_folder(self, name, path):
        shutil.copytree(path, os.path.join(hypersweep.output_dir(), name), dirs_exist_ok=True)

    def flush(self, *args, **kwargs):
        pass

    def complete(self, *args, **kwargs):
        pass

    def fail(self, *args, **kwargs):
        pass

    def cancel(self, *args, **kwargs):
        pass

    def __repr__(self):
        return "Run(id=%r)" % self._id
