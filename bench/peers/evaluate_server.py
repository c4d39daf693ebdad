#!/usr/bin/python3
"""Evaluates one workload of bench/workloads/ for the in-process harness (jobs-in-process): a line of JSON
parameters in, a line {"values": [every reported value, in order]} out, until end of input.

The very evaluate(params, report) function the workload's train.py runs on its command line, kept loaded so a
trial costs its training time only. Usage: /usr/bin/python3 evaluate_server.py WORKLOAD
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import importlib.util  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True


def main():
    folder = os.path.join(HERE, "..", "workloads", sys.argv[1])
    spec = importlib.util.spec_from_file_location("workload", os.path.join(folder, "train.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for line in sys.stdin:
        values = []
        module.evaluate(json.loads(line), lambda step, value: values.append(float(value)))
        sys.stdout.write(json.dumps({"values": values}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
