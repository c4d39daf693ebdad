"""Runs one HyperDrive v1 child run as Azure ML runs it: in a folder of its own that holds the source directory's
files, so the script reads them by relative paths as it always did, while what it writes to ./outputs and ./logs
stays with this trial (its Hypersweep trial folder, where Run.get_file_names and register_model find it).

    python -m azureml._v1_trial SOURCE_DIRECTORY -- train.py --arg value ...     (a Python script, run as __main__)
    python -m azureml._v1_trial SOURCE_DIRECTORY -- COMMAND WORDS ...           (any other command)
    python -m azureml._v1_trial --status FILE SOURCE_DIRECTORY -- ...            (also write the exit code to FILE)

The folder is the trial's folder (HYPERSWEEP_TRIAL_DIR); the source directory's entries are linked into it (not
copied), except outputs and logs, which are the trial's own.
"""

import json
import os
import runpy
import subprocess
import sys
import traceback

_OWN = ("outputs", "logs", "stdout.txt", "stderr.txt", ".processes", "run.json", "status.json", "controller.pid")


def _link_source(source, folder):
    for entry in os.listdir(source):
        target = os.path.join(folder, entry)
        if entry in _OWN or os.path.lexists(target):
            continue
        os.symlink(os.path.join(source, entry), target)


def main(argv):
    status = None
    if len(argv) >= 2 and argv[0] == "--status":
        status, argv = argv[1], argv[2:]
    if len(argv) < 3 or argv[1] != "--":
        sys.stderr.write("usage: python -m azureml._v1_trial [--status FILE] SOURCE_DIRECTORY -- SCRIPT_OR_COMMAND [ARGS...]\n")
        return 2
    code = 1
    try:
        code = _run(os.path.abspath(argv[0]), argv[2:])
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if not isinstance(e.code, int) and e.code is not None:
            sys.stderr.write("%s\n" % (e.code,))
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        if status:
            with open(status, "w") as f:
                json.dump({"exit_code": code}, f)
    return code


def _run(source, words):
    folder = os.environ.get("HYPERSWEEP_TRIAL_DIR")
    if folder:
        os.makedirs(os.path.join(folder, "outputs"), exist_ok=True)
        os.makedirs(os.path.join(folder, "logs"), exist_ok=True)
        _link_source(source, folder)
        os.chdir(folder)
    if words[0].endswith(".py"):
        script = os.path.join(os.getcwd(), words[0]) if folder else os.path.join(source, words[0])
        sys.argv = [words[0]] + words[1:]
        sys.path.insert(0, os.path.dirname(script))
        runpy.run_path(script, run_name="__main__")
        return 0
    sys.stdout.flush()
    return subprocess.call(words)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
