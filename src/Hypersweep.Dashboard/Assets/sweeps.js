"use strict";
// The sweeps page: every sweep in the store with its state, progress, best value, sampler and policy.
(() => {
  const { el, fmt, duration, time, badge } = HS;
  const states = ["Completed", "Terminated", "Failed", "Canceled", "Running"];

  function progress(s) {
    const c = s.counts;
    const total = Math.max(s.max_total_trials || c.total, c.total, 1);
    const bar = el("div", { class: "progress", title: `${c.finished} finished, ${c.running} running of ${s.max_total_trials ?? "?"} trials` });
    for (const state of states) {
      const n = c[state.toLowerCase()];
      if (n > 0) bar.append(el("i", { class: state.toLowerCase(), style: `width:${(100 * n) / total}%` }));
    }
    const parts = [`${c.finished}/${s.max_total_trials ?? c.total} done`];
    if (c.running) parts.push(`${c.running} running`);
    if (c.terminated) parts.push(`${c.terminated} terminated`);
    if (c.failed) parts.push(`${c.failed} failed`);
    if (c.canceled) parts.push(`${c.canceled} canceled`);
    return el("div", {}, bar, el("div", { class: "progress-text" }, parts.join(" · ")));
  }

  // A sweep's tags (hypersweep tag) as chips and its note, under its name.
  function labels(s) {
    const tags = Object.entries(s.tags || {});
    if (!tags.length && !s.note) {
      return null;
    }
    return el("div", { class: "labels" },
      ...tags.map(([k, v]) => el("span", { class: "chip tag", "data-tag": k }, `${k}=${v}`)),
      s.note ? el("div", { class: "progress-text note", title: s.note }, s.note) : null);
  }

  function render(sweeps) {
    const table = document.getElementById("sweeps-table");
    document.getElementById("sweep-count").textContent = `${sweeps.length} sweep${sweeps.length === 1 ? "" : "s"}`;
    const head = el("thead", {}, el("tr", {},
      ["id", "name", "state", "progress", "best", "objective", "sampler", "policy", "created", "duration"].map(h =>
        el("th", { class: ["id", "best"].includes(h) ? "num" : null }, h))));
    const body = el("tbody");
    for (const s of [...sweeps].reverse()) {
      const ended = s.ended_at ? new Date(s.ended_at) : new Date();
      body.append(el("tr", { "data-sweep": s.id, class: "row-" + s.state.toLowerCase() },
        el("td", { class: "num" }, s.id),
        el("td", {}, el("a", { href: `/sweeps/${s.id}` }, s.name), labels(s)),
        el("td", {}, badge(s.state), s.message ? el("div", { class: "progress-text", title: s.message }, s.message) : null),
        el("td", {}, progress(s)),
        el("td", { class: "num" }, s.best ? el("a", { href: `/sweeps/${s.id}/trials/${s.best.number}`, title: `trial ${s.best.id}` }, fmt(s.best.value)) : "–"),
        el("td", {}, `${s.goal} ${s.primary_metric}`),
        el("td", {}, s.sampler),
        el("td", {}, s.policy || "none"),
        el("td", {}, time(s.created_at)),
        el("td", {}, duration((ended - new Date(s.created_at)) / 1000))));
    }
    if (!sweeps.length) {
      body.append(el("tr", {}, el("td", { colspan: 10, class: "muted" }, "No sweeps in this store yet: run one with 'hypersweep run sweep.yml'.")));
    }
    table.replaceChildren(head, body);
  }

  HS.live("/api/events", async () => render(await HS.getJson("/api/sweeps")));
})();
