"use strict";
// The trial page: parameters and arguments, state history, every metric series as a chart, stdout, stderr and files.
(() => {
  const { el, fmt, duration, time, badge, getJson, getText } = HS;
  const [, , sweepId, , number] = location.pathname.split("/").map(x => decodeURIComponent(x));
  const api = `/api/sweeps/${sweepId}/trials/${number}`;
  const logSizes = {};
  let chartKey = null;

  async function load() {
    const d = await getJson(api);
    render(d);
    await Promise.all(["stdout", "stderr"].map(stream => loadLog(d, stream)));
  }

  function render(d) {
    const t = d.trial, s = d.sweep;
    document.title = `Trial ${t.id} · ${s.name} · Hypersweep`;
    const crumb = document.getElementById("crumb-sweep");
    crumb.textContent = s.name;
    crumb.href = `/sweeps/${s.id}`;
    document.getElementById("crumb-trial").textContent = `trial ${t.id}`;
    const item = (k, ...v) => el("div", {}, el("div", { class: "k" }, k), el("div", { class: "v" }, ...v));
    document.getElementById("summary").replaceChildren(...[
      el("div", { class: "title-row" }, el("h1", {}, `Trial ${t.id}`), badge(t.state), d.is_best ? el("span", { class: "chip" }, "★ best trial of the sweep") : null),
      t.message ? el("p", { class: "message", id: "trial-message" }, t.message) : null,
      el("div", { class: "summary-grid" },
        item(`${s.primary_metric} (best, ${s.goal})`, fmt(t.value)),
        item("intervals logged", t.intervals),
        item("duration", duration(t.duration_seconds)),
        item("started", time(t.started_at)),
        item("ended", time(t.ended_at)),
        item("exit code", t.exit_code ?? "–"),
        item("sweep", el("a", { href: `/sweeps/${s.id}` }, `${s.name} (id ${s.id})`))),
    ].filter(Boolean));

    const info = Object.fromEntries(d.parameter_info.map(p => [p.name, p]));
    document.getElementById("params-table").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {}, "parameter"), el("th", { class: "num" }, "value"), el("th", {}, "distribution"))),
      el("tbody", {}, Object.entries(t.parameters).map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", { class: "num" }, fmt(v)), el("td", { class: "muted" }, info[k]?.distribution || "")))));
    document.getElementById("arguments").textContent = d.command_line;

    document.getElementById("history-table").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {}, "state"), el("th", {}, "time"), el("th", {}, "why"))),
      el("tbody", {}, d.events.map(e => el("tr", { "data-state": e.state }, el("td", {}, badge(e.state)), el("td", {}, time(e.time)), el("td", { class: "msg" }, e.message || "")))));

    renderCharts(d);

    document.getElementById("folder").textContent = d.folder;
    const files = document.getElementById("files");
    files.replaceChildren(...(d.files.length
      ? d.files.map(f => el("li", {}, el("a", { href: HS.withToken(`${api}/files/${f.path.split("/").map(encodeURIComponent).join("/")}`) }, f.path), ` (${size(f.size)})`))
      : [el("li", { class: "muted" }, "The trial's folder has no files.")]));
  }

  function renderCharts(d) {
    const grid = document.getElementById("metric-charts");
    const key = d.metrics.map(m => m.name).join("\u0001");
    if (key !== chartKey) {
      chartKey = key;
      grid.replaceChildren(...d.metrics.map((m, i) => el("div", { class: "chart", id: `metric-chart-${i}`, "data-metric": m.name })));
    }
    document.getElementById("metric-count").textContent = `${d.metrics.length} metric${d.metrics.length === 1 ? "" : "s"} logged`;
    if (!d.metrics.length) {
      grid.replaceChildren(el("p", { class: "muted" }, "This trial has not logged any metric."));
      chartKey = null;
      return;
    }
    d.metrics.forEach((m, i) => HSCharts.trialMetric(document.getElementById(`metric-chart-${i}`), m, {
      primary: m.name === d.sweep.primary_metric, state: d.trial.state, color: HSCharts.colorOf(i),
    }));
  }

  async function loadLog(d, stream) {
    const pre = document.getElementById(stream);
    const info = document.getElementById(`${stream}-info`);
    const log = d.logs[stream];
    if (!log || !log.exists) {
      pre.textContent = "";
      info.textContent = `no ${stream}.txt (in-process trials write no logs)`;
      return;
    }
    info.textContent = `${stream}.txt, ${size(log.size)}${log.size > 256 * 1024 ? " (the last 256 KB)" : ""}`;
    if (logSizes[stream] === log.size) return;
    logSizes[stream] = log.size;
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    const text = await getText(`${api}/logs/${stream}`);
    pre.textContent = text.length ? text : `(${stream}.txt is empty)`;
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }

  function size(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  HS.live(`/api/sweeps/${sweepId}/events`, load);
})();
