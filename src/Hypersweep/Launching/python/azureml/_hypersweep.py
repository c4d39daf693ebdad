"""How the Azure ML SDK v1 stand-in talks to Hypersweep: its command-line tool, with JSON output.

The driver's objects (Workspace, Experiment, HyperDriveRun, Run) hold no state of their own beyond names: every
question is answered from the Hypersweep store (SQLite or PostgreSQL) through `hypersweep ... --json`, so a driver
sees what the dashboard and the CLI see, including sweeps another process runs.
"""

import json
import os
import shlex
import shutil
import subprocess


class HypersweepError(Exception):
    """Hypersweep's tool is missing or said no."""


def cli():
    """The command that runs Hypersweep's tool: HYPERSWEEP_CLI (a path or a command line), else 'hypersweep' on PATH."""
    given = os.environ.get("HYPERSWEEP_CLI")
    if given:
        return shlex.split(given)
    found = shutil.which("hypersweep")
    if found:
        return [found]
    raise HypersweepError(
        "Hypersweep's command-line tool was not found: put 'hypersweep' on PATH or set HYPERSWEEP_CLI to its path "
        "(e.g. HYPERSWEEP_CLI=/opt/hypersweep/hypersweep)")


def call_json(arguments, store):
    """Runs `hypersweep ARGUMENTS --store STORE --json` and returns its parsed output."""
    result = subprocess.run(cli() + list(arguments) + ["--store", store, "--json"], capture_output=True, text=True)
    if result.returncode != 0:
        raise HypersweepError("hypersweep %s failed (exit code %d): %s" % (
            " ".join(arguments), result.returncode, (result.stderr or result.stdout).strip()))
    return json.loads(result.stdout)


def is_file_store(store):
    """True for a SQLite store (a file path), False for PostgreSQL (a URL or a connection string)."""
    return "://" not in store and "=" not in store


def store_exists(store):
    """False for a SQLite store file that has not been created yet (no sweep has started)."""
    return not is_file_store(store) or os.path.exists(store)


def find_sweep(store, name):
    """The sweep of that name as `hypersweep sweeps --json` gives it (its latest, if several), or None."""
    if not store_exists(store):
        return None
    rows = [row for row in call_json(["sweeps"], store) if row["sweep"]["name"] == name]
    return rows[-1] if rows else None


def trials(store, name, metrics=False):
    """Every trial of the sweep, in order, as `hypersweep trials --json` gives it (with every logged value when metrics)."""
    return call_json(["trials", name] + (["--metrics"] if metrics else []), store)
