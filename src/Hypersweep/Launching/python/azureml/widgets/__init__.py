"""RunDetails: a view of a HyperDrive run that refreshes while it runs.

In Jupyter it shows an HTML view (the runs table with each child's status, hyperparameters and best primary metric,
and a chart of each run's best value with the best so far, as inline SVG), updated every few seconds from a
background thread until the sweep ends, and once more when wait_for_completion returns; it needs no network (no CDN,
no JavaScript library). Outside Jupyter, show() prints the table once.
"""

import html
import math
import threading
import time

_REFRESH_SECONDS = 2.0

# The views shown in this process, by run id, so that HyperDriveRun.wait_for_completion can bring them up to date
# when the run ends, whatever the refresh thread's timing.
_shown = {}


class RunDetails(object):
    """The v1 widget: RunDetails(run).show()."""

    def __init__(self, run_instance, refresh_seconds=_REFRESH_SECONDS):
        self.run = run_instance
        self._refresh = refresh_seconds
        self._thread = None

    def show(self):
        display = _ipython_display()
        if display is None:
            print(self.text())
            return
        handle = display(_Html(self.html()), display_id=True)
        self._handle = handle
        _shown.setdefault(self.run.id, []).append(self)
        if self.run.get_status() in ("Completed", "Failed", "Canceled"):
            return

        def refresh():
            while True:
                time.sleep(self._refresh)
                status = self.run.get_status()
                handle.update(_Html(self.html()))
                if status in ("Completed", "Failed", "Canceled"):
                    return

        self._thread = threading.Thread(target=refresh, name="RunDetails", daemon=True)
        self._thread.start()

    def refresh(self):
        """Redraws a view shown in Jupyter with the run's current state."""
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.update(_Html(self.html()))

    def _is_sweep(self):
        return hasattr(self.run, "get_children")

    def get_widget_data(self, widget_settings=None):
        """The data the view shows: for a sweep, its status, primary metric and one row per child run; for a single
        run, its status and its metrics."""
        if not self._is_sweep():
            return {"status": self.run.get_status(), "metrics": self.run.get_metrics()}
        return {"status": self.run.get_status(), "primary_metric": self.run._info["primary_metric"],
                "goal": self.run._info["goal"], "child_runs": self._rows()}

    def _single_run_rows(self, data):
        rows = []
        for name, value in sorted(data["metrics"].items()):
            values = value if isinstance(value, list) else [value]
            rows.append([name, _format(values[-1]), str(len(values))])
        return rows

    def _rows(self):
        rows = []
        for child in self.run.get_children():
            trial = child._trial
            values = child._metrics.get(self.run._info["primary_metric"], [])
            rows.append({"run_id": child.id, "status": child.get_status(), "hyperparameters": _parameters(child),
                         "best": trial.get("value"), "values": values, "duration": trial.get("duration_seconds")})
        return rows

    def text(self):
        """The runs table (or a single run's metrics) as text."""
        data = self.get_widget_data()
        if not self._is_sweep():
            lines = ["Run %s: %s" % (self.run.id, data["status"])]
            lines += ["  %s = %s (%s logged)" % tuple(row) for row in self._single_run_rows(data)]
            return "\n".join(lines)
        names = sorted({k for r in data["child_runs"] for k in r["hyperparameters"]})
        header = ["run", "status"] + names + [data["primary_metric"]]
        lines = [header] + [[r["run_id"], r["status"]] + [_format(r["hyperparameters"].get(n)) for n in names] + [_format(r["best"])]
                            for r in data["child_runs"]]
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
        out = ["HyperDrive run %s: %s (%s %s)" % (self.run.id, data["status"], data["goal"].lower(), data["primary_metric"])]
        out += ["  ".join(str(cell).ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines]
        return "\n".join(out)

    def html(self):
        """The view as self-contained HTML: status, a chart of the primary metric, the runs table (for a single run:
        status and its metrics)."""
        data = self.get_widget_data()
        if not self._is_sweep():
            body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(c) for c in row) for row in self._single_run_rows(data))
            return ("<div class='hypersweep-run-details'><p><b>Run %s</b>: %s</p><table><thead><tr><th>Metric</th>"
                    "<th>Last value</th><th>Values logged</th></tr></thead><tbody>%s</tbody></table></div>") % (
                html.escape(self.run.id), html.escape(data["status"]), body)
        names = sorted({k for r in data["child_runs"] for k in r["hyperparameters"]})
        head = "".join("<th>%s</th>" % html.escape(h) for h in ["Run", "Status"] + names + ["Best " + data["primary_metric"]])
        body = "".join(
            "<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(str(c)) for c in
                                    [r["run_id"], r["status"]] + [_format(r["hyperparameters"].get(n)) for n in names] + [_format(r["best"])])
            for r in data["child_runs"])
        return ("<div class='hypersweep-run-details'><p><b>HyperDrive run %s</b>: %s &mdash; %s %s, %d child runs</p>%s"
                "<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table></div>") % (
            html.escape(self.run.id), html.escape(data["status"]), html.escape(data["goal"].lower()),
            html.escape(data["primary_metric"]), len(data["child_runs"]), _chart(data) + _curves(data) + _parallel(data, names), head, body)


def refresh_views(run_id):
    """Redraws every view of the run shown in this process (called when the run ends)."""
    for view in _shown.get(run_id, []):
        view.refresh()


def _parameters(child):
    import json
    return {k.lstrip("-"): v for k, v in json.loads(child.tags["hyperparameters"]).items()}


def _format(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return "%.6g" % value
    return str(value)


def _chart(data, width=480, height=200):
    """Each child run's best primary-metric value in run order (dots) and the best so far (a line), as inline SVG."""
    points = [(i, r["best"]) for i, r in enumerate(data["child_runs"])
              if isinstance(r["best"], (int, float)) and math.isfinite(r["best"])]
    if not points:
        return ""
    maximize = data["goal"] == "MAXIMIZE"
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span, count = (high - low) or 1.0, max(1, len(data["child_runs"]) - 1)

    def xy(i, v):
        return 40 + (width - 50) * (i / count), 10 + (height - 30) * (1 - (v - low) / span)

    dots = "".join("<circle cx='%.1f' cy='%.1f' r='3' fill='hsl(210,60%%,50%%)'><title>%s: %s</title></circle>" % (
        xy(i, v) + (html.escape(data["child_runs"][i]["run_id"]), html.escape(_format(v)))) for i, v in points)
    best, line = None, []
    for i, v in points:
        best = v if best is None or (v > best if maximize else v < best) else best
        line.append("%.1f,%.1f" % xy(i, best))
    return ("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' aria-label='%s of each run and the best so far'>"
            "<text x='2' y='12' font-size='10'>%s</text><text x='2' y='%d' font-size='10'>%s</text>"
            "<polyline fill='none' stroke='hsl(20,70%%,50%%)' stroke-width='1.5' points='%s'/>%s</svg>") % (
        width, height, html.escape(data["primary_metric"]), html.escape(_format(high)), height - 18,
        html.escape(_format(low)), " ".join(line), dots)


def _svg(width, height, label, content):
    return "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' aria-label='%s'>%s</svg>" % (
        width, height, html.escape(label), content)


def _curves(data, width=480, height=200):
    """The primary metric of each child run over the values it logged (only when some run logged several)."""
    series = [[v for v in r["values"] if _finite(v)] for r in data["child_runs"]]
    if not any(len(s) > 1 for s in series):
        return ""
    values = [v for s in series for v in s]
    low, high = min(values), max(values)
    span, longest = (high - low) or 1.0, max(len(s) for s in series)

    def xy(i, v):
        return "%.1f,%.1f" % (40 + (width - 50) * (i / max(1, longest - 1)), 10 + (height - 30) * (1 - (v - low) / span))

    lines = "".join("<polyline fill='none' stroke='hsl(%d,60%%,45%%)' stroke-width='1.2' points='%s'><title>%s</title></polyline>" % (
        (k * 47) % 360, " ".join(xy(i, v) for i, v in enumerate(s)), html.escape(data["child_runs"][k]["run_id"]))
        for k, s in enumerate(series) if s)
    axes = "<text x='2' y='12' font-size='10'>%s</text><text x='2' y='%d' font-size='10'>%s</text>" % (
        html.escape(_format(high)), height - 18, html.escape(_format(low)))
    return _svg(width, height, "%s of each run over its logged values" % data["primary_metric"], axes + lines)


def _parallel(data, names, width=480, height=200):
    """Parallel coordinates: one axis per hyperparameter and one for the best primary metric, a line per run
    (choices are spread evenly on their axis, numbers scaled to their range); the better a run, the darker its line."""
    rows = [r for r in data["child_runs"] if _finite(r["best"])]
    axes = list(names) + [None]
    if len(rows) < 2 or not names:
        return ""

    def column(name):
        values = [r["best"] if name is None else r["hyperparameters"].get(name) for r in rows]
        if all(_finite(v) for v in values):
            low, high = min(values), max(values)
            return [0.5 if high == low else (v - low) / (high - low) for v in values]
        levels = sorted({str(v) for v in values})
        return [(levels.index(str(v)) + 0.5) / len(levels) for v in values]

    columns = [column(a) for a in axes]
    x = [30 + (width - 60) * k / (len(axes) - 1) for k in range(len(axes))]
    maximize = data["goal"] == "MAXIMIZE"
    order = sorted(range(len(rows)), key=lambda i: rows[i]["best"], reverse=not maximize)
    lines = ""
    for rank, i in enumerate(order):
        shade = 80 - int(60 * rank / max(1, len(rows) - 1))
        points = " ".join("%.1f,%.1f" % (x[k], 20 + (height - 40) * (1 - columns[k][i])) for k in range(len(axes)))
        lines += "<polyline fill='none' stroke='hsl(210,60%%,%d%%)' stroke-width='1.2' points='%s'><title>%s</title></polyline>" % (
            shade, points, html.escape(rows[i]["run_id"]))
    labels = "".join("<line x1='%.1f' y1='20' x2='%.1f' y2='%d' stroke='#999'/><text x='%.1f' y='12' font-size='10' text-anchor='middle'>%s</text>" % (
        x[k], x[k], height - 20, x[k], html.escape(a if a is not None else data["primary_metric"])) for k, a in enumerate(axes))
    return _svg(width, height, "parallel coordinates of the runs' hyperparameters and %s" % data["primary_metric"], labels + lines)


def _finite(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class _Html(object):
    def __init__(self, text):
        self._text = text

    def _repr_html_(self):
        return self._text

    def __repr__(self):
        return "RunDetails"


def _ipython_display():
    """IPython's display function when running in a Jupyter kernel, else None."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or "IPKernelApp" not in getattr(shell, "config", {}):
        return None
    return display


__all__ = ["RunDetails"]
