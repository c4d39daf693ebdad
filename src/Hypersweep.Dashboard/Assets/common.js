"use strict";
// Shared helpers of the dashboard pages: fetching, formatting, DOM building and live updates.
const HS = (() => {
  const report = window.HYPERSWEEP_REPORT || null;

  // The dashboard's token, when it has one: given once as ?token= in the address 'hypersweep dashboard' printed, then
  // kept in this origin's storage (its port included, so no other local service can read it) and dropped from the
  // address bar. Data requests send it as a header; streams and downloads, which cannot, in the query.
  const token = (() => {
    if (report) return null;
    const params = new URLSearchParams(location.search);
    const given = params.get("token");
    if (given) {
      try { localStorage.setItem("hypersweep_token", given); } catch (_) { /* storage disabled: this page still works */ }
      params.delete("token");
      const rest = params.toString();
      history.replaceState(null, "", location.pathname + (rest ? `?${rest}` : "") + location.hash);
      return given;
    }
    try { return localStorage.getItem("hypersweep_token"); } catch (_) { return null; }
  })();

  function authorized(headers) {
    return token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
  }

  // A data URL a browser opens by itself (an event stream, a download link), with the token in its query.
  function withToken(url) {
    return token ? `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}` : url;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: authorized({ Accept: "application/json" }), credentials: "omit" });
    if (response.status === 204) return null;
    if (!response.ok) throw new Error(await problem(response));
    return response.json();
  }

  async function getText(url) {
    const response = await fetch(url, { headers: authorized({}), credentials: "omit" });
    if (!response.ok) throw new Error(await problem(response));
    return response.text();
  }

  async function problem(response) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = body.detail || body.title || detail;
    } catch (_) { /* not JSON */ }
    return `${response.status} ${detail}`;
  }

  // el("a", { href: "/", class: "x" }, "text", child) builds an element; attributes starting with "on" are listeners.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function fmt(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    if (typeof value !== "number") return String(value);
    if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
    return String(Number(value.toPrecision(5)));
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    if (seconds < 60) return seconds.toFixed(1) + " s";
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`;
    return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")} min`;
  }

  function time(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    const pad = n => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function badge(state) {
    return el("span", { class: "badge state-" + state.toLowerCase(), "data-state": state }, state.toLowerCase());
  }

  function firstLine(text) {
    return text ? String(text).split("\n")[0] : "";
  }

  function showError(error) {
    const box = document.getElementById("error");
    if (!box) return;
    if (error) {
      box.textContent = "Could not load: " + (error.message || error);
      box.hidden = false;
    } else {
      box.hidden = true;
    }
  }

  // Runs refresh() now and on every change event of the stream at url; refreshes never overlap, and a change that
  // arrives during one triggers one more. An event carries the version of the data it announces: when shows(version)
  // says the page already shows it (the stream's first event, sent as it opens, usually does), nothing is fetched.
  function live(url, refresh, shows) {
    let running = false;
    let again = false;
    let announced = null;
    const current = () => announced !== null && shows && shows(announced);
    const run = async () => {
      if (running) { again = true; return; }
      running = true;
      try {
        do {
          again = false;
          await refresh();
          showError(null);
        } while (again && !current());
      } catch (error) {
        showError(error);
        console.warn(error);
      } finally {
        running = false;
      }
    };
    if (report) {
      run();
      return;
    }
    // The page draws from its first fetch at once, whatever the stream does (a proxy may hold it back); the stream's
    // events then bring each change (its first, sent as it opens, catches what changed while it connected).
    run();
    const indicator = document.getElementById("live");
    const source = new EventSource(withToken(url));
    source.addEventListener("changed", e => {
      announced = e.data;
      if (!current()) run();
    });
    source.onopen = () => { if (indicator) { indicator.className = "live on"; indicator.textContent = "live"; } };
    source.onerror = () => {
      if (indicator) { indicator.className = "live off"; indicator.textContent = "reconnecting…"; }
    };
    window.addEventListener("beforeunload", () => source.close());
  }

  async function showStore() {
    const node = document.getElementById("store");
    if (!node) return;
    if (report) {
      node.textContent = `report generated ${time(report.generated_at)} from ${report.store}`;
      const liveNode = document.getElementById("live");
      if (liveNode) liveNode.textContent = "static report";
      return;
    }
    try {
      const info = await getJson("/api/info");
      node.textContent = info.store;
      node.title = info.store;
    } catch (_) { /* the page shows its own error */ }
  }

  document.addEventListener("DOMContentLoaded", showStore);

  // A numeric filter: ">0.5", "<=3", "=2", "0.1..0.5", or a plain number (equal); null when the text is not one.
  function numericFilter(text) {
    const t = text.trim();
    let m = /^(<=|>=|<|>|=)\s*(-?[\d.eE+-]+)$/.exec(t);
    if (m) {
      const v = Number(m[2]);
      if (Number.isNaN(v)) return null;
      return { ">": x => x > v, "<": x => x < v, ">=": x => x >= v, "<=": x => x <= v, "=": x => x === v }[m[1]];
    }
    m = /^(-?[\d.eE+-]+)\s*\.\.\s*(-?[\d.eE+-]+)$/.exec(t);
    if (m) {
      const lo = Number(m[1]), hi = Number(m[2]);
      if (Number.isNaN(lo) || Number.isNaN(hi)) return null;
      return x => x >= lo && x <= hi;
    }
    return null;
  }

  return { report, withToken, getJson, getText, el, fmt, duration, time, badge, firstLine, showError, live, numericFilter };
})();
