"""Report metrics to Hypersweep from a training program. No dependencies; Python 3.6+.

    import hypersweep
    hypersweep.log("accuracy", 0.91)            # step counts up by itself
    hypersweep.log("loss", 0.32, step=3)
    params = hypersweep.parameters()            # {"lr": 0.01, ...}
    out = hypersweep.output_dir()               # write checkpoints here
    resume = hypersweep.resume_from()           # a checkpoint folder to resume from, or None

Each call prints one line to stdout:  ##hypersweep[metric] {"name": ..., "value": ..., "step": ...}
Outside a sweep the lines are printed all the same, so a script runs unchanged on its own.
"""

import json
import math
import os
import sys
import threading

PREFIX = "##hypersweep[metric] "
_lock = threading.Lock()
_steps = {}


def _number(value):
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def log(name, value, step=None):
    """Reports one value of a metric. Without a step, the step is the count of values logged for that name."""
    name = str(name)
    with _lock:
        if step is None:
            step = _steps.get(name, 0)
        _steps[name] = int(step) + 1
        payload = {"name": name, "value": _number(value), "step": int(step)}
        sys.stdout.write(PREFIX + json.dumps(payload) + "\n")
        sys.stdout.flush()


def parameters():
    """The trial's hyperparameters (HYPERSWEEP_PARAMS), or {} outside a sweep."""
    text = os.environ.get("HYPERSWEEP_PARAMS")
    return json.loads(text) if text else {}


def trial_id():
    """The trial's id (HYPERSWEEP_TRIAL_ID), or None outside a sweep."""
    return os.environ.get("HYPERSWEEP_TRIAL_ID")


def output_dir():
    """The trial's folder for outputs and checkpoints (HYPERSWEEP_OUTPUT_DIR), or the current folder."""
    return os.environ.get("HYPERSWEEP_OUTPUT_DIR", os.getcwd())


def resume_from():
    """The checkpoint folder to resume from (HYPERSWEEP_RESUME_FROM), or None."""
    return os.environ.get("HYPERSWEEP_RESUME_FROM") or None
