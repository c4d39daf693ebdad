"use strict";
// A light drawing of the optimization history on a <canvas> (issue 17), shown from the first view's data before the
// chart library (1.6 MB) is parsed and before its WebGL chart is set up (0.4 s in software for 10,000 points): the same
// points (each trial's value by trial number, coloured by state, infeasible ones as crosses) and the same best-so-far
// line as the interactive chart, with axes and labels. It lies over the chart's box; the interactive chart is drawn
// under it and the preview is removed once that is on screen (sweep.js).
window.HSPreview = (() => {
  const stateColors = { Completed: "#1f8a4c", Running: "#2f6fd6", Terminated: "#c2410c", Failed: "#c81e1e", Canceled: "#6b7280", Queued: "#8b95a5" };
  const fontFamily = "system-ui, -apple-system, 'Segoe UI', 'Liberation Sans', sans-serif";
  // The interactive chart's margins (charts.js baseLayout), the bottom one with its legend below the plot.
  const margin = { l: 64, r: 24, t: 44, b: 86 };

  function ticks(lo, hi, count) {
    const raw = (hi - lo) / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(m => m * power).find(s => raw <= s) || 10 * power;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }

  // Tick labels as Plotly writes them: 2k, 10k for thousands, else up to 6 significant digits.
  const label = v => (Math.abs(v) >= 1000 && v % 1000 === 0 ? `${v / 1000}k` : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : String(Number(v.toPrecision(6))));

  // points: rows with number, value, state and infeasibility (as the first view's history); by trial number only.
  // Returns the number of points drawn (0: nothing drawn, the interactive chart says there is no value yet).
  function history(div, points, options) {
    const done = points.filter(r => typeof r.value === "number").sort((a, b) => a.number - b.number);
    clear(div);
    if (!done.length || !div.clientWidth) return 0;
    const better = (a, b) => (options.goal === "maximize" ? a > b : a < b);
    let best = null;
    const bestLine = [];
    done.forEach((r, i) => {
      const improves = !r.infeasibility && (best === null || better(r.value, best));
      if (improves) best = r.value;
      if ((improves || i === done.length - 1) && best !== null) bestLine.push([r.number, best]);
    });

    const width = div.clientWidth, height = div.clientHeight;
    const canvas = document.createElement("canvas");
    canvas.className = "chart-preview";
    canvas.dataset.points = String(done.length);
    canvas.dataset.best = String(bestLine.length);
    canvas.setAttribute("aria-label", `${options.metric}: each trial and the best so far (loading the interactive chart)`);
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    Object.assign(canvas.style, { position: "absolute", left: "0", top: "0", width: `${width}px`, height: `${height}px`, zIndex: "1", background: "#fff" });
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);

    let xmax = done[done.length - 1].number;
    let ymin = Infinity, ymax = -Infinity;
    for (const r of done) { if (r.value < ymin) ymin = r.value; if (r.value > ymax) ymax = r.value; }
    const ypad = (ymax - ymin) * 0.05 || Math.abs(ymax) * 0.1 || 1;
    ymin -= ypad; ymax += ypad;
    xmax = xmax + Math.max(xmax * 0.06, 1);
    const px = { l: margin.l, r: width - margin.r, t: margin.t, b: height - margin.b };
    const X = n => px.l + (n / xmax) * (px.r - px.l);
    const Y = v => px.b - ((v - ymin) / (ymax - ymin)) * (px.b - px.t);

    g.font = `14px ${fontFamily}`;
    g.fillStyle = "#1d2330";
    g.textBaseline = "middle";
    g.fillText(`${options.metric}: each trial and the best so far (${options.goal})`, width * 0.01, 18);

    // Grid and tick labels.
    g.font = `12px ${fontFamily}`;
    g.strokeStyle = "#eceff3";
    g.lineWidth = 1;
    g.textAlign = "center";
    g.textBaseline = "top";
    for (const t of ticks(0, xmax, Math.max(3, Math.round((px.r - px.l) / 200)))) {
      const x = Math.round(X(t)) + 0.5;
      g.beginPath(); g.moveTo(x, px.t); g.lineTo(x, px.b); g.stroke();
      g.fillText(label(t), x, px.b + 6);
    }
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (const t of ticks(ymin, ymax, Math.max(3, Math.round((px.b - px.t) / 40)))) {
      const y = Math.round(Y(t)) + 0.5;
      g.beginPath(); g.moveTo(px.l, y); g.lineTo(px.r, y); g.stroke();
      g.fillText(label(t), px.l - 6, y);
    }
    g.textAlign = "center";
    g.fillText("trial number", (px.l + px.r) / 2, px.b + 40);
    g.save();
    g.translate(16, (px.t + px.b) / 2);
    g.rotate(-Math.PI / 2);
    g.fillText(options.metric, 0, 0);
    g.restore();

    // The points, one path per colour; infeasible trials as crosses.
    const byColor = new Map();
    for (const r of done) {
      const color = stateColors[r.state] || "#2f5bd3";
      if (!byColor.has(color)) byColor.set(color, []);
      byColor.get(color).push(r);
    }
    for (const [color, rows] of byColor) {
      g.fillStyle = color;
      g.strokeStyle = color;
      g.lineWidth = 1.5;
      g.beginPath();
      for (const r of rows) {
        if (r.infeasibility) continue;
        const x = X(r.number), y = Y(r.value);
        g.moveTo(x + 3.5, y);
        g.arc(x, y, 3.5, 0, 2 * Math.PI);
      }
      g.fill();
      g.beginPath();
      for (const r of rows) {
        if (!r.infeasibility) continue;
        const x = X(r.number), y = Y(r.value);
        g.moveTo(x - 3.5, y - 3.5); g.lineTo(x + 3.5, y + 3.5);
        g.moveTo(x + 3.5, y - 3.5); g.lineTo(x - 3.5, y + 3.5);
      }
      g.stroke();
    }

    // The best so far, as a step line (horizontal, then vertical).
    if (bestLine.length) {
      g.strokeStyle = "#111827";
      g.lineWidth = 2.5;
      g.beginPath();
      bestLine.forEach(([n, v], i) => {
        if (i === 0) g.moveTo(X(n), Y(v)); else { g.lineTo(X(n), Y(bestLine[i - 1][1])); g.lineTo(X(n), Y(v)); }
      });
      g.stroke();
    }

    // The legend, as the interactive chart's (below the plot).
    const ly = height - 17;
    let lx = px.l;
    g.textAlign = "left";
    g.fillStyle = "#1f8a4c";
    g.beginPath(); g.arc(lx + 10, ly, 3.5, 0, 2 * Math.PI); g.fill();
    g.fillStyle = "#1d2330";
    g.fillText("trial value", lx + 24, ly);
    lx += 24 + g.measureText("trial value").width + 24;
    g.strokeStyle = "#111827";
    g.beginPath(); g.moveTo(lx, ly); g.lineTo(lx + 20, ly); g.stroke();
    g.fillText("best so far", lx + 26, ly);

    if (getComputedStyle(div).position === "static") div.style.position = "relative";
    div.appendChild(canvas);
    return done.length;
  }

  function clear(div) {
    for (const c of div.querySelectorAll(":scope > canvas.chart-preview")) c.remove();
  }

  return { history, clear };
})();
