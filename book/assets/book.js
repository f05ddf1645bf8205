// Draws the book's figures once the page has loaded: each <div data-figure> holds its spec in a JSON <script>.
// plotly figures go to Plotly.newPlot, vega-lite and vega specs to vegaEmbed (SVG renderer); the SVG the kernel
// drew stays visible if a library is missing or fails.
"use strict";
(function () {
  function draw(holder) {
    var kind = holder.getAttribute("data-figure");
    var spec = JSON.parse(holder.querySelector("script[type='application/json']").textContent);
    var target = document.createElement("div");
    target.className = "figure-target";
    holder.insertBefore(target, holder.firstChild);
    var fallback = holder.querySelector(".figure-fallback");
    var done = function () {
      holder.setAttribute("data-drawn", "true");
      if (fallback) fallback.style.display = "none";
    };
    var failed = function (error) {
      holder.setAttribute("data-drawn", "failed");
      console.error("depthlab book: a " + kind + " figure failed to draw: " + (error && error.message ? error.message : error));
    };
    if (kind === "plotly") {
      if (typeof Plotly === "undefined") return failed(new Error("plotly.min.js is not loaded"));
      var config = Object.assign({ responsive: true, displaylogo: false }, spec.config || {});
      return Plotly.newPlot(target, spec.data || [], spec.layout || {}, config).then(done, failed);
    }
    if (typeof vegaEmbed === "undefined") return failed(new Error("vega-embed.min.js is not loaded"));
    var options = { mode: kind, renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } };
    return vegaEmbed(target, spec, options).then(done, failed);
  }
  function drawAll() {
    var holders = document.querySelectorAll("[data-figure]");
    for (var i = 0; i < holders.length; i++) {
      try {
        draw(holders[i]);
      } catch (error) {
        holders[i].setAttribute("data-drawn", "failed");
        console.error("depthlab book: " + error);
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
