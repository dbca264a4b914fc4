/* Lessonkit's watch mode (make watch): reload the page when a rebuild lands, and show the build's problems at the
   top of the page until the lesson file is fixed. Added by the preview server only; built files never carry it. */
(function () {
  "use strict";
  if (window.top !== window) return; /* a page shown inside the preview reloads with it */
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-build") : null;
  var banner = document.getElementById("lessonkit-status"); /* the server shows the problems a page opens on */

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.setAttribute("style", style);
    return node;
  }

  function show(status) {
    var problems = status.problems || [], warnings = status.warnings || [];
    if (!banner) {
      banner = element("section", "", "position:sticky;top:0;z-index:2147483647;margin:0;padding:0;" +
                       "font:16px/1.4 system-ui,sans-serif;");
      banner.id = "lessonkit-status";
      banner.setAttribute("aria-label", "Lessonkit build status");
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.textContent = "";
    if (status.state === "building") {
      banner.appendChild(element("p", "Rebuilding…", "margin:0;padding:.4rem 1rem;background:#1f3a5f;color:#fff;"));
    }
    if (problems.length) {
      var box = element("div", "", "padding:.6rem 1rem;background:#fff4f4;color:#1a1a1a;border-bottom:3px solid #9e2a2b;");
      box.setAttribute("role", "alert");
      box.appendChild(element("p", problems.length === 1 ? "1 problem: this page shows the last good build." :
                              problems.length + " problems: this page shows the last good build.",
                              "margin:0 0 .3rem;font-weight:700;"));
      box.appendChild(element("pre", problems.join("\n"), "margin:0;white-space:pre-wrap;font:14px/1.4 monospace;"));
      banner.appendChild(box);
    }
    if (warnings.length) {
      var details = element("details", "", "padding:.3rem 1rem;background:#fffbe6;color:#1a1a1a;border-bottom:1px solid #8c6d00;");
      details.appendChild(element("summary", warnings.length === 1 ? "1 warning" : warnings.length + " warnings"));
      details.appendChild(element("pre", warnings.join("\n"), "margin:.3rem 0 0;white-space:pre-wrap;font:14px/1.4 monospace;"));
      banner.appendChild(details);
    }
  }

  /* A page's own sticky parts (the preview's plan) sit below the banner: its height is --lessonkit-banner. */
  function measure() {
    var height = banner ? banner.offsetHeight : 0;
    document.documentElement.style.setProperty("--lessonkit-banner", height + "px");
  }
  measure();

  var source = new EventSource("/_lessonkit/events");
  source.addEventListener("status", function (event) {
    var status = JSON.parse(event.data);
    var current = status.instance + ":" + status.generation;
    if (status.state === "current" && shown !== null && current !== shown) {
      source.close();
      window.location.reload();
      return;
    }
    show(status);
    measure();
  });
})();
