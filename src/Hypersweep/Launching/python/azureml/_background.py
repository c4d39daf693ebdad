"""What a driver needs of a process it started in the background (a sweep's controller, a single run's script):
whether it still runs, following its log until it ends, and the end of a log for an error message."""

import os
import sys
import time


def is_running(process, folder):
    """True while the process runs: the Popen this driver holds, else the pid in FOLDER/controller.pid (another driver's)."""
    if process is not None:
        return process.poll() is None
    try:
        with open(os.path.join(folder, "controller.pid")) as f:
            os.kill(int(f.read().strip()), 0)
        return True
    except (OSError, ValueError):
        return False


def print_new(path, position, skip_prefix=None):
    """Prints what was added to the file at PATH since POSITION (lines starting with SKIP_PREFIX left out); returns the new position."""
    try:
        with open(path) as f:
            f.seek(position)
            text = f.read()
            position = f.tell()
    except OSError:
        return position
    for line in text.splitlines(True):
        if skip_prefix is None or not line.startswith(skip_prefix):
            sys.stdout.write(line)
    sys.stdout.flush()
    return position


def last_lines(path, count, missing):
    """The last COUNT non-empty lines of the file at PATH, or MISSING when it cannot be read."""
    try:
        with open(path) as f:
            lines = [line.rstrip() for line in f if line.strip()]
        return "\n".join(lines[-count:]) or "(empty)"
    except OSError:
        return missing


def follow(process, folder, log_path, show_output, cancel, poll_seconds, skip_prefix=None, wait_after_cancel=False):
    """Waits until the process ends, printing its log as it grows with SHOW_OUTPUT (lines starting with SKIP_PREFIX
    left out). Ctrl+C calls CANCEL (and, with WAIT_AFTER_CANCEL, waits for the process) and is raised again."""
    position = 0
    try:
        while True:
            running = is_running(process, folder)
            if show_output:
                position = print_new(log_path, position, skip_prefix)
            if not running:
                break
            time.sleep(poll_seconds)
    except KeyboardInterrupt:
        cancel()
        if wait_after_cancel and process is not None:
            process.wait()
        raise
    if process is not None:
        process.wait()
    if show_output:
        print_new(log_path, position, skip_prefix)


def finish(run_id, status, show_output):
    """Redraws the run's RunDetails views shown in this process and prints v1's execution summary."""
    widgets = sys.modules.get("azureml.widgets")
    if widgets is not None:
        widgets.refresh_views(run_id)
    if show_output:
        print("\nExecution Summary\n=================\nRunId: %s\nStatus: %s\n" % (run_id, status))

