"use strict";
// The sweep page (and, with window.HYPERSWEEP_REPORT set, the self-contained report): summary, best trial, the metric
// over intervals for every trial, parallel coordinates, metric against a parameter, and the sortable, filterable trials table.
(() => {
  const { el, fmt, duration, time, badge, firstLine, numericFilter, report, getJson } = HS;
  const sweepId = report ? report.detail.sweep.id : Number(location.pathname.split("/")[2]);
  const api = `/api/sweeps/${sweepId}`;
  const state = {
    detail: null, trials: [], best: null, series: {}, importance: null, front: null,
    metric: null, scatterParam: null, scatterMetric: null, contourX: null, contourY: null,
    sort: { key: "trial", dir: 1 }, filters: {}, brushed: null, columnsKey: null, columns: [], page: 0, cursor: null,
    // While only the first view is in (see showFirst): the sweep's trial count and every trial's value for the history.
    partial: null,
    hidden: new Set(loadHidden()),
    compared: new Set(),
  };

  // The columns the user hid in the trials table, kept per sweep in the browser (localStorage), so a wide sweep's table
  // can show what matters; the trial column always shows.
  function loadHidden() {
    try {
      return JSON.parse(localStorage.getItem(`hypersweep-hidden-columns-${sweepId}`) || "[]");
    } catch {
      return [];
    }
  }

  function saveHidden() {
    try {
      localStorage.setItem(`hypersweep-hidden-columns-${sweepId}`, JSON.stringify([...state.hidden]));
    } catch {
      // Storage may be off (private windows, some file:// pages): the choice lasts for this page only.
    }
  }

  function renderColumnChoices(all) {
    const box = document.getElementById("column-choices");
    box.replaceChildren(...all.filter(c => c.key !== "trial").map(c => el("label", { class: "column-choice" },
      el("input", {
        type: "checkbox", "data-column": c.key, checked: state.hidden.has(c.key) ? null : "checked",
        onchange: e => {
          if (e.target.checked) state.hidden.delete(c.key); else state.hidden.add(c.key);
          saveHidden();
          renderTable();
        },
      }), " ", c.label)));
  }

  const trialHref = n => (report ? null : `/sweeps/${sweepId}/trials/${n}`);
  const openTrial = n => { if (!report) location.href = trialHref(n); };
  const primary = () => state.detail.sweep.primary_metric;
  const bestNumber = () => (state.best ? state.best.trial.number : null);

  async function load() {
    if (report) {
      state.detail = report.detail;
      state.trials = report.trials;
      state.best = report.best;
      state.series = report.metrics;
      state.importance = report.importance;
      state.front = report.front;
    } else {
      // First the first view (read without every trial's metrics: a large sweep's take most of a second, and the
      // store answers one query at a time), shown at once; then everything else asked for together (the dashboard
      // reads the sweep once for requests that come together): the summary, best trial and table show as soon as
      // their answers are in, the importances and the metric chart when theirs are (they take longer to compute).
      // The primary metric's series is asked for without its name.
      if (state.detail === null) {
        try {
          showFirst(await getJson(`${api}/first-view`));
        } catch (error) {
          console.warn(error); // the full views below say what is wrong
        }
      }
      const since = state.cursor ? `?since=${encodeURIComponent(state.cursor)}` : "";
      const chosen = state.metric && state.detail && state.metric !== primary() ? state.metric : null;
      const importance = getJson(`${api}/importance`);
      const series = { primary: getJson(`${api}/metrics`), chosen: chosen && getJson(`${api}/metrics?name=${encodeURIComponent(chosen)}`) };
      // Failures surface where each is awaited; these keep one that comes first from counting as unhandled.
      for (const pending of [importance, series.primary, series.chosen]) if (pending) pending.catch(() => {});
      const [detail, changes, best] = await Promise.all([getJson(api), getJson(`${api}/changes${since}`), getJson(`${api}/best`)]);
      state.partial = null;
      state.detail = detail;
      merge(changes);
      state.best = best;
      state.front = detail.objectives.length > 1 ? await getJson(`${api}/front`) : null;
      state.series = { [detail.sweep.primary_metric]: series.primary, ...(chosen ? { [chosen]: series.chosen } : {}) };
      render();
      state.importance = await importance;
      renderImportance();
      await Promise.all(Object.values(state.series));
      return;
    }
    render();
  }

  // A large sweep's full views take a while (every trial's metrics are read); its first view does not: the summary,
  // the best trial, the first page of the table and the optimization history show from it until they arrive.
  function showFirst(first) {
    state.detail = first.detail;
    state.best = first.best;
    state.trials = first.trials;
    const h = first.history;
    const infeasible = new Set(h.infeasible);
    state.partial = {
      total: first.total,
      points: h.numbers.map((number, i) => ({
        number, id: `${sweepId}-${number}`, value: h.values[i], state: h.states[i], infeasibility: infeasible.has(number) ? "infeasible" : null, ended_at: null,
      })),
    };
    render();
  }

  // Whether the page shows the sweep at this version (what the events stream announces).
  const shows = version => state.detail !== null && state.detail.version === version;

  // The first fetch brings every row; each live refresh only the rows that changed since the cursor of the last answer
  // (the dashboard numbers what changes), which replace the page's rows of the same trials.
  function merge(changes) {
    if (changes.full) {
      state.trials = changes.trials;
    } else if (changes.trials.length) {
      const at = new Map(state.trials.map((r, i) => [r.number, i]));
      const trials = state.trials.slice();
      for (const row of changes.trials) {
        if (at.has(row.number)) trials[at.get(row.number)] = row; else trials.push(row);
      }
      state.trials = trials.sort((a, b) => a.number - b.number);
    }
    state.cursor = changes.cursor;
  }

  // A metric's series (the page keeps the answer, or the request under way, per metric).
  async function seriesOf(metric) {
    if (!state.series[metric] && !report) state.series[metric] = getJson(`${api}/metrics?name=${encodeURIComponent(metric)}`);
    return (await state.series[metric]) || { name: metric, trials: [] };
  }

  function render() {
    const d = state.detail;
    document.title = report ? `${d.sweep.name} · Hypersweep report` : `${d.sweep.name} · Hypersweep`;
    document.getElementById("crumb-name").textContent = `${d.sweep.name} (id ${d.sweep.id})`;
    if (report) for (const a of document.querySelectorAll("a.nav-link, a.brand")) a.removeAttribute("href");
    state.metric = state.metric && d.metrics.includes(state.metric) ? state.metric : primary();
    state.scatterMetric = state.scatterMetric && d.metrics.includes(state.scatterMetric) ? state.scatterMetric : primary();
    if (!state.scatterParam || !d.parameters.some(p => p.name === state.scatterParam)) state.scatterParam = d.parameters.length ? d.parameters[0].name : null;
    renderSummary();
    renderBest();
    renderImportance();
    renderFront();
    fillSelect("metric-select", d.metrics, state.metric, v => { state.metric = v; drawMetric(); });
    fillSelect("scatter-metric", d.metrics, state.scatterMetric, v => { state.scatterMetric = v; drawScatter(); });
    fillSelect("scatter-param", d.parameters.map(p => p.name), state.scatterParam, v => { state.scatterParam = v; drawScatter(); });
    const names = d.parameters.map(p => p.name);
    if (!names.includes(state.contourX)) state.contourX = names[0] || null;
    if (!names.includes(state.contourY)) state.contourY = names[1] || names[0] || null;
    fillSelect("contour-x", names, state.contourX, v => { state.contourX = v; drawContour(); });
    fillSelect("contour-y", names, state.contourY, v => { state.contourY = v; drawContour(); });
    renderTable();
    renderCompare();
    document.getElementById("spec").textContent = d.spec;
    if (state.partial) {
      // The history from the first view: at once as a light preview (preview.js), then, once the frame showing it is
      // produced and the chart library is parsed, the interactive chart, which replaces it.
      const div = document.getElementById("history-chart");
      if (!div._fullLayout && document.getElementById("history-axis").value === "number") {
        HSPreview.history(div, state.partial.points, { metric: primary(), goal: state.detail.sweep.goal });
      }
      afterFrame().then(loadCharts);
      chartLibrary.then(() => { if (state.partial) drawHistory(); });
    } else {
      drawCharts();
    }
  }

  // Resolves after the next frame is produced (a task after the frame that follows this one has started).
  const afterFrame = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));

  // --- charts: those in view at once, the others when scrolled to or when the page is idle --------------------------

  // Each chart of a large sweep costs tens to hundreds of milliseconds to draw (seconds for WebGL drawn in software),
  // so the summary and the table show first, then the charts in view, then the others one at a time while the page
  // is idle (a chart scrolled into view before its turn is drawn at once). Keys in the order of the page.
  const charts = {
    "history-chart": () => drawHistory(),
    "slices-chart": () => HSCharts.slices(document.getElementById("slices-chart"), state.trials, state.detail.parameters, { metric: primary(), onTrial: openTrial }),
    "contour-chart": () => drawContour(),
    "edf-chart": () => HSCharts.edf(document.getElementById("edf-chart"), state.trials, { metric: primary() }),
    "timeline-chart": () => HSCharts.timeline(document.getElementById("timeline-chart"), state.trials, { onTrial: openTrial, now: report ? new Date(report.generated_at) : new Date() }),
    "metric-chart": () => drawMetric(),
    "parcoords-chart": () => drawParcoords(),
    "scatter-chart": () => drawScatter(),
  };
  const stale = new Set();
  // The chart library (1.6 MB) and charts.js are in a <template> at the end of sweep.html (inlined there in the report)
  // and run only when loadCharts is called: once the first view is on screen, or when the full views are drawn. Parsing
  // the library takes about half a second of a CPU, which would otherwise delay the first view and slow the dashboard
  // answering it on a shared machine; the browser fetches it meanwhile (preloaded at low priority, below).
  let loadCharts;
  const chartLibrary = new Promise(resolve => { loadCharts = resolve; }).then(runChartScripts);
  if (!report) {
    for (const href of ["/assets/plotly.min.js", "/assets/charts.js"]) {
      document.head.append(el("link", { rel: "preload", as: "script", href, fetchpriority: "low" }));
    }
  }

  async function runChartScripts() {
    if (document.readyState === "loading") await new Promise(resolve => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
    const template = document.getElementById("chart-scripts");
    if (!template) return;
    template.remove();
    for (const inert of template.content.querySelectorAll("script")) {
      await new Promise((resolve, reject) => {
        const script = document.createElement("script");
        if (inert.hasAttribute("src")) {
          script.src = inert.getAttribute("src");
          script.async = false;
          script.onload = resolve;
          script.onerror = () => reject(new Error(`${script.src} did not load`));
          document.body.append(script);
        } else {
          script.text = inert.text;
          document.body.append(script);
          resolve();
        }
      });
    }
  }
  const inView = "IntersectionObserver" in window ? new IntersectionObserver(entries => {
    for (const entry of entries) if (entry.isIntersecting) drawChart(entry.target.id);
  }) : null;
  let idleQueued = false;

  async function drawCharts() {
    loadCharts();
    await chartLibrary;
    for (const id of Object.keys(charts)) {
      if (id === "history-chart" && historyShows()) continue;
      stale.add(id);
      if (inView) {
        // Observed again, so the observer reports at once whether the chart is in view.
        const div = document.getElementById(id);
        inView.unobserve(div);
        inView.observe(div);
      }
    }
    drawWhenIdle();
  }

  function drawChart(id) {
    if (stale.delete(id)) charts[id]();
  }

  function drawWhenIdle() {
    if (idleQueued || !stale.size) return;
    idleQueued = true;
    const next = () => {
      idleQueued = false;
      const [id] = stale;
      if (id === undefined) return;
      drawChart(id);
      drawWhenIdle();
    };
    if (window.requestIdleCallback) requestIdleCallback(next, { timeout: 100 }); else setTimeout(next, 0);
  }

  function fillSelect(id, values, current, onChange) {
    const select = document.getElementById(id);
    const key = values.join("\u0001");
    if (select.dataset.key !== key) {
      select.replaceChildren(...values.map(v => el("option", { value: v }, v)));
      select.dataset.key = key;
      select.onchange = () => onChange(select.value);
    }
    select.value = current;
  }

  function renderSummary() {
    const d = state.detail, s = d.sweep, c = s.counts;
    const ended = s.ended_at ? new Date(s.ended_at) : new Date();
    const total = Math.max(s.max_total_trials || c.total, c.total, 1);
    const bar = el("div", { class: "progress" });
    for (const st of ["completed", "terminated", "failed", "canceled", "running"]) {
      if (c[st]) bar.append(el("i", { class: st, style: `width:${(100 * c[st]) / total}%` }));
    }
    const chips = el("div", { class: "chips" }, ["completed", "running", "terminated", "failed", "canceled", "queued"]
      .filter(st => c[st]).map(st => el("span", { class: "chip", "data-count": st }, `${c[st]} ${st}`)));
    const item = (k, ...v) => el("div", {}, el("div", { class: "k" }, k), el("div", { class: "v" }, ...v));
    document.getElementById("summary").replaceChildren(
      el("div", { class: "title-row" },
        el("h1", {}, s.name), badge(s.state),
        s.message ? el("span", { class: "message" }, s.message) : null,
        report ? null : el("a", { href: HS.withToken(`${api}/report`), class: "chip", download: "" }, "Download HTML report")),
      el("div", { class: "summary-grid" },
        item("objective", `${s.goal} ${s.primary_metric}`),
        item("progress", bar, el("div", { class: "progress-text" }, `${c.finished} of ${s.max_total_trials ?? "?"} trials finished, ${c.running} running`)),
        item("best", s.best ? (report ? `${fmt(s.best.value)} (trial ${s.best.id})` : el("a", { href: trialHref(s.best.number) }, `${fmt(s.best.value)} (trial ${s.best.id})`)) : "–"),
        item("trials", chips),
        item("sampler", s.sampler),
        item("early termination", d.early_termination || s.policy || "none"),
        item("concurrency", s.max_concurrent_trials ?? "–"),
        item("created", time(s.created_at)),
        item(s.ended_at ? "ran for" : "running for", duration((ended - new Date(s.created_at)) / 1000)),
        item("trial folders", el("code", {}, d.folder)),
        Object.keys(s.tags || {}).length ? item("tags", ...Object.entries(s.tags).map(([k, v]) => el("span", { class: "chip tag", "data-tag": k }, `${k}=${v}`))) : null,
        s.note ? item("note", el("span", { class: "note" }, s.note)) : null));
  }

  function renderBest() {
    const box = document.getElementById("best");
    const b = state.best;
    if (!b) {
      box.replaceChildren(el("p", { class: "muted" }, `No finished trial has logged ${primary()} yet.`));
      return;
    }
    const t = b.trial;
    const metrics = el("table", { class: "data compact" }, el("thead", {}, el("tr", {}, el("th", {}, "metric"), el("th", { class: "num" }, "last value"))),
      el("tbody", {}, Object.entries(t.metrics).map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", { class: "num" }, fmt(v))))));
    const params = el("table", { class: "data compact" }, el("thead", {}, el("tr", {}, el("th", {}, "parameter"), el("th", { class: "num" }, "value"))),
      el("tbody", {}, Object.entries(t.parameters).map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", { class: "num" }, fmt(v))))));
    box.replaceChildren(el("div", { class: "best-grid" },
      el("div", {},
        el("div", { class: "big", id: "best-value" }, fmt(t.value)),
        el("div", { class: "muted" }, `best ${primary()} (${state.detail.sweep.goal}) of ${t.intervals} logged`),
        el("p", {}, report ? `trial ${t.id}` : el("a", { href: trialHref(t.number), id: "best-link" }, `trial ${t.id}`), " ", badge(t.state)),
        el("div", { class: "muted" }, `ran ${duration(t.duration_seconds)}`)),
      el("div", {}, el("h3", {}, "Final metrics"), metrics),
      el("div", {}, el("h3", {}, "Parameters"), params, el("h3", {}, "Arguments"), el("pre", { class: "command" }, b.command_line))));
  }

  // A multi-objective sweep: the front (scatter, or lines across the objectives for three or more) and its hypervolume.
  function renderFront() {
    const card = document.getElementById("front-card");
    const f = state.front;
    card.hidden = !(f && f.objectives.length > 1);
    if (card.hidden) return;
    const last = f.hypervolume.length ? f.hypervolume[f.hypervolume.length - 1].hypervolume : 0;
    document.getElementById("front-info").textContent =
      `${f.front.length} trials on the front (no other trial is at least as good on every objective and better on one); hypervolume ${fmt(last)}` +
      (state.detail.constraints.length ? `; infeasible trials (${state.detail.constraints.join(", ")}) never count` : "");
    chartLibrary.then(() => {
      HSCharts.paretoFront(document.getElementById("front-chart"), state.trials, f, { onTrial: openTrial });
      HSCharts.hypervolumeHistory(document.getElementById("hypervolume-chart"), f);
    });
  }

  // PED-ANOVA importances (computed on the server): one bar per parameter, most important first.
  function renderImportance() {
    const box = document.getElementById("importance");
    const imp = state.importance;
    if (!imp && !report) {
      box.replaceChildren(el("p", { class: "muted" }, "Computing…"));
      return;
    }
    if (!imp || !imp.parameters.length) {
      box.replaceChildren(el("p", { class: "muted" }, `Needs at least ${imp ? imp.min_trials : 10} finished trials with a value of ${primary()}.`));
      return;
    }
    box.replaceChildren(
      el("table", { class: "data compact importance" },
        el("tbody", {}, imp.parameters.map(p => el("tr", { "data-parameter": p.name },
          el("td", {}, p.name),
          el("td", { class: "num" }, p.importance.toFixed(3)),
          el("td", { class: "bar-cell" }, el("div", { class: "bar", style: `width: ${(100 * p.importance).toFixed(1)}%` })))))),
      el("p", { class: "muted" }, `How differently each parameter's values spread among the best ${Math.round(100 * imp.top_quantile)}% of the finished trials than among all of them (PED-ANOVA, on the scale it is sampled on); the shares sum to 1.`));
  }

  async function drawMetric() {
    const metric = state.metric;
    const series = await seriesOf(metric);
    if (metric !== state.metric) return;
    HSCharts.metricOverIntervals(document.getElementById("metric-chart"), series, {
      goal: state.detail.sweep.goal, primary: metric === primary(), bestNumber: bestNumber(), onTrial: openTrial,
    });
  }

  function drawParcoords() {
    const div = document.getElementById("parcoords-chart");
    HSCharts.parallelCoordinates(div, state.trials, state.detail.parameters, {
      metric: primary(), goal: state.detail.sweep.goal, onTrial: openTrial,
      onSelect: numbers => { state.brushed = numbers; state.page = 0; renderRows(); },
    });
    if (!HSCharts.hasWebGL()) document.getElementById("brush-info").textContent = "This browser has no WebGL, so the axes cannot be brushed; click a line to open its trial.";
  }

  function drawContour() {
    const px = state.detail.parameters.find(p => p.name === state.contourX);
    const py = state.detail.parameters.find(p => p.name === state.contourY);
    if (!px || !py) return;
    HSCharts.contour(document.getElementById("contour-chart"), state.trials, px, py, { metric: primary(), goal: state.detail.sweep.goal, onTrial: openTrial });
  }

  // What the optimization history was last drawn from: the sweep's version (which changes with any trial's state or
  // value) and the axis. The first view's history is every value already, so the full views need not draw it again.
  let historyDrawn = null;
  const historyShows = () => historyDrawn !== null && historyDrawn.version === state.detail.version
    && historyDrawn.axis === document.getElementById("history-axis").value;

  function drawHistory() {
    const axis = document.getElementById("history-axis").value;
    // The first view has no end times: by time, the full rows draw it.
    historyDrawn = state.partial && axis === "time" ? null : { version: state.detail.version, axis };
    const div = document.getElementById("history-chart");
    const drawn = HSCharts.optimizationHistory(div, state.partial ? state.partial.points : state.trials, {
      metric: primary(), goal: state.detail.sweep.goal, axis: document.getElementById("history-axis").value, onTrial: openTrial,
    });
    // The preview (if any) goes once the interactive chart is on screen, so the box never shows empty.
    Promise.resolve(drawn).catch(() => {}).then(() => requestAnimationFrame(() => requestAnimationFrame(() => HSPreview.clear(div))));
  }

  function drawScatter() {
    const div = document.getElementById("scatter-chart");
    const parameter = state.detail.parameters.find(p => p.name === state.scatterParam);
    if (!parameter) return;
    HSCharts.metricAgainstParameter(div, state.trials, parameter, {
      metric: state.scatterMetric, primary: state.scatterMetric === primary(), bestNumber: bestNumber(), onTrial: openTrial,
    });
  }

  // --- the trials table -------------------------------------------------------------------------------------------

  // Why a trial ended (or that it broke a constraint): the first line of its message.
  const note = r => (r.infeasibility ? `infeasible: ${r.infeasibility}` : r.state === "Completed" ? "" : firstLine(r.message));

  function columnsFor(d) {
    const others = d.metrics.filter(m => m !== d.sweep.primary_metric && !d.objectives.some(o => o.metric === m));
    return [
      { key: "trial", label: "trial", type: "number", value: r => r.number, cell: r => trialCell(r) },
      { key: "state", label: "state", type: "state", value: r => r.state, cell: r => badge(r.state) },
      ...d.parameters.map(p => ({ key: "p:" + p.name, label: p.name, type: p.kind === "number" ? "number" : "text", value: r => r.parameters[p.name] ?? null })),
      { key: "value", label: `${d.sweep.primary_metric} (best)`, type: "number", value: r => r.value },
      ...d.objectives.slice(1).map((o, i) => ({ key: "o:" + o.metric, label: `${o.metric} (last, ${o.goal})`, type: "number", value: r => (r.values || [])[i + 1] ?? null })),
      ...(state.front ? [{ key: "front", label: "on front", type: "text", value: r => (state.front.front.includes(r.number) ? "yes" : "") }] : []),
      ...others.map(m => ({ key: "m:" + m, label: `${m} (last)`, type: "number", value: r => r.metrics[m] ?? null })),
      { key: "intervals", label: "intervals", type: "number", value: r => r.intervals },
      { key: "duration", label: "duration", type: "number", value: r => r.duration_seconds, cell: r => duration(r.duration_seconds) },
      { key: "note", label: "why it ended", type: "text", value: r => note(r), cell: r => note(r), cls: "note" },
    ];
  }

  function trialCell(r) {
    const star = r.number === bestNumber() ? el("span", { class: "star", title: "best trial" }, "★") : null;
    const pick = el("input", {
      type: "checkbox", class: "compare-pick", title: "compare this trial", "data-compare": r.number,
      checked: state.compared.has(r.number) ? "checked" : null,
      onclick: e => e.stopPropagation(),
      onchange: e => {
        if (e.target.checked) state.compared.add(r.number); else state.compared.delete(r.number);
        renderCompare();
      },
    });
    return el("span", {}, pick, " ", report ? r.id : el("a", { href: trialHref(r.number) }, r.id), star);
  }

  // The trials picked in the table, side by side: state, every parameter, the objective and every metric's last value
  // (the best of each row marked), and the primary metric of each over its steps.
  async function renderCompare() {
    const card = document.getElementById("compare-card");
    const picked = state.trials.filter(r => state.compared.has(r.number)).sort((a, b) => a.number - b.number);
    card.hidden = picked.length === 0;
    if (!picked.length) return;
    const d = state.detail;
    document.getElementById("compare-info").textContent = `${picked.length} trial${picked.length === 1 ? "" : "s"} (tick more in the table)`;
    const others = d.metrics.filter(m => m !== d.sweep.primary_metric);
    const better = (a, b) => (d.sweep.goal === "maximize" ? a > b : a < b);
    const line = (label, values, ranked) => {
      let best = null;
      if (ranked) for (const v of values) if (typeof v === "number" && (best === null || better(v, best))) best = v;
      return el("tr", {}, el("th", {}, label), values.map(v => el("td", { class: "num" + (ranked && v === best && picked.length > 1 ? " best-cell" : "") }, fmt(v))));
    };
    document.getElementById("compare-table").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {}, ""), picked.map(r => el("th", { class: "num" }, r.id)))),
      el("tbody", {},
        el("tr", {}, el("th", {}, "state"), picked.map(r => el("td", { class: "num" }, badge(r.state)))),
        d.parameters.map(p => line(p.name, picked.map(r => r.parameters[p.name]), false)),
        line(`${primary()} (best)`, picked.map(r => r.value), true),
        others.map(m => line(`${m} (last)`, picked.map(r => r.metrics[m]), false)),
        line("duration (s)", picked.map(r => r.duration_seconds), false)));
    let series = await seriesOf(primary());
    // A large sweep's series holds only some curves (see the metric chart): fetch the picked trials' own.
    if (series.band && !report) series = await getJson(`${api}/metrics?name=${encodeURIComponent(primary())}&numbers=${picked.map(r => r.number).join(",")}`);
    const shown = { name: series.name, trials: series.trials.filter(t => state.compared.has(t.number)) };
    await chartLibrary;
    HSCharts.metricOverIntervals(document.getElementById("compare-chart"), shown, {
      goal: d.sweep.goal, primary: true, bestNumber: bestNumber(), onTrial: openTrial,
    });
  }

  // The trials as CSV (RFC 4180): the rows shown (filtered, sorted), with every parameter, the objective, every
  // metric's last value, the state, intervals, duration, times and why a trial ended. Built in the page, so the
  // offline report exports too.
  function trialsCsv() {
    const d = state.detail;
    const others = d.metrics.filter(m => m !== d.sweep.primary_metric);
    const header = ["trial", "id", "state", ...d.parameters.map(p => p.name), `${d.sweep.primary_metric} (best)`, ...others.map(m => `${m} (last)`),
      "intervals", "duration_seconds", "started_at", "ended_at", "message"];
    const quote = v => {
      if (v === null || v === undefined) return "";
      const text = String(v);
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const rows = visibleRows().map(r => [r.number, r.id, r.state, ...d.parameters.map(p => r.parameters[p.name]), r.value,
      ...others.map(m => r.metrics[m]), r.intervals, r.duration_seconds, r.started_at, r.ended_at, r.message]);
    return [header, ...rows].map(row => row.map(quote).join(",")).join("\r\n") + "\r\n";
  }

  function downloadCsv() {
    const blob = new Blob([trialsCsv()], { type: "text/csv;charset=utf-8" });
    const link = el("a", { href: URL.createObjectURL(blob), download: `sweep-${sweepId}-${state.detail.sweep.name}-trials.csv` });
    document.body.append(link);
    link.click();
    link.remove();
  }

  function renderTable() {
    const all = columnsFor(state.detail);
    renderColumnChoices(all);
    const columns = all.filter(c => c.key === "trial" || !state.hidden.has(c.key));
    const key = columns.map(c => c.key).join("\u0001");
    if (key !== state.columnsKey) {
      state.columnsKey = key;
      state.columns = columns;
      buildHead();
    } else {
      state.columns = columns;
    }
    renderRows();
  }

  function buildHead() {
    const table = document.getElementById("trials-table");
    const titles = el("tr", { class: "titles" }, state.columns.map(c => el("th", {
      class: "sortable" + (c.type === "number" ? " num" : ""), "data-key": c.key, title: "sort by " + c.label,
      onclick: () => { state.sort = { key: c.key, dir: state.sort.key === c.key ? -state.sort.dir : (c.type === "number" && c.key !== "trial" ? -1 : 1) }; state.page = 0; renderRows(); },
    }, c.label, el("span", { class: "arrow" }))));
    const filters = el("tr", { class: "filters" }, state.columns.map(c => el("th", {}, filterInput(c))));
    table.replaceChildren(el("thead", {}, titles, filters), el("tbody"));
  }

  function filterInput(c) {
    if (c.type === "state") {
      const select = el("select", { "data-filter": c.key, onchange: e => { state.filters[c.key] = e.target.value; state.page = 0; renderRows(); } },
        el("option", { value: "" }, "all"), ["Completed", "Running", "Terminated", "Failed", "Canceled", "Queued"].map(s => el("option", { value: s }, s.toLowerCase())));
      select.value = state.filters[c.key] || "";
      return select;
    }
    const input = el("input", { type: "search", "data-filter": c.key, placeholder: c.type === "number" ? ">0.5, 1..3" : "contains", oninput: e => { state.filters[c.key] = e.target.value; state.page = 0; renderRows(); } });
    input.value = state.filters[c.key] || "";
    return input;
  }

  function matches(row) {
    if (state.brushed && !state.brushed.includes(row.number)) return false;
    for (const c of state.columns) {
      const f = (state.filters[c.key] || "").trim();
      if (!f) continue;
      const v = c.value(row);
      if (c.type === "state") {
        if (v !== f) return false;
      } else if (c.type === "number" && numericFilter(f)) {
        if (v === null || v === undefined || typeof v !== "number" || !numericFilter(f)(v)) return false;
      } else {
        const text = v === null || v === undefined ? "" : typeof v === "number" ? `${fmt(v)} ${v}` : String(v);
        if (!text.toLowerCase().includes(f.toLowerCase())) return false;
      }
    }
    return true;
  }

  function compare(a, b) {
    const c = state.columns.find(x => x.key === state.sort.key) || state.columns[0];
    const va = c.value(a), vb = c.value(b);
    const missingA = va === null || va === undefined || va === "", missingB = vb === null || vb === undefined || vb === "";
    if (missingA || missingB) return missingA === missingB ? a.number - b.number : missingA ? 1 : -1;
    const order = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb), undefined, { numeric: true });
    return order === 0 ? a.number - b.number : order * state.sort.dir;
  }

  const visibleRows = () => state.trials.filter(matches).sort(compare);

  // The table shows one page of rows at a time: a sweep of 10,000 trials would be 10,000 rows of elements to build.
  const pageSize = 100;

  function renderRows() {
    const table = document.getElementById("trials-table");
    if (!table.tHead) return;
    for (const th of table.tHead.querySelectorAll("tr.titles th")) {
      th.querySelector(".arrow").textContent = th.dataset.key === state.sort.key ? (state.sort.dir > 0 ? "▲" : "▼") : "";
    }
    // Before every row is in (state.partial), the first page by number, unsorted and unfiltered.
    const partial = state.partial;
    const rows = partial ? state.trials : visibleRows();
    const count = partial ? partial.total : rows.length;
    const pages = Math.max(1, Math.ceil(count / pageSize));
    if (!partial) state.page = Math.min(Math.max(state.page, 0), pages - 1);
    const page = partial ? 0 : state.page;
    const first = page * pageSize;
    const body = el("tbody", {}, rows.slice(first, first + pageSize).map(r => el("tr", {
      class: `row-${r.state.toLowerCase()}${r.number === bestNumber() ? " best" : ""}`, "data-trial": r.number, "data-state": r.state,
    }, state.columns.map(c => el("td", {
      class: [c.type === "number" ? "num" : "", c.cls || ""].join(" ").trim() || null,
      title: c.key === "note" && r.message ? r.message : null,
    }, c.cell ? c.cell(r) : fmt(c.value(r)))))));
    table.tBodies[0].replaceWith(body);
    const all = partial ? partial.total : state.trials.length;
    document.getElementById("trial-count").textContent = partial ? `${all} trials (sorting and filtering once every row is in)`
      : rows.length === all ? `${all} trials` : `${rows.length} of ${all} trials shown`;
    document.getElementById("pager").hidden = pages === 1;
    document.getElementById("page-info").textContent = `rows ${count ? first + 1 : 0}–${Math.min(first + pageSize, count)} of ${count}`;
    document.getElementById("page-prev").disabled = page === 0 || partial !== null;
    document.getElementById("page-next").disabled = page === pages - 1 || partial !== null;
    const info = document.getElementById("brush-info");
    const clear = document.getElementById("clear-brush");
    if (state.brushed) {
      info.textContent = `${state.brushed.length} trials inside the selection; the table shows only them.`;
      clear.hidden = false;
    } else {
      info.textContent = "Drag along any axis to select trials; the table follows.";
      clear.hidden = true;
    }
  }

  document.getElementById("clear-brush").addEventListener("click", () => {
    const div = document.getElementById("parcoords-chart");
    const update = {};
    div.data[0].dimensions.forEach((_, i) => { update[`dimensions[${i}].constraintrange`] = null; });
    Plotly.restyle(div, update);
    state.brushed = null;
    renderRows();
  });
  document.getElementById("download-csv").addEventListener("click", downloadCsv);
  document.getElementById("page-prev").addEventListener("click", () => { state.page -= 1; renderRows(); });
  document.getElementById("page-next").addEventListener("click", () => { state.page += 1; renderRows(); });
  document.getElementById("clear-compare").addEventListener("click", () => {
    state.compared.clear();
    for (const box of document.querySelectorAll("input.compare-pick")) box.checked = false;
    renderCompare();
  });
  document.getElementById("history-axis").addEventListener("change", drawHistory);
  document.getElementById("clear-filters").addEventListener("click", () => {
    state.filters = {};
    state.page = 0;
    for (const input of document.querySelectorAll("[data-filter]")) input.value = "";
    renderRows();
  });

  HS.live(`${api}/events`, load, shows);
})();
