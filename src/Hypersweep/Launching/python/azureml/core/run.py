"""A HyperDrive v1 training script runs unchanged under Hypersweep:

    from azureml.core.run import Run
    run = Run.get_context()
    run.log("accuracy", acc)

Run.log, log_list, log_row, log_table, tag, get_metrics, upload_file, complete and id behave as a user expects;
metrics go to Hypersweep through its metric line protocol.

In a driver, a Run is a child run of a HyperDrive sweep (one trial): from HyperDriveRun.get_children() or
get_best_run_by_primary_metric(), or Run(experiment, "HD_..._N"). Its id, status, metrics (every logged value; a list
when a metric was logged several times), details (runDefinition.arguments: the arguments the script got), tags (the
hyperparameters) and files come from the Hypersweep store and the trial's folder.
"""

import json
import os
import shutil
import uuid

import hypersweep


TEXT_METRICS_FILE = "azureml_text_metrics.jsonl"


def _is_number(value):
    if isinstance(value, bool):
        return False
    try:
        float(value)
        return not isinstance(value, (str, bytes))
    except (TypeError, ValueError):
        return False


def _append_text_metric(name, value):
    folder = os.environ.get("HYPERSWEEP_TRIAL_DIR") or os.getcwd()
    with open(os.path.join(folder, TEXT_METRICS_FILE), "a") as f:
        f.write(json.dumps({"name": str(name), "value": value if isinstance(value, (bool, str)) else str(value)}) + "\n")


def _read_text_metrics(folder):
    values = {}
    try:
        with open(os.path.join(folder, TEXT_METRICS_FILE)) as f:
            for line in f:
                if line.strip():
                    entry = json.loads(line)
                    values.setdefault(entry["name"], []).append(entry["value"])
    except (OSError, ValueError):
        pass
    return values


class Run(object):
    """The current trial, as HyperDrive's azureml.core.Run."""

    _context = None

    def __init__(self, experiment=None, run_id=None, outputs=None, **kwargs):
        self._trial = None
        if experiment is not None or run_id is not None:
            self._init_child_by_id(experiment, run_id)
            return
        self._id = os.environ.get("HYPERSWEEP_TRIAL_ID") or "OfflineRun_" + str(uuid.uuid4())
        self._metrics = {}
        self._tags = {}
        self.properties = {}

    # --- a child run of a HyperDrive sweep, seen from the driver ----------------------------------------------------

    @classmethod
    def _child(cls, parent, trial):
        run = cls.__new__(cls)
        run._init_child(parent, trial)
        return run

    def _init_child_by_id(self, experiment, run_id):
        from azureml.train.hyperdrive.run import HyperDriveRun
        if experiment is None or not run_id:
            raise ValueError("Run(experiment, run_id) needs both: the experiment and a child run id such as HD_..._3")
        sweep_id, _, number = str(run_id).rpartition("_")
        if not sweep_id or not number.isdigit():
            raise ValueError("%r is not a HyperDrive child run id (HD_..._N)" % (run_id,))
        parent = HyperDriveRun(experiment, sweep_id)
        for trial in parent._trials(metrics=True):
            if trial["number"] == int(number):
                self._init_child(parent, trial)
                return
        raise ValueError("HyperDrive run %s has no child run %s" % (sweep_id, run_id))

    def _init_child(self, parent, trial):
        self._parent = parent
        self._trial = trial
        self.experiment = parent.experiment
        self._id = "%s_%d" % (parent.id, trial["number"])
        self._metrics = {name: [p["value"] for p in points] for name, points in (trial.get("metrics") or {}).items()}
        for name, values in _read_text_metrics(trial["folder"]).items():
            self._metrics.setdefault(name, []).extend(values)
        hyperparameters = {key: trial["parameters"].get(name) for key, name in parent._info["parameters"].items()}
        self._tags = {"hyperparameters": json.dumps(hyperparameters)}
        self.properties = {"hypersweep_trial": trial["id"]}

    def get_status(self):
        """Queued, Running, Completed, Failed or Canceled (a trial the policy stopped is Canceled, as in v1)."""
        if self._trial is None:
            return "Running"
        from azureml.train.hyperdrive.run import _TRIAL_STATUS
        return _TRIAL_STATUS.get(self._trial["state"], self._trial["state"])

    def get_details(self):
        """The run's details; runDefinition.arguments (also .Arguments) is the argument list the script got."""
        if self._trial is None:
            return {"runId": self._id, "status": "Running"}
        arguments = list(self._trial.get("arguments") or [])[self._parent._info.get("argument_prefix", 0):]
        return {"runId": self._id, "status": self.get_status(), "target": self._parent._info.get("target"),
                "startTimeUtc": self._trial.get("started_at"), "endTimeUtc": self._trial.get("ended_at"),
                "properties": dict(self.properties), "tags": dict(self._tags),
                "runDefinition": {"arguments": arguments, "Arguments": arguments,
                                  "environment": {"name": self._parent._info.get("environment")}},
                "error": self._trial.get("message") if self._trial["state"] == "Failed" else None}

    @property
    def tags(self):
        return dict(self._tags)

    @property
    def parent(self):
        return getattr(self, "_parent", None)

    def _folder(self):
        if self._trial is None:
            return hypersweep.output_dir()
        return self._trial["folder"]

    def get_file_names(self):
        """The files of the run's folder (outputs/..., stdout.txt, ...), as paths relative to it."""
        root = self._folder()
        names = []
        for folder, dirs, files in os.walk(root):
            # The source directory's entries linked into the trial's folder are not the run's files, nor are
            # Hypersweep's own bookkeeping files.
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
            for name in files:
                path = os.path.join(folder, name)
                if os.path.islink(path) or name.startswith(".") or name == TEXT_METRICS_FILE:
                    continue
                names.append(os.path.relpath(path, root).replace(os.sep, "/"))
        return sorted(names)

    def download_file(self, name, output_file_path=None, _validate_checksum=False):
        """Copies a file of the run's folder (e.g. outputs/model.pkl) to output_file_path (default: its base name here)."""
        source = os.path.join(self._folder(), name)
        if not os.path.isfile(source):
            raise ValueError("run %s has no file %r; it has: %s" % (self._id, name, ", ".join(self.get_file_names())))
        target = output_file_path or os.path.basename(name)
        if os.path.isdir(target):
            target = os.path.join(target, os.path.basename(name))
        shutil.copyfile(source, target)

    def download_files(self, prefix=None, output_directory=None, output_paths=None, batch_size=100, append_prefix=True):
        for name in self.get_file_names():
            if prefix is None or name.startswith(prefix):
                target = os.path.join(output_directory or ".", name)
                os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
                shutil.copyfile(os.path.join(self._folder(), name), target)

    def register_model(self, model_name, model_path=None, tags=None, properties=None, **kwargs):
        """Copies the run's model (a file or folder of its folder) into the workspace's model registry folder."""
        from azureml.core.model import Model
        return Model._register_from_run(self, model_name, model_path, tags, properties)

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
        """Logs one value of a metric. Numbers go to Hypersweep as metric values (the sweep can rank and stop trials
        by them); other values (v1 logs strings too, e.g. the kernel's name) are kept in the trial's folder, in
        TEXT_METRICS_FILE, where the driver's Run.get_metrics finds them."""
        if _is_number(value):
            hypersweep.log(name, value, step=step)
        else:
            _append_text_metric(name, value)
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
