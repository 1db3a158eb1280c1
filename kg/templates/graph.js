/* kg render: draws the page data with vis-network.
   Every text that comes from the data reaches the page through el() (textContent and
   attribute setters), never through innerHTML, so markup in a source title shows as text. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var TIES = DATA.ties, SOURCES = DATA.sources, KIND_LABELS = DATA.kindLabels;
  var NAMES = DATA.names || {};
  var CAT = {}, NODE = {};
  DATA.categories.forEach(function (c) { CAT[c.id] = c; });
  DATA.nodes.forEach(function (n) { NODE[n.id] = n; n._hidden = false; });
  var BIG = DATA.nodes.length > 1000 || DATA.edges.length > 2000;
  var FOCUS = DATA.meta.focus;
  var TIP_ITEMS = 12;
  var STYLE = {
    agreement: { color: "#8c96a3", dashes: false },
    membership: { color: "#b08d2e", dashes: [6, 4] },
    deployment: { color: "#7a4b2a", dashes: [2, 4] }
  };
  var UNDATED_COLOR = "#cc79a7";  // ties with no known start date keep their dashes, take this colour

  function el(tag, cls) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    for (var i = 2; i < arguments.length; i++) {
      var kid = arguments[i];
      if (kid === null || kid === undefined || kid === false) continue;
      node.append(kid instanceof Node ? kid : String(kid));
    }
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function kindLabel(kind) { return KIND_LABELS[kind] || String(kind).replace(/-/g, " "); }
  function nameOf(id) { return NODE[id] ? NODE[id].name : (NAMES[id] || id); }
  function codeOf(id) { return NODE[id] ? NODE[id].label : id; }
  function unique(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }); }
  // The page's copy of kg.gazetteer.normalise: the search index holds names folded by it, the query is folded here.
  var APOSTROPHES = /[’‘ʼʹ`´ʻ]/g, LETTERS = { "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ð": "d", "þ": "th" };
  function norm(text) {
    var t = String(text || "").normalize("NFKC").replace(APOSTROPHES, "'").toLowerCase()
      .replace(/[œæøđłıðþ]/g, function (c) { return LETTERS[c]; });
    t = t.normalize("NFD").replace(/[\u0300-\u036f]/g, function (m, i, all) {
      return m === "\u0306" && i > 0 && "иИ".indexOf(all[i - 1]) >= 0 ? m : "";
    }).normalize("NFC");
    t = t.replace(/\./g, "").replace(/[\s\-‐‑‒–—―_/,;:()[\]"«»]+/g, " ").trim();
    if (t.indexOf("'") >= 0) t = t.replace(/\s*'\s*/g, "'");
    var stripped = t.replace(/^(?:(?:the|le|la|les)\s+|l')(?=\S)/, "");
    return stripped || t;
  }
  function webLink(s) {
    // Only an http(s) address becomes a link (decided in Python as "href", checked again here); anything else is text.
    if (!s.href || !/^https?:\/\//i.test(s.href)) return el("div", "kg-url", s.url);
    var a = el("a", "kg-url", s.url);
    a.href = s.href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return el("div", null, a);
  }
  function darker(hex) {
    var v = parseInt(hex.slice(1), 16), f = 0.7;
    var r = Math.round(((v >> 16) & 255) * f), g = Math.round(((v >> 8) & 255) * f), b = Math.round((v & 255) * f);
    return "#" + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
  }

  // ---- state and filters ----------------------------------------------------------------
  var years = DATA.years;
  var state = {
    year: years ? years[1] + 1 : null,             // years[1] + 1 means "every tie, undated ones too"
    kinds: {},
    labels: DATA.edges.length <= 10
  };
  // Edge labels pile up on dense ties: every label is drawn when the switch is on (by default on small graphs only)
  // or once zoomed in to LABEL_ZOOM times the opening scale; a hovered edge always shows its own.
  var LABEL_ZOOM = 1.8, zoomedIn = false, hoveredEdge = null;
  DATA.kinds.forEach(function (k) { state.kinds[k.id] = true; });

  // The date rule of docs/dates.md, as kg/facts.py (PartialDate.reached_by) and kg/projections.py
  // (tie_state) state it: a year or a month stands for its whole period, and a date has come by a
  // day once its period has begun. The slider's year Y means the last day of Y.
  function firstDay(date) { return (String(date) + "-01-01").slice(0, 10); }
  function reached(date, day) { return firstDay(date) <= day; }
  function endOfYear(year) { return String(year).padStart(4, "0") + "-12-31"; }
  function tieState(t, day) {
    if (t.start !== null && !reached(t.start, day)) return "later";
    if (t.end !== null && reached(t.end, day)) return "ended";
    return t.start === null ? "undated" : "in-force";
  }
  function tieVisible(t) {
    if (!state.kinds[t.kind]) return false;
    if (!years || state.year > years[1]) return true;
    var where = tieState(t, endOfYear(state.year));
    return where === "in-force" || where === "undated";
  }
  function visibleTies(ids) {
    return ids.filter(function (id) { return tieVisible(TIES[id]); });
  }

  function edgeLabel(ids) {
    var ts = ids.map(function (id) { return TIES[id]; });
    var ys = ts.map(function (t) { return t.year; }).filter(function (y) { return y !== null; });
    var span = ys.length ? (Math.min.apply(null, ys) === Math.max.apply(null, ys)
      ? String(ys[0]) : Math.min.apply(null, ys) + "–" + Math.max.apply(null, ys)) : "(undated)";
    if (ts.length === 1) {
      var t = ts[0];
      var left = t.endYear !== null ? (t.relation === "membership" ? "left " : "ended ") + t.endYear : null;
      if (t.undated && t.relation !== "agreement") {
        return (t.relation === "membership" ? "member" : "deployment") + " (undated" + (left ? ", " + left : "") + ")";
      }
      if (t.relation === "membership") return "member " + t.year + (left ? " (" + left + ")" : "");
      if (t.relation === "deployment") return "deployment " + span + (t.endYear !== null ? "–" + t.endYear : "");
      return kindLabel(t.kind) + " " + span;
    }
    var kinds = unique(ts.map(function (x) { return x.kind; }));
    return (kinds.length === 1 ? ts.length + "× " + kindLabel(kinds[0]) : ts.length + " ties") + " " + span;
  }

  function edgeStyle(ids) {
    var relations = unique(ids.map(function (id) { return TIES[id].relation; }));
    var style = STYLE[relations.length === 1 ? relations[0] : "agreement"];
    var undated = ids.length > 0 && ids.every(function (id) { return TIES[id].undated; });
    return { color: undated ? UNDATED_COLOR : style.color, dashes: style.dashes, undated: undated };
  }

  function visNode(n) {
    var c = CAT[n.cat] || { color: "#bbbbbb" };
    var focus = n.id === FOCUS;
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, shape: n.shape, size: n.size,
      borderWidth: focus ? 4 : 1.5,
      color: {
        background: c.color, border: focus ? "#111111" : darker(c.color),
        highlight: { background: c.color, border: "#111111" }, hover: { background: c.color, border: "#111111" }
      },
      font: { bold: focus, strokeWidth: 3, strokeColor: "#ffffff", color: "#1d1d1d" }
    };
  }

  // ---- cards: what a tooltip and the details panel show ------------------------------------
  function sourceItem(sid, claim) {
    var s = SOURCES[sid] || {};
    var li = el("li", null,
      (s.publisher || "publisher unknown") + ", " + (s.issued || "date not recorded"),
      s.title ? el("span", null, ": “", s.title, "”") : null,
      claim && claim.confidence ? el("span", "kg-muted", " (confidence " + claim.confidence + ")") : null,
      el("span", "kg-muted", " [" + sid + "]"));
    if (s.url) li.append(webLink(s));
    if (claim) claim.quotes.forEach(function (q) { li.append(el("div", "kg-quote", "“" + q + "”")); });
    return li;
  }

  function capped(list, full, make, what) {
    var ul = el("ul");
    var shown = full ? list : list.slice(0, TIP_ITEMS);
    shown.forEach(function (x) { ul.append(make(x)); });
    if (shown.length < list.length) {
      ul.append(el("li", "kg-muted", "… " + (list.length - shown.length) + " more " + what + " (click to keep the full list)"));
    }
    return ul;
  }

  function tieCard(id, full) {
    var t = TIES[id];
    var box = el("div");
    var title = t.relation === "agreement" ? (t.label || kindLabel(t.kind)) : kindLabel(t.relation);
    box.append(el("h3", null, title));
    var what = t.relation === "agreement"
      ? "Agreement (" + t.kinds.map(kindLabel).join(", ") + ") between " + t.actors.map(codeOf).join(", ")
      : t.relation === "membership"
        ? codeOf(t.actors[0]) + " member of " + codeOf(t.actors[1])
        : "Forces of " + t.actors.filter(function (a) { return a !== t.host; }).map(codeOf).join(", ") + " in " + codeOf(t.host) +
          (t.role ? " (" + t.role + ")" : "");
    box.append(el("div", null, what));
    box.append(el("div", "kg-muted", "id: " + id));
    box.append(el("div", null, "Start: " + (t.start || "not known (undated: shown at every year until it ends)") +
      (t.end ? ", end: " + t.end : "")));
    if (t.domains.length) box.append(el("div", null, "Domains: " + t.domains.join(", ")));
    if (t.events.length) {
      box.append(el("div", "kg-head", "Life-cycle events"));
      var ul = el("ul");
      t.events.forEach(function (e) {
        var pubs = e.sources.map(function (s) { return (SOURCES[s] && SOURCES[s].publisher) || s; });
        ul.append(el("li", null, (e.date || "undated") + " " + e.type + (e.by ? " by " + nameOf(e.by) : ""),
          pubs.length ? el("span", "kg-muted", " — " + unique(pubs).join("; ")) : null));
      });
      box.append(ul);
    }
    var claims = t.claims.slice();
    box.append(el("div", "kg-head", "Sources (" + claims.length + ")"));
    box.append(capped(claims, full, function (c) { return sourceItem(c.source, c); }, "sources"));
    return box;
  }

  function edgeCard(edgeId, full) {
    var e = EDGE[edgeId];
    var ids = visibleTies(e.ties);
    var card = el("div", "kg-card", el("h2", null, codeOf(e.from) + " – " + codeOf(e.to) + ": " + nameOf(e.from) + " and " + nameOf(e.to)));
    card.append(el("div", null, ids.length + " tie" + (ids.length === 1 ? "" : "s") + " shown" +
      (ids.length < e.ties.length ? " (" + (e.ties.length - ids.length) + " hidden by the filters)" : "")));
    (full ? ids : ids.slice(0, 4)).forEach(function (id) { card.append(tieCard(id, full)); });
    if (!full && ids.length > 4) card.append(el("div", "kg-muted", "… " + (ids.length - 4) + " more ties (click to keep the full list)"));
    return card;
  }

  function nodeCard(id, full) {
    var n = NODE[id];
    var name = n.name + (n.nameFr && n.nameFr !== n.name ? " / " + n.nameFr : "");
    var card = el("div", "kg-card", el("h2", null, n.label + " — " + name));
    var c = CAT[n.cat];
    card.append(el("div", null, n.kind + (n.blocs.length ? ", " + n.blocs.join(", ") + " bloc" : "") + (c ? " (" + c.label + ")" : "")));
    card.append(el("div", null, n.degree + " partner" + (n.degree === 1 ? "" : "s") + ", " + n.weight + " tie" + (n.weight === 1 ? "" : "s") +
      (n.first ? "; first " + n.first : "") + (n.last ? ", latest " + n.last : "")));
    var tieIds = [];
    (ADJ[id] || []).forEach(function (eid) { visibleTies(EDGE[eid].ties).forEach(function (t) { if (tieIds.indexOf(t) < 0) tieIds.push(t); }); });
    tieIds.sort(function (a, b) { return String(TIES[a].start || "9999").localeCompare(String(TIES[b].start || "9999")) || a.localeCompare(b); });
    var domains = unique([].concat.apply([], tieIds.map(function (t) { return TIES[t].domains; }))).sort();
    if (domains.length) card.append(el("div", null, "Domains: " + domains.join(", ")));
    card.append(el("div", "kg-head", "Ties (" + tieIds.length + ")"));
    card.append(capped(tieIds, full, function (t) {
      var x = TIES[t];
      var others = x.actors.filter(function (a) { return a !== id; }).map(codeOf).join(", ");
      var last = x.events.length ? x.events[x.events.length - 1] : null;
      return el("li", null, (x.start || "undated") + " " + kindLabel(x.relation === "agreement" ? x.kind : x.relation) + " with " + others,
        last && last.date && last.date !== x.start ? el("span", "kg-muted", " (latest: " + last.type + " " + last.date + ")") : null,
        x.end ? el("span", "kg-muted", " (ended " + x.end + ")") : null);
    }, "ties"));
    var sources = unique([].concat.apply([], tieIds.map(function (t) {
      return TIES[t].claims.map(function (c) { return c.source; });
    }))).sort();
    card.append(el("div", "kg-head", "Sources (" + sources.length + ")"));
    card.append(capped(sources, full, function (s) { return sourceItem(s, null); }, "sources"));
    return card;
  }

  // ---- the network ------------------------------------------------------------------------
  var EDGE = {}, ADJ = {};
  DATA.edges.forEach(function (e) {
    EDGE[e.id] = e;
    (ADJ[e.from] = ADJ[e.from] || []).push(e.id);
    (ADJ[e.to] = ADJ[e.to] || []).push(e.id);
  });

  var container = byId("kg-graph");
  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var shown = {};  // edge id -> signature of what vis was last given, to update only what changed

  function edgeView(e) {
    var ids = visibleTies(e.ties);
    var hidden = ids.length === 0;
    // vis keeps an edge's old label unless it is given a new string, so "no label" is a space.
    var wanted = state.labels || zoomedIn || e.id === hoveredEdge;
    var label = hidden || !wanted ? " " : edgeLabel(ids);
    var style = hidden ? edgeStyle([]) : edgeStyle(ids);
    var width = Math.min(10, 1.5 + 1.5 * (ids.length - 1));
    return {
      sig: [hidden, label, width, style.color, style.dashes].join("|"),
      props: { id: e.id, from: e.from, to: e.to, hidden: hidden, label: label, width: width, dashes: style.dashes,
        undated: style.undated,
        color: { color: style.color, highlight: "#222222", hover: "#222222" } }
    };
  }
  var edges = new vis.DataSet(DATA.edges.map(function (e) {
    var view = edgeView(e);
    shown[e.id] = view.sig;
    return view.props;
  }));
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: { enabled: false, solver: "barnesHut", stabilization: { enabled: true, iterations: 150, fit: false } },
    interaction: { hover: true, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, tooltipDelay: 100, keyboard: false },
    nodes: { borderWidth: 1.5, font: { size: 18 } },
    edges: {
      smooth: BIG ? false : { enabled: true, type: "continuous", roundness: 0.3 },
      font: { size: 13, color: "#333333", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" },
      selectionWidth: 2, hoverWidth: 1.5
    }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  function refresh() {
    var degree = {}, updates = [];
    DATA.edges.forEach(function (e) {
      var view = edgeView(e);
      if (!view.props.hidden) { degree[e.from] = 1; degree[e.to] = 1; }
      if (shown[e.id] === view.sig) return;
      shown[e.id] = view.sig;
      updates.push(view.props);
    });
    if (updates.length) edges.update(updates);
    var nodeUpdates = [];
    DATA.nodes.forEach(function (n) {
      var hidden = !degree[n.id] && n.id !== FOCUS;
      if (NODE[n.id]._hidden !== hidden) { NODE[n.id]._hidden = hidden; nodeUpdates.push({ id: n.id, hidden: hidden }); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
  }

  // ---- tooltip and details --------------------------------------------------------------
  var tip = byId("kg-tip"), details = byId("kg-details");
  function showTip(card, pointer) {
    tip.replaceChildren(card);
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 16, y = box.top + pointer.y + 16;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = box.left + pointer.x - w - 16;
    if (y + h > window.innerHeight - 8) y = window.innerHeight - h - 8;
    x = Math.max(8, Math.min(x, window.innerWidth - w - 8));  // a long card stays inside the window (CSS caps its size)
    y = Math.max(8, Math.min(y, window.innerHeight - h - 8));
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; tip.replaceChildren(); }
  function showDetails(card) { details.replaceChildren(card); }

  network.on("hoverNode", function (p) { showTip(nodeCard(p.node, false), p.pointer.DOM); });
  network.on("hoverEdge", function (p) {
    hoveredEdge = p.edge;
    refresh();
    showTip(edgeCard(p.edge, false), p.pointer.DOM);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", function () { hoveredEdge = null; refresh(); hideTip(); });
  network.on("dragStart", hideTip);
  container.addEventListener("mouseleave", function () { if (hoveredEdge !== null) { hoveredEdge = null; refresh(); } hideTip(); });
  network.on("zoom", hideTip);
  network.on("animationFinished", function () { zoomed(); });
  network.on("click", function (p) {
    if (p.nodes.length) showDetails(nodeCard(p.nodes[0], true));
    else if (p.edges.length) showDetails(edgeCard(p.edges[0], true));
  });

  // ---- side panel -------------------------------------------------------------------------
  byId("kg-title").textContent = DATA.meta.title;
  var noteText = DATA.meta.note;
  if (noteText) { byId("kg-note").textContent = noteText; byId("kg-note").hidden = false; }
  if (!DATA.nodes.length) {
    byId("kg-empty").textContent = "Nothing to draw. " + (noteText || "");
    byId("kg-empty").hidden = false;
  }

  var list = byId("kg-actor-list");
  DATA.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label + " — " + n.name;
    list.append(option);
  });
  // DATA.search maps every folded name, alias, capital and code of the shown actors (as kg's resolver reads them) to ids.
  var SEARCH = DATA.search || {}, SEARCH_KEYS = Object.keys(SEARCH).sort();
  function findActor(query) {
    var q = norm(String(query).split(" — ")[0]);
    if (!q) return null;
    if (SEARCH[q]) return SEARCH[q][0];
    var tests = [
      function (k) { return k.indexOf(q) === 0; },
      function (k) { return k.indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hit = SEARCH_KEYS.filter(tests[i]);
      if (hit.length) return SEARCH[hit[0]][0];
    }
    return null;
  }
  function search() {
    var query = byId("kg-search").value, msg = byId("kg-search-msg");
    var id = findActor(query);
    if (!id) { msg.textContent = query.trim() ? "No actor matches “" + query.trim() + "” in this graph." : ""; return; }
    msg.textContent = NODE[id]._hidden ? nameOf(id) + " is hidden by the year or tie filters." : "";
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    showDetails(nodeCard(id, true));
  }
  byId("kg-search-go").addEventListener("click", search);
  byId("kg-search").addEventListener("keydown", function (e) { if (e.key === "Enter") search(); });
  byId("kg-search").addEventListener("change", search);

  var kindBox = byId("kg-kinds");
  DATA.kinds.forEach(function (k) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k.id;
    box.addEventListener("change", function () { state.kinds[k.id] = box.checked; refresh(); });
    kindBox.append(el("label", null, box, " " + k.label + " ", el("span", "kg-count", "(" + k.count + ")")));
  });

  var slider = byId("kg-year"), yearLabel = byId("kg-year-label"), play = byId("kg-play"), timer = null;
  function showYear() {
    yearLabel.textContent = !years ? "(no dates)" : state.year > years[1] ? "all" : "end of " + state.year;
  }
  if (years) {
    slider.min = years[0];
    slider.max = years[1] + 1;
    slider.value = state.year;
    var pending = false;  // dragging fires many input events: redraw once per frame at most
    slider.addEventListener("input", function () {
      state.year = Number(slider.value);
      showYear();
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; refresh(); });
    });
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "▶"; return; }
      state.year = years[0];
      slider.value = state.year;
      play.textContent = "⏸";
      showYear(); refresh();
      timer = setInterval(function () {
        state.year += 1;
        slider.value = state.year;
        showYear(); refresh();
        if (state.year > years[1]) { clearInterval(timer); timer = null; play.textContent = "▶"; }
      }, 700);
    });
  } else {
    slider.disabled = true;
    play.disabled = true;
  }
  showYear();

  var physics = byId("kg-physics");
  physics.addEventListener("change", function () { network.setOptions({ physics: { enabled: physics.checked } }); });
  var labels = byId("kg-edge-labels");
  labels.checked = state.labels;
  labels.addEventListener("change", function () { state.labels = labels.checked; refresh(); });

  var legend = byId("kg-legend");
  DATA.categories.forEach(function (c) {
    var swatch = el("span", "kg-swatch " + c.shape);
    swatch.style.background = c.color;
    legend.append(el("div", "kg-legend-item", swatch, c.label));
  });
  var relations = unique(Object.keys(TIES).map(function (id) { return TIES[id].relation; }));
  [["agreement", "agreement (width: number of ties)"], ["membership", "membership of an organisation"],
   ["deployment", "deployment of forces"]].forEach(function (r) {
    if (relations.indexOf(r[0]) >= 0) legend.append(el("div", "kg-legend-item", el("span", "kg-line " + r[0]), r[1]));
  });
  if (Object.keys(TIES).some(function (id) { return TIES[id].undated; })) {
    legend.append(el("div", "kg-legend-item", el("span", "kg-line undated"),
      "undated: no known start date (shown at every year until it ends)"));
  }
  legend.append(el("div", "kg-small", "Node size: number of ties (weighted degree). Labels: ISO 3166 alpha-3 codes or kg ids."));
  if (DATA.meta.layout === "geo") {
    legend.append(el("div", "kg-small", "Geographic layout: actors at their Natural Earth label point, countries shaded by the " +
      "legend colour of the state drawn there (map: Natural Earth, public domain)." +
      (DATA.meta.unplaced.length ? " Without coordinates, placed beside their partners: " + DATA.meta.unplaced.join(", ") + "." : "")));
  }
  var MAP = { countries: 0, drawn: 0 };
  if (DATA.map) {
    var proj = DATA.map.projection, grid = DATA.map.grid;
    var shapes = DATA.map.countries.map(function (c) {
      var path = new Path2D();
      c.rings.forEach(function (r) {
        var lon = 0, lat = 0;
        for (var i = 0; i < r.length; i += 2) {
          lon += r[i]; lat += r[i + 1];
          var x = (lon / grid - proj.lon0) * proj.k * proj.scale, y = -(lat / grid - proj.lat0) * proj.scale;
          if (i === 0) path.moveTo(x, y); else path.lineTo(x, y);
        }
        path.closePath();
      });
      return { id: c.id, path: path, fill: c.fill ? tint(c.fill) : "#e8e8e3", shown: !!c.fill };
    });
    MAP.countries = shapes.length;
    MAP.shapes = shapes;
    network.on("beforeDrawing", function (ctx) {
      var scale = network.getScale();
      ctx.save();
      ctx.lineJoin = "round";
      ctx.lineWidth = 0.8 / scale;
      ctx.strokeStyle = "#ffffff";
      shapes.forEach(function (s) { if (!s.shown) { ctx.fillStyle = s.fill; ctx.fill(s.path, "evenodd"); ctx.stroke(s.path); } });
      ctx.strokeStyle = "#8a8a84";
      shapes.forEach(function (s) { if (s.shown) { ctx.fillStyle = s.fill; ctx.fill(s.path, "evenodd"); ctx.stroke(s.path); } });
      ctx.restore();
      MAP.drawn = shapes.length;
    });
  }
  function tint(hex) {  // the legend colour mixed with white, so dots and edges stay readable on the country
    var v = parseInt(hex.slice(1), 16), f = 0.55;
    var r = Math.round(((v >> 16) & 255) * (1 - f) + 255 * f), g = Math.round(((v >> 8) & 255) * (1 - f) + 255 * f),
      b = Math.round((v & 255) * (1 - f) + 255 * f);
    return "#" + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
  }

  // Node labels keep one size on screen (vis scales fonts with the zoom, and skips labels under 5 screen pixels).
  var LABEL_PX = 15, fitScale = 1, zoomPending = false;
  function zoomed() {
    zoomPending = false;
    var scale = network.getScale();
    if (!BIG) network.setOptions({ nodes: { font: { size: LABEL_PX / scale } } });
    var wasIn = zoomedIn;
    zoomedIn = scale >= fitScale * LABEL_ZOOM;
    if (wasIn !== zoomedIn) refresh();
  }
  network.on("zoom", function () {
    if (zoomPending) return;
    zoomPending = true;
    requestAnimationFrame(zoomed);
  });

  refresh();
  network.fit({ animation: false });
  fitScale = network.getScale();
  zoomed();
  var kg = window.kg = { network: network, nodes: nodes, edges: edges, data: DATA, state: state, refresh: refresh, relabel: zoomed, drawn: false, map: MAP };
  network.once("afterDrawing", function () {
    kg.drawn = true;
    document.body.setAttribute("data-drawn", "true");
    if (FOCUS && NODE[FOCUS]) { network.selectNodes([FOCUS]); showDetails(nodeCard(FOCUS, true)); }
  });
}());
