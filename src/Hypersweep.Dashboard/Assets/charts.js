"use strict";
// The dashboard's charts, drawn with Plotly (served by the dashboard itself). Every function takes data as the JSON API
// returns it and (re)draws into a div with Plotly.react, keeping what the user did (zoom, brushing) where it can.
const HSCharts = (() => {
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79",
    "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1"];
  const stateColors = { Completed: "#1f8a4c", Running: "#2f6fd6", Terminated: "#c2410c", Failed: "#c81e1e", Canceled: "#6b7280", Queued: "#8b95a5" };
  const dashes = { Completed: "solid", Running: "solid", Terminated: "dot", Failed: "dash", Canceled: "dashdot", Queued: "solid" };
  const config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  const font = { family: "system-ui, -apple-system, 'Segoe UI', 'Liberation Sans', sans-serif", size: 12, color: "#1d2330" };

  function colorOf(number) { return palette[number % palette.length]; }

  function baseLayout(title, extra) {
    return Object.assign({
      title: { text: title, font: { size: 14 }, x: 0.01, xanchor: "left" },
      font,
      margin: { l: 64, r: 24, t: 44, b: 52 },
      paper_bgcolor: "#fff",
      plot_bgcolor: "#fff",
      hovermode: "closest",
      uirevision: "keep",
    }, extra || {});
  }

  function axis(title, extra) {
    return Object.assign({ title: { text: title }, gridcolor: "#eceff3", zerolinecolor: "#d5d9e0", automargin: true }, extra || {});
  }

  function empty(div, message) {
    Plotly.react(div, [], baseLayout("", {
      xaxis: { visible: false }, yaxis: { visible: false },
      annotations: [{ text: message, showarrow: false, font: { size: 14, color: "#667085" }, xref: "paper", yref: "paper", x: 0.5, y: 0.5 }],
    }), config);
  }

  // The x of each logged value: the step the trial logged with it when every value of the series has one (epochs, batches),
  // else the interval (the n-th logged value is interval n).
  function xOf(steps) {
    const bySteps = steps.length > 0 && steps.every(s => s !== null && s !== undefined);
    return { bySteps, x: i => (bySteps ? steps[i] : i + 1), title: bySteps ? "step (as logged)" : "interval (n-th logged value)", unit: bySteps ? "step" : "interval" };
  }

  // One line per trial: the metric's values over their steps (or intervals, see xOf). Terminated trials are dotted with a
  // red cross where they stopped, failed ones dashed, running ones end in a dot; the best trial is thick.
  function metricOverIntervals(div, series, options) {
    const metric = series.name;
    if (!series.trials.length) {
      empty(div, `No trial has logged ${metric} yet.`);
      return;
    }
    const xs = xOf(series.trials.flatMap(t => t.steps));
    const traces = series.trials.map(t => {
      const n = t.values.length;
      const last = i => i === n - 1;
      const isBest = options.bestNumber === t.number;
      const marked = t.state === "Terminated" || t.state === "Running" || t.state === "Failed";
      return {
        type: "scatter",
        mode: "lines+markers",
        name: `${t.id} · ${t.state.toLowerCase()}${isBest ? " ★" : ""}`,
        x: t.values.map((_, i) => (xs.bySteps ? t.steps[i] : i + 1)),
        y: t.values,
        customdata: t.values.map((_, i) => [t.number, t.steps[i] === null ? "–" : t.steps[i], i + 1]),
        line: { color: colorOf(t.number), width: isBest ? 4 : 1.8, dash: dashes[t.state] || "solid" },
        opacity: t.state === "Terminated" || t.state === "Canceled" ? 0.8 : 1,
        marker: {
          size: t.values.map((_, i) => (last(i) && marked ? 15 : 4)),
          line: { width: t.values.map((_, i) => (last(i) && marked ? 2 : 0)), color: t.values.map((_, i) => (last(i) && marked ? stateColors[t.state] : colorOf(t.number))) },
          symbol: t.values.map((_, i) => (last(i) && t.state === "Terminated" ? "x" : last(i) && t.state === "Failed" ? "x-open" : "circle")),
          color: t.values.map((_, i) => (last(i) && (t.state === "Terminated" || t.state === "Failed") ? stateColors[t.state] : colorOf(t.number))),
        },
        hovertemplate: `<b>trial ${t.id}</b> (${t.state.toLowerCase()})<br>interval %{customdata[2]} · step %{customdata[1]}<br>${metric} = %{y:.5g}<extra></extra>`,
        meta: { number: t.number, state: t.state },
      };
    });
    const band = series.band ? bandTraces(series, metric) : [];
    const which = series.band ? `the best ${series.trials.filter(t => t.state !== "Running").length} and the running of ${series.total_trials} trials, over the 10–90% band and median of all` : "every trial";
    const layout = baseLayout(`${metric} per ${xs.unit}, ${which}${options.goal && options.primary ? ` (${options.goal})` : ""}`, {
      xaxis: axis(xs.title, { rangemode: "tozero", dtick: maxLength(series) <= 20 && !xs.bySteps ? 1 : undefined }),
      yaxis: axis(metric),
      showlegend: traces.length + band.length <= 14,
      legend: { font: { size: 11 } },
    });
    Plotly.react(div, [...band, ...traces], layout, config);
    bindClick(div, options.onTrial, p => (Array.isArray(p.customdata) ? p.customdata[0] : null));
  }

  // A large sweep's metric chart (series.band, computed by the dashboard over every trial that logged the metric): the
  // 10% and 90% quantiles at each step as a shaded band and the median as a line, under the curves of the best trials,
  // so the chart stays a few traces however many trials there are.
  function bandTraces(series, metric) {
    const b = series.band;
    const q = k => b.values[k];
    const pct = k => `${Math.round(100 * b.quantiles[k])}%`;
    const hover = k => `${pct(k)} of the trials at or below %{y:.5g}<br>(${b.by_steps ? "step" : "interval"} %{x}, %{customdata} trials)<extra></extra>`;
    const line = { color: "rgba(47, 91, 211, 0.35)", width: 1 };
    return [
      { type: "scatter", mode: "lines", name: `${pct(0)} quantile`, x: b.x, y: q(0), customdata: b.counts, line, hovertemplate: hover(0), showlegend: false, meta: { role: "band-low" } },
      { type: "scatter", mode: "lines", name: `${pct(0)}–${pct(2)} of ${series.total_trials} trials`, x: b.x, y: q(2), customdata: b.counts, line, fill: "tonexty", fillcolor: "rgba(47, 91, 211, 0.15)", hovertemplate: hover(2), meta: { role: "band-high" } },
      { type: "scatter", mode: "lines", name: `median of ${series.total_trials} trials`, x: b.x, y: q(1), customdata: b.counts, line: { color: "#2f5bd3", width: 2, dash: "dash" }, hovertemplate: hover(1), meta: { role: "band-median" } },
    ];
  }

  // Many points (a large sweep) are drawn with WebGL where the browser has it: one SVG element per point would take
  // seconds for 10,000 trials. Each chart stays one trace per group (state, parameter), never one per trial.
  const manyPoints = 1000;
  function scatterType(points) {
    return points > manyPoints && hasWebGL() ? "scattergl" : "scatter";
  }

  function maxLength(series) {
    return series.trials.reduce((m, t) => Math.max(m, t.values.length), 0);
  }

  // Parallel coordinates: one axis per parameter and one for the metric, each trial a line colored by its value.
  // Brushing on any axis is Plotly's; onSelect(numbers or null) reports which trials the brushes keep.
  function parallelCoordinates(div, rows, parameters, options) {
    const metric = options.metric;
    const kept = rows.filter(r => r.value !== null && r.value !== undefined);
    if (!kept.length) {
      empty(div, `No trial has a value of ${metric} yet.`);
      div._hsNumbers = [];
      return;
    }
    const previous = {};
    for (const d of (div.data && div.data[0] && div.data[0].dimensions) || []) {
      if (d.constraintrange) previous[d.label] = d.constraintrange;
    }
    const dimensions = parameters.map(p => parameterDimension(p, kept));
    dimensions.push({ label: `${metric} (${options.goal})`, values: kept.map(r => r.value) });
    for (const d of dimensions) {
      if (previous[d.label]) d.constraintrange = previous[d.label];
    }
    // Brushing is judged on every trial's values, whichever lines are drawn.
    div._hsAllDims = dimensions;
    const pick = linesToDraw(kept, options.goal);
    const shown = pick.map(i => kept[i]);
    const drawn = pick.length === kept.length ? dimensions : dimensions.map(d => Object.assign({}, d, {
      values: pick.map(i => d.values[i]),
      range: d.range || [Math.min(...d.values), Math.max(...d.values)],
    }));
    const which = shown.length === kept.length ? `${kept.length} trials` : `${shown.length} of ${kept.length} trials drawn: the best ${bestLines} and an even sample of the rest; brushing selects among all`;
    const values = shown.map(r => r.value);
    if (!hasWebGL()) {
      const lo = Math.min(...values), hi = Math.max(...values);
      const t = v => (hi > lo ? (v - lo) / (hi - lo) : 0.5);
      linesAcrossAxes(div, shown, drawn, {
        title: `Parameters and ${metric} (${which}; better is ${options.goal === "minimize" ? "lower" : "higher"}, brighter). This browser has no WebGL: drawn as plain lines, without brushing`,
        color: r => viridis(options.goal === "minimize" ? 1 - t(r.value) : t(r.value)),
        hover: r => `<b>trial ${r.id}</b><br>${metric}: ${Number(r.value).toPrecision(5)}`,
        onTrial: options.onTrial,
      });
      div._hsNumbers = kept.map(r => r.number);
      div._hsNoBrush = true;
      return;
    }
    const trace = {
      type: "parcoords",
      dimensions: drawn,
      line: {
        color: values,
        colorscale: "Viridis",
        reversescale: options.goal === "minimize",
        showscale: true,
        colorbar: { title: { text: metric }, thickness: 14 },
      },
      labelfont: { size: 12 },
      tickfont: { size: 11 },
      rangefont: { size: 10 },
    };
    const layout = baseLayout(`Parameters and ${metric} (${which === `${kept.length} trials` ? `${kept.length} trials with a value` : which}; better is ${options.goal === "minimize" ? "lower" : "higher"}, brighter)`, {
      margin: { l: 80, r: 60, t: 110, b: 30 },
    });
    layout.title = Object.assign(layout.title, { y: 0.98, yref: "container", yanchor: "top" });
    div._hsNumbers = kept.map(r => r.number);
    Plotly.react(div, [trace], layout, config);
    if (!div._hsBound) {
      div._hsBound = true;
      div.on("plotly_restyle", () => { if (div._hsOnSelect) div._hsOnSelect(brushed(div)); });
    }
    div._hsOnSelect = options.onSelect;
  }

  // A large sweep's parallel coordinates draw at most maxLines lines (10,000 WebGL lines take seconds to draw and
  // are a solid block anyway): the bestLines best trials by the metric and an even sample of the rest by number.
  // Returns the indices of the rows to draw, in their order.
  const maxLines = 1000, bestLines = 100;
  function linesToDraw(rows, goal) {
    const all = rows.map((_, i) => i);
    if (rows.length <= maxLines) return all;
    const best = new Set([...all].sort((a, b) => (goal === "minimize" ? rows[a].value - rows[b].value : rows[b].value - rows[a].value)).slice(0, bestLines));
    const rest = all.filter(i => !best.has(i));
    const step = rest.length / (maxLines - bestLines);
    const sample = new Set(Array.from({ length: maxLines - bestLines }, (_, k) => rest[Math.floor(k * step)]));
    return all.filter(i => best.has(i) || sample.has(i));
  }

  // One axis of the parallel coordinates. A parameter of a conditional branch is missing from the trials where it is
  // inactive: a category axis gets an "(inactive)" category, a numeric one puts them a step below its lowest value.
  function parameterDimension(p, rows) {
    const raw = rows.map(r => r.parameters[p.name]);
    const missing = raw.some(v => v === undefined || v === null);
    const present = raw.filter(v => v !== undefined && v !== null);
    if (p.kind === "category") {
      const categories = [...(p.categories || [...new Set(present.map(String))])];
      if (missing) categories.push("(inactive)");
      return {
        label: p.name,
        values: raw.map(v => (v === undefined || v === null ? categories.length - 1 : categories.indexOf(String(v)))),
        tickvals: categories.map((_, i) => i),
        ticktext: categories,
        range: [0, Math.max(categories.length - 1, 1)],
      };
    }
    if (p.log && present.length && present.every(v => v > 0)) {
      const logs = present.map(v => Math.log10(v));
      let lo = Math.floor(Math.min(...logs));
      const hi = Math.ceil(Math.max(...logs));
      const ticks = [];
      for (let k = lo; k <= hi; k++) ticks.push(k);
      const ticktext = ticks.map(powerOfTen);
      if (missing) {
        lo -= 1;
        ticks.unshift(lo);
        ticktext.unshift("(inactive)");
      }
      return { label: `${p.name} (log)`, values: raw.map(v => (v === undefined || v === null ? lo : Math.log10(v))), tickvals: ticks, ticktext, range: [lo, hi] };
    }
    const min = present.length ? Math.min(...present) : 0, max = present.length ? Math.max(...present) : 0;
    const inactive = min - (max > min ? 0.15 * (max - min) : 1);
    const dim = { label: missing ? `${p.name} (lowest: inactive)` : p.name, values: raw.map(v => (v === undefined || v === null ? inactive : v)) };
    if (p.categories) {
      // A choice of numbers: ticks at the choices only.
      dim.tickvals = p.categories.map(Number);
      dim.ticktext = [...p.categories];
      if (missing) {
        dim.tickvals.unshift(inactive);
        dim.ticktext.unshift("(inactive)");
      }
    }
    if (min === max) dim.range = [Math.min(min - 1, inactive), max + 1];
    else if (missing) dim.range = [inactive, max];
    return dim;
  }

  function powerOfTen(k) {
    return k >= -3 && k <= 4 ? String(Number(Math.pow(10, k).toPrecision(1))) : `1e${k}`;
  }

  // The trial numbers inside every brush, or null when nothing is brushed.
  function brushed(div) {
    if (div._hsNoBrush) return null;
    const dims = div.data && div.data[0] && div.data[0].dimensions;
    const numbers = div._hsNumbers || [];
    if (!dims) return null;
    const active = dims.filter(d => d.constraintrange && d.constraintrange.length);
    if (!active.length) return null;
    const inRange = (v, range) => {
      const ranges = Array.isArray(range[0]) ? range : [range];
      return ranges.some(([a, b]) => v >= Math.min(a, b) && v <= Math.max(a, b));
    };
    const all = div._hsAllDims || dims;
    return numbers.filter((_, i) => active.every(d => inRange(all[dims.indexOf(d)].values[i], d.constraintrange)));
  }

  // The metric (primary: the trial's value; others: the last logged value) against one parameter, a point per trial.
  function metricAgainstParameter(div, rows, parameter, options) {
    const metric = options.metric;
    const y = r => (options.primary ? r.value : (r.metrics[metric] ?? null));
    const points = rows.filter(r => y(r) !== null && y(r) !== undefined && r.parameters[parameter.name] !== undefined);
    if (!points.length) {
      empty(div, `No trial has a value of ${metric} yet.`);
      return;
    }
    const states = ["Completed", "Running", "Terminated", "Failed", "Canceled", "Queued"];
    const type = scatterType(points.length);
    const traces = states.map(state => {
      const group = points.filter(r => r.state === state);
      return {
        type,
        mode: "markers",
        name: state.toLowerCase(),
        x: group.map(r => r.parameters[parameter.name]),
        y: group.map(y),
        customdata: group.map(r => [r.number, r.id]),
        marker: {
          color: stateColors[state],
          size: group.map(r => (r.number === options.bestNumber ? 16 : 10)),
          symbol: state === "Terminated" ? "x" : state === "Failed" ? "x-open" : "circle",
          line: { color: "#fff", width: 1 },
          opacity: 0.85,
        },
        hovertemplate: `<b>trial %{customdata[1]}</b> (${state.toLowerCase()})<br>${parameter.name} = %{x}<br>${metric} = %{y:.5g}<extra></extra>`,
      };
    }).filter(t => t.x.length);
    const xaxis = parameter.kind === "category"
      ? axis(parameter.name, { type: "category", categoryorder: "array", categoryarray: parameter.categories || undefined })
      : axis(parameter.log ? `${parameter.name} (log scale)` : parameter.name, { type: parameter.log ? "log" : "linear", exponentformat: "power" });
    const layout = baseLayout(`${metric}${options.primary ? " (best logged)" : " (last logged)"} against ${parameter.name}`, {
      xaxis,
      yaxis: axis(metric),
      showlegend: true,
      legend: { title: { text: "state" } },
    });
    Plotly.react(div, traces, layout, config);
    bindClick(div, options.onTrial, p => p.customdata[0]);
  }

  // One trial's metric over its logged values.
  function trialMetric(div, metric, options) {
    const n = metric.values.length;
    const xs = xOf(metric.steps);
    const trace = {
      type: "scatter",
      mode: n > 60 ? "lines" : "lines+markers",
      name: metric.name,
      x: metric.values.map((_, i) => xs.x(i)),
      y: metric.values,
      customdata: metric.steps.map(s => (s === null ? "–" : s)),
      line: { color: options.color || "#2f5bd3", width: 2, dash: dashes[options.state] || "solid" },
      marker: { size: 5 },
      hovertemplate: `${xs.unit} %{x} · step %{customdata}<br>${metric.name} = %{y:.5g}<extra></extra>`,
    };
    const layout = baseLayout(`${metric.name}${options.primary ? " (primary metric)" : ""}`, {
      xaxis: axis(xs.title, { rangemode: "tozero", dtick: n <= 20 && !xs.bySteps ? 1 : undefined }),
      yaxis: axis(metric.name),
      margin: { l: 60, r: 16, t: 40, b: 48 },
      showlegend: false,
    });
    Plotly.react(div, [trace], layout, config);
  }

  function bindClick(div, onTrial, numberOf) {
    div._hsOnTrial = onTrial;
    if (div._hsClickBound) return;
    div._hsClickBound = true;
    div.on("plotly_click", event => {
      const p = event.points && event.points[0];
      const number = p && p.customdata ? numberOf(p) : null;
      if (typeof number === "number" && div._hsOnTrial) div._hsOnTrial(number);
    });
  }

  // A time as Plotly's date axes read it: local "YYYY-MM-DD HH:MM:SS.sss" (they do not parse ISO offsets such as +00:00).
  function plotlyDate(value) {
    const d = value instanceof Date ? value : new Date(value);
    const pad = (n, w = 2) => String(n).padStart(w, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  }

  // Optimization history: each finished trial's value (a dot, colored by state) and the best so far (a step line), by
  // trial number or by the time each trial ended.
  function optimizationHistory(div, rows, options) {
    const byTime = options.axis === "time";
    const done = rows.filter(r => typeof r.value === "number" && (!byTime || r.ended_at))
      .sort((a, b) => (byTime ? new Date(a.ended_at) - new Date(b.ended_at) : a.number - b.number));
    if (!done.length) {
      empty(div, "No trial has a value yet.");
      return;
    }
    const x = r => (byTime ? plotlyDate(r.ended_at) : r.number);
    const better = (a, b) => (options.goal === "maximize" ? a > b : a < b);
    let best = null;
    const bestX = [], bestY = [];
    done.forEach((r, i) => {
      // A trial that broke a constraint is shown (as a cross) but never becomes the best.
      const improves = !r.infeasibility && (best === null || better(r.value, best));
      if (improves) best = r.value;
      // The step line needs only its corners (and its end): a few dozen points instead of one per trial.
      if (improves || i === done.length - 1) {
        bestX.push(x(r));
        bestY.push(best);
      }
    });
    const traces = [
      {
        type: scatterType(done.length), mode: "markers", name: "trial value",
        x: done.map(x), y: done.map(r => r.value), customdata: done.map(r => [r.number, r.id, r.infeasibility ? "infeasible" : r.state.toLowerCase()]),
        marker: { size: 7, color: done.map(r => stateColors[r.state] || "#2f5bd3"), symbol: done.map(r => (r.infeasibility ? "x" : "circle")) },
        hovertemplate: "<b>trial %{customdata[1]}</b> (%{customdata[2]})<br>%{y:.5g}<extra></extra>",
        meta: { role: "values" },
      },
      {
        type: "scatter", mode: "lines", name: "best so far", x: bestX, y: bestY, line: { shape: "hv", width: 2.5, color: "#111827" },
        hoverinfo: "skip", meta: { role: "best" },
      },
    ];
    const layout = baseLayout(`${options.metric}: each trial and the best so far (${options.goal})`, {
      xaxis: axis(byTime ? "time the trial ended" : "trial number", byTime ? { type: "date" } : { rangemode: "tozero" }),
      yaxis: axis(options.metric),
      legend: { orientation: "h", y: -0.2 },
    });
    const drawn = Plotly.react(div, traces, layout, config);
    bindClick(div, options.onTrial, p => (p.customdata ? p.customdata[0] : null));
    return drawn;
  }

  // A multi-objective sweep's trade-offs (front: the API's /front). Two objectives: every trial with both values, the
  // front's trials larger and joined, infeasible trials as red crosses. Three or more: the front's trials as lines across
  // one axis per objective (each axis spans the front's range, better up), drawn as plain lines so no WebGL is needed.
  function paretoFront(div, rows, front, options) {
    const objectives = front.objectives;
    const onFront = new Set(front.front);
    const has = r => objectives.every((_, i) => typeof (r.values || [])[i] === "number");
    const done = rows.filter(r => has(r) && r.state !== "Running" && r.state !== "Queued");
    if (!done.length) {
      empty(div, "No finished trial has a value for every objective yet.");
      return;
    }
    const hover = r => `<b>trial ${r.id}</b>${onFront.has(r.number) ? " (on the front)" : ""}<br>` +
      objectives.map((o, i) => `${o.metric}: ${Number(r.values[i]).toPrecision(5)}`).join("<br>") +
      (r.infeasibility ? `<br>infeasible: ${r.infeasibility}` : "");
    const frontRows = done.filter(r => onFront.has(r.number));
    if (objectives.length === 2) {
      const point = (rs, extra) => Object.assign({
        type: "scatter", x: rs.map(r => r.values[0]), y: rs.map(r => r.values[1]), customdata: rs.map(r => [r.number]),
        text: rs.map(hover), hovertemplate: "%{text}<extra></extra>",
      }, extra);
      const sorted = [...frontRows].sort((a, b) => a.values[0] - b.values[0]);
      const traces = [
        point(done.filter(r => !onFront.has(r.number) && !r.infeasibility), { mode: "markers", name: "other trials", marker: { size: 7, color: "#9aa4b2" }, meta: { role: "others" } }),
        point(done.filter(r => r.infeasibility), { mode: "markers", name: "infeasible", marker: { size: 8, symbol: "x", color: "#c81e1e" }, meta: { role: "infeasible" } }),
        point(sorted, { mode: "lines+markers", name: "Pareto front", marker: { size: 11, color: "#2f5bd3", line: { width: 1, color: "#111827" } }, line: { color: "#2f5bd3", width: 1.5, dash: "dot" }, meta: { role: "front" } }),
      ];
      const layout = baseLayout(`${objectives[0].metric} (${objectives[0].goal}) against ${objectives[1].metric} (${objectives[1].goal}): ${frontRows.length} trials on the front`, {
        xaxis: axis(`${objectives[0].metric} (${objectives[0].goal})`), yaxis: axis(`${objectives[1].metric} (${objectives[1].goal})`), legend: { orientation: "h", y: -0.2 },
      });
      Plotly.react(div, traces, layout, config);
      bindClick(div, options.onTrial, p => (p.customdata ? p.customdata[0] : null));
      return;
    }
    const dims = objectives.map((o, i) => ({ label: `${o.metric} (${o.goal})`, values: frontRows.map(r => r.values[i]), flip: o.goal === "minimize" }));
    linesAcrossAxes(div, frontRows, dims, {
      title: `The ${frontRows.length} trials on the Pareto front, one line each across the objectives (better is up)`,
      color: (_, k) => colorOf(k), hover, onTrial: options.onTrial, legend: frontRows.length <= 12,
    });
  }

  // Parallel coordinates drawn as plain SVG lines (no WebGL): one vertical axis per dimension ({label, values,
  // tickvals/ticktext or range as for parcoords, flip: better is down}), one line per row. Used for the front of three or
  // more objectives, and for the parameters when the browser has no WebGL (parcoords needs it).
  function linesAcrossAxes(div, rows, dims, options) {
    const xs = dims.map((_, i) => i);
    const scale = dims.map(d => {
      const lo = d.range ? Math.min(...d.range) : Math.min(...d.values), hi = d.range ? Math.max(...d.range) : Math.max(...d.values);
      return v => {
        const u = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        return d.flip ? 1 - u : u;
      };
    });
    const traces = rows.map((r, k) => ({
      type: "scatter", mode: "lines+markers", name: `trial ${r.id}`, x: xs, y: dims.map((d, i) => scale[i](d.values[k])),
      customdata: xs.map(() => [r.number]), text: xs.map(() => options.hover(r)), hovertemplate: "%{text}<extra></extra>",
      line: { color: options.color(r, k), width: 2 }, marker: { size: 6, color: options.color(r, k) }, meta: { role: "line" },
    }));
    const shapes = xs.map(i => ({ type: "line", x0: i, x1: i, y0: 0, y1: 1, line: { color: "#667085", width: 1 } }));
    const annotations = dims.flatMap((d, i) => {
      const ticks = d.tickvals
        ? d.tickvals.map((v, j) => ({ v, text: d.ticktext[j] }))
        : [Math.min(...d.values), Math.max(...d.values)].map(v => ({ v, text: Number(v).toPrecision(4) }));
      return ticks.map(t => ({ x: i, y: scale[i](t.v), text: String(t.text), showarrow: false, xanchor: "right", xshift: -4, font: { size: 10, color: "#475467" } }));
    });
    const layout = baseLayout(options.title, {
      xaxis: axis("", { tickvals: xs, ticktext: dims.map(d => d.label), range: [-0.5, dims.length - 0.7], zeroline: false, showgrid: false }),
      yaxis: { visible: false, range: [-0.08, 1.08] }, shapes, annotations, showlegend: !!options.legend,
    });
    Plotly.react(div, traces, layout, config);
    bindClick(div, options.onTrial, p => (p.customdata ? p.customdata[0] : null));
  }

  // Whether the browser can draw WebGL (parcoords needs it; some remote desktops and locked-down machines cannot).
  let webgl = null;
  function hasWebGL() {
    if (webgl === null) {
      try {
        const canvas = document.createElement("canvas");
        webgl = !!(window.WebGLRenderingContext && (canvas.getContext("webgl") || canvas.getContext("experimental-webgl")));
      } catch {
        webgl = false;
      }
    }
    return webgl;
  }

  // Viridis at t in [0, 1] (for lines colored by a value without a WebGL colorscale).
  function viridis(t) {
    const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
    const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1), i = Math.min(Math.floor(x), stops.length - 2), f = x - i;
    const c = stops[i].map((v, j) => Math.round(v + (stops[i + 1][j] - v) * f));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  // How the front's hypervolume grew as trials finished (one reference point for the whole sweep).
  function hypervolumeHistory(div, front) {
    const points = front.hypervolume;
    if (!points.length) {
      empty(div, "No trial has finished yet.");
      return;
    }
    const trace = {
      type: "scatter", mode: "lines+markers", name: "hypervolume", x: points.map((_, i) => i + 1), y: points.map(p => p.hypervolume),
      customdata: points.map(p => [p.number]), line: { shape: "hv", width: 2.5, color: "#111827" }, marker: { size: 5 },
      hovertemplate: "after %{x} finished trials (the last: trial %{customdata[0]})<br>hypervolume %{y:.5g}<extra></extra>",
    };
    const reference = front.objectives.map((o, i) => `${o.metric} ${Number(front.reference[i]).toPrecision(4)}`).join(", ");
    const layout = baseLayout(`hypervolume of the front over finished trials (reference point ${reference})`, {
      xaxis: axis("finished trials", { rangemode: "tozero" }), yaxis: axis("hypervolume", { rangemode: "tozero" }), showlegend: false,
    });
    Plotly.react(div, [trace], layout, config);
  }

  // The empirical distribution (EDF) of the objective: for each value v, the share of finished trials at or below v.
  function edf(div, rows, options) {
    const values = rows.filter(r => typeof r.value === "number").map(r => r.value).sort((a, b) => a - b);
    if (!values.length) {
      empty(div, "No trial has a value yet.");
      return;
    }
    const trace = {
      type: "scatter", mode: "lines", name: options.metric, x: values, y: values.map((_, i) => (i + 1) / values.length),
      line: { shape: "hv", width: 2.5, color: "#2f5bd3" }, hovertemplate: `${options.metric} ≤ %{x:.5g}: %{y:.0%} of the trials<extra></extra>`,
    };
    const layout = baseLayout(`empirical distribution of ${options.metric} (${values.length} trials)`, {
      xaxis: axis(options.metric), yaxis: axis("share of trials at or below", { range: [0, 1.02], tickformat: ".0%" }), showlegend: false,
    });
    Plotly.react(div, [trace], layout, config);
  }

  // When each trial ran and where (one row per host), colored by state; a trial still running ends now.
  function timeline(div, rows, options) {
    const ran = rows.filter(r => r.started_at);
    if (!ran.length) {
      empty(div, "No trial has started yet.");
      return;
    }
    const now = options.now || new Date();
    const states = [...new Set(ran.map(r => r.state))];
    // Each trial is a thick segment from its start to its end on its host's row (segments, not bars: Plotly's
    // horizontal bars do not take a date base in every build).
    const traces = states.map(state => {
      const these = ran.filter(r => r.state === state);
      const x = [], y = [], customdata = [];
      for (const r of these) {
        const host = r.host || "this machine";
        x.push(plotlyDate(r.started_at), plotlyDate(r.ended_at ? new Date(r.ended_at) : now), null);
        y.push(host, host, null);
        customdata.push([r.number, r.id], [r.number, r.id], null);
      }
      return {
        type: "scatter", mode: ran.length > manyPoints ? "lines" : "lines+markers", name: state.toLowerCase(), x, y, customdata,
        line: { color: stateColors[state] || "#2f5bd3", width: 10 }, marker: { size: 4, color: stateColors[state] || "#2f5bd3" },
        hovertemplate: "<b>trial %{customdata[1]}</b><br>%{x}<extra>%{fullData.name}</extra>",
        meta: { state, trials: these.length },
      };
    });
    const layout = baseLayout("when each trial ran, and where", {
      xaxis: axis("time", { type: "date" }), yaxis: axis("host", { type: "category" }),
      legend: { orientation: "h", y: -0.25 },
    });
    Plotly.react(div, traces, layout, config);
    bindClick(div, options.onTrial, p => p.customdata[0]);
  }

  // Slice plots: the objective against every parameter at once, one small panel each (log axes for log-scaled
  // parameters, categories for choices), each trial a dot colored by its number so the same trial can be followed.
  function slices(div, rows, parameters, options) {
    const points = rows.filter(r => typeof r.value === "number");
    if (!points.length || !parameters.length) {
      empty(div, "No trial has a value yet.");
      return;
    }
    const columns = Math.min(3, parameters.length);
    const rowsCount = Math.ceil(parameters.length / columns);
    const layout = baseLayout(`${options.metric} against each parameter`, {
      grid: { rows: rowsCount, columns, pattern: "independent", xgap: 0.12, ygap: 0.3 },
      showlegend: false,
      height: Math.max(320, 260 * rowsCount),
    });
    const traces = parameters.map((p, i) => {
      const n = i === 0 ? "" : String(i + 1);
      layout[`xaxis${n}`] = p.kind === "category"
        ? axis(p.name, { type: "category", categoryorder: "array", categoryarray: p.categories || undefined })
        : axis(p.log ? `${p.name} (log)` : p.name, { type: p.log ? "log" : "linear", exponentformat: "power" });
      layout[`yaxis${n}`] = axis(i % columns === 0 ? options.metric : "");
      const these = points.filter(r => r.parameters[p.name] !== undefined && r.parameters[p.name] !== null);
      return {
        type: scatterType(points.length), mode: "markers", xaxis: `x${n}`, yaxis: `y${n}`, name: p.name,
        x: these.map(r => r.parameters[p.name]), y: these.map(r => r.value), customdata: these.map(r => [r.number, r.id]),
        marker: { size: 8, color: these.map(r => r.number), colorscale: "Viridis", opacity: 0.85, line: { color: "#fff", width: 1 } },
        hovertemplate: `<b>trial %{customdata[1]}</b><br>${p.name} = %{x}<br>${options.metric} = %{y:.5g}<extra></extra>`,
        meta: { parameter: p.name },
      };
    });
    Plotly.react(div, traces, layout, config);
    bindClick(div, options.onTrial, pt => pt.customdata[0]);
  }

  // The objective over two parameters: a colored surface of an inverse-distance-weighted interpolation of the trials' values on a
  // 40 x 40 grid (computed on each axis's own scale: log for log parameters, the value's position for choices), with
  // the trials as dots on top, so the good region and how well it was sampled show together.
  function contour(div, rows, px, py, options) {
    const points = rows.filter(r => typeof r.value === "number" && r.parameters[px.name] != null && r.parameters[py.name] != null);
    if (points.length < 3 || px.name === py.name) {
      empty(div, px.name === py.name ? "Pick two different parameters." : "Needs at least 3 trials with a value.");
      return;
    }
    const scale = p => {
      if (p.kind === "category") {
        const cats = p.categories && p.categories.length ? p.categories.map(String) : [...new Set(points.map(r => String(r.parameters[p.name])))];
        return { to: v => cats.indexOf(String(v)), from: i => i, axis: { type: "linear", tickvals: cats.map((_, i) => i), ticktext: cats, title: { text: p.name } }, cats };
      }
      if (p.log) return { to: v => Math.log10(v), from: u => Math.pow(10, u), axis: { type: "log", title: { text: `${p.name} (log)` }, exponentformat: "power" } };
      return { to: v => v, from: u => u, axis: { type: "linear", title: { text: p.name } } };
    };
    const sx = scale(px), sy = scale(py);
    // The surface interpolates at most 2,000 trials (every k-th by number, for a large sweep): 40 x 40 cells times
    // 10,000 trials would take the page a second; the dots still show every trial.
    const step = Math.ceil(points.length / 2000);
    const basis = step > 1 ? points.filter((_, i) => i % step === 0) : points;
    const u = basis.map(r => sx.to(r.parameters[px.name])), v = basis.map(r => sy.to(r.parameters[py.name]));
    const range = a => { const lo = Math.min(...a), hi = Math.max(...a); return hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5]; };
    const [ulo, uhi] = range(u), [vlo, vhi] = range(v);
    const n = 40, gu = [], gv = [], z = [];
    for (let i = 0; i < n; i++) { gu.push(ulo + (uhi - ulo) * i / (n - 1)); gv.push(vlo + (vhi - vlo) * i / (n - 1)); }
    for (const yv of gv) {
      const row = [];
      for (const xu of gu) {
        let wsum = 0, vsum = 0;
        for (let k = 0; k < basis.length; k++) {
          const du = (xu - u[k]) / (uhi - ulo), dv = (yv - v[k]) / (vhi - vlo);
          const w = 1 / Math.pow(du * du + dv * dv + 1e-9, 2);
          wsum += w;
          vsum += w * basis[k].value;
        }
        row.push(vsum / wsum);
      }
      z.push(row);
    }
    // The surface is drawn as a grid of square markers (the bundled Plotly, gl2d, has no contour or heatmap trace),
    // each as wide as a grid cell on screen.
    const cell = Math.max(4, Math.ceil(Math.max((div.clientWidth || 800) - 200, (div.clientHeight || 420) - 110) / n) + 1);
    const flat = { x: [], y: [], z: [] };
    gv.forEach((yv, j) => gu.forEach((xu, i) => { flat.x.push(sx.from(xu)); flat.y.push(sy.from(yv)); flat.z.push(z[j][i]); }));
    const traces = [
      {
        type: "scatter", mode: "markers", x: flat.x, y: flat.y, z,
        marker: { symbol: "square", size: cell, color: flat.z, colorscale: "Viridis", reversescale: options.goal === "minimize", colorbar: { title: { text: options.metric } }, line: { width: 0 } },
        hoverinfo: "skip", meta: { role: "surface" },
      },
      {
        type: scatterType(points.length), mode: "markers", x: points.map(r => (sx.cats ? sx.to(r.parameters[px.name]) : r.parameters[px.name])),
        y: points.map(r => (sy.cats ? sy.to(r.parameters[py.name]) : r.parameters[py.name])), customdata: points.map(r => [r.number, r.id, r.value]),
        marker: { size: 8, color: "#fff", line: { color: "#111827", width: 1.5 } }, name: "trials",
        hovertemplate: `<b>trial %{customdata[1]}</b><br>${options.metric} = %{customdata[2]:.5g}<extra></extra>`, meta: { role: "trials" },
      },
    ];
    const layout = baseLayout(`${options.metric} over ${px.name} and ${py.name}`, {
      xaxis: axis(null, sx.axis), yaxis: axis(null, sy.axis), showlegend: false,
    });
    Plotly.react(div, traces, layout, config);
    bindClick(div, options.onTrial, p => (p.customdata ? p.customdata[0] : null));
  }

  return { metricOverIntervals, parallelCoordinates, metricAgainstParameter, trialMetric, optimizationHistory, edf, timeline, slices, contour, paretoFront, hypervolumeHistory, brushed, hasWebGL, colorOf, stateColors };
})();
