/* One customs-kg view: reads the JSON island, draws it with vis-network.
   All text from the minutes goes into the page through textContent, never as
   markup; positions are precomputed, so physics stays off. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function tooltip(head, sub, lines, evidence) {
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-head", head));
    if (sub) box.appendChild(el("div", "kg-tip-sub", sub));
    (lines || []).forEach(function (l) { box.appendChild(el("div", "kg-tip-line", l)); });
    (evidence || []).forEach(function (e) {
      var q = el("blockquote", "kg-tip-ev", e.text);
      if (e.doc) q.appendChild(el("cite", null, "— " + e.doc));
      box.appendChild(q);
    });
    return box;
  }

  var styles = data.styles;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function nodeColour(n) {
    var st = styles[n.cls] || { colour: "#cccccc", shape: "dot" };
    return n.colour || st.colour;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var st = styles[n.cls] || { colour: "#cccccc", shape: "dot" };
    var c = nodeColour(n);
    return {
      id: n.id, label: n.label, fullLabel: n.full, cls: n.cls, url: n.url || null,
      x: n.x, y: n.y, size: n.size, shape: st.shape, hidden: false,
      borderWidth: n.centre ? 4 : 1,
      color: { background: c, border: "#333333", highlight: { background: c, border: "#000000" },
               hover: { background: c, border: "#000000" } },
      title: tooltip(n.full, n.cls, n.lines, n.ev)
    };
  }));

  var edges = new vis.DataSet(data.edges.map(function (e) {
    var kind = e.kind.split(", ")[0];
    var c = data.edgeColours[kind] || "#999999";
    var from = byId[e.from], to = byId[e.to];
    return {
      id: e.id, from: e.from, to: e.to, kind: e.kind,
      width: Math.min(1 + Math.log2(e.weight || 1), 6),
      arrows: data.directed ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined,
      color: { color: c, highlight: c, hover: c, opacity: 0.75 },
      title: tooltip(e.kind, from.full + (data.directed ? " → " : " — ") + to.full, e.lines, e.ev)
    };
  }));

  var big = data.nodes.length > 1000;
  var options = {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: true },
    nodes: { font: { size: 12, face: "system-ui, sans-serif" } },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1.5 }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;

  /* details panel: a copy of the tooltip, so the sentence stays readable */
  var details = document.getElementById("kg-details");
  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    var box = tooltip(n.full, n.cls, n.lines, n.ev);
    if (n.url) {
      var a = el("a", null, "Open the page of " + n.full);
      a.href = n.url;
      box.appendChild(a);
    }
    details.replaceChildren(box);
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    details.replaceChildren(e.title.cloneNode(true));
  }
  network.on("hoverNode", function (p) { showNode(p.node); });
  network.on("hoverEdge", function (p) { showEdge(p.edge); });
  network.on("click", function (p) {
    if (p.nodes.length === 1) {
      var n = byId[p.nodes[0]];
      if (n && n.url) { window.location.href = n.url; }
    } else if (p.edges.length === 1) {
      showEdge(p.edges[0]);
    }
  });

  /* the timeline's axis: one line per month */
  if (data.ticks && data.ticks.length) {
    var ys = data.nodes.map(function (n) { return n.y; });
    var top = Math.min.apply(null, ys) - 60, bottom = Math.max.apply(null, ys) + 60;
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.strokeStyle = "#e3e3e3";
      ctx.fillStyle = "#777777";
      ctx.font = "13px system-ui, sans-serif";
      data.ticks.forEach(function (t) {
        ctx.beginPath(); ctx.moveTo(t[0], top); ctx.lineTo(t[0], bottom); ctx.stroke();
        ctx.fillText(t[1], t[0] + 3, top + 14);
      });
      ctx.restore();
    });
  }

  /* legend and filters: one checkbox per class */
  var counts = {};
  data.nodes.forEach(function (n) { counts[n.cls] = (counts[n.cls] || 0) + 1; });
  function setClassVisible(cls, visible) {
    var changed = nodes.get({ filter: function (n) { return n.cls === cls; } })
      .map(function (n) { return { id: n.id, hidden: !visible }; });
    nodes.update(changed);
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    document.getElementById("kg-node-count").textContent = String(shown);
  }
  var legend = document.getElementById("kg-legend");
  Object.keys(counts).sort().forEach(function (cls) {
    var st = styles[cls] || { colour: "#cccccc", shape: "dot" };
    var row = el("label", "kg-class");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-cls", cls);
    box.addEventListener("change", function () { setClassVisible(cls, box.checked); });
    var sw = el("span", "kg-swatch kg-shape-" + st.shape);
    sw.style.background = data.colour === "community" ? "#ffffff" : st.colour;
    row.appendChild(box); row.appendChild(sw); row.appendChild(el("span", null, cls + " (" + counts[cls] + ")"));
    legend.appendChild(row);
  });
  var kinds = {};
  data.edges.forEach(function (e) { e.kind.split(", ").forEach(function (k) { kinds[k] = true; }); });
  var edgeLegend = document.getElementById("kg-edge-legend");
  Object.keys(kinds).sort().forEach(function (k) {
    var row = el("div", "kg-edge-kind");
    var line = el("span", "kg-line");
    line.style.background = data.edgeColours[k] || "#999999";
    row.appendChild(line); row.appendChild(el("span", null, k));
    edgeLegend.appendChild(row);
  });
  if (data.colour === "community") {
    var cl = document.getElementById("kg-community-legend");
    cl.appendChild(el("h2", null, "Communities (colour)"));
    (data.communities || []).forEach(function (c) {
      var row = el("div", "kg-class");
      var sw = el("span", "kg-swatch"); sw.style.background = c.colour;
      row.appendChild(sw); row.appendChild(el("span", null, c.name));
      cl.appendChild(row);
    });
  }

  /* search: select and show the nodes whose name contains the text */
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }
  function search(text) {
    var q = String(text || "").trim().toLowerCase();
    results.replaceChildren();
    if (!q) { network.unselectAll(); return []; }
    var found = nodes.get({ filter: function (n) {
      return !n.hidden && String(n.fullLabel).toLowerCase().indexOf(q) >= 0;
    } });
    found.slice(0, 50).forEach(function (n) {
      var li = el("li");
      var b = el("button", "kg-hit", n.fullLabel);
      b.type = "button";
      b.addEventListener("click", function () { focusNode(n.id); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!found.length) results.appendChild(el("li", "kg-hint", "nothing found"));
    var ids = found.map(function (n) { return n.id; });
    network.selectNodes(ids);
    if (ids.length === 1) focusNode(ids[0]);
    else if (ids.length) network.fit({ nodes: ids, animation: false });
    return ids;
  }
  input.addEventListener("input", function () { search(input.value); });

  window.kgView = {
    network: network, nodes: nodes, edges: edges, search: search,
    setClassVisible: setClassVisible, showNode: showNode, showEdge: showEdge
  };
  network.once("afterDrawing", function () { document.body.setAttribute("data-ready", "true"); });
})();
