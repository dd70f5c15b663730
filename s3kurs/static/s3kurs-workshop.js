/* s3kurs workshop tools: the four exercises on their pages, filled in by a group in the browser.
 * Nothing is sent anywhere: the input is kept in this browser (S3kurs.keep, one record per
 * exercise) and leaves it only as the files the group downloads.
 *
 * The exercise comes from the page's data block, as data/exercises.yml defines it, with the
 * scale, the lesson sections it links to and the sentences (translated). The rules below are
 * s3kurs/workshop/exercises.py line for line: the same rows, findings and CSV text
 * (tests/test_workshop_tools.py compares them on generated input). Figures follow the score
 * rule in s3kurs-core.js (S3kurs.meanText, S3kurs.decimal: rounded down, decimal comma).
 *
 * S3kurs.workshop.tools[key] is the tool on the page: load(input), input(), snapshot(). */
(function () {
  "use strict";

  var S = window.S3kurs;
  var W = S.workshop = { tools: {}, settle: 1000 };
  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#1b4f72", "#b9770e", "#1e8449", "#7d3c98"];
  var DASHES = ["", "9 5", "2 4", "10 4 2 4"];
  var MARKERS = ["circle", "square", "triangle", "diamond"];
  var INK = "#1a1a1a";
  var MUTED = "#555555";
  var RULE = "#c8c8c8";

  /* ---- the rules (s3kurs/workshop/exercises.py) ---- */

  function cleanName(name) {
    return String(name === undefined || name === null ? "" : name).normalize("NFC").trim();
  }

  function nameKey(name) { return cleanName(name).toLowerCase(); }

  function sum(values) { return values.reduce(function (a, b) { return a + b; }, 0); }

  function max(values) { return Math.max.apply(null, values); }

  function min(values) { return Math.min.apply(null, values); }

  /* Highest first; ties keep their order (Python's sorted is stable). */
  function ranked(items, score) {
    return items.map(function (item, i) { return [item, i]; })
      .sort(function (a, b) { return score(b[0]) - score(a[0]) || a[1] - b[1]; })
      .map(function (pair) { return pair[0]; });
  }

  /* A sentence as parts: text, or {text, url} for a link; *params* may be text or parts. */
  function parts(template, params) {
    var out = [];
    template.split(/(\{\w+\})/).forEach(function (piece) {
      var m = /^\{(\w+)\}$/.exec(piece);
      if (m && Object.prototype.hasOwnProperty.call(params, m[1])) {
        var value = params[m[1]];
        out = out.concat(Array.isArray(value) ? value : [String(value)]);
      } else if (piece) {
        out.push(piece);
      }
    });
    return out;
  }

  function text(line) {
    return line.map(function (part) { return typeof part === "string" ? part : part.text; }).join("");
  }

  function Rules(data) {
    this.ex = data.exercise;
    this.str = data.strings;
    this.scale = data.scale;
    this.sectionData = data.sections;
  }

  Rules.prototype.line = function (name, params) { return parts(this.str[name], params || {}); };

  Rules.prototype.say = function (name, params) { return S.format(this.str[name], params || {}); };

  Rules.prototype.join = function (names) {
    if (names.length < 2) { return names.join(""); }
    return this.say("listAnd", { items: names.slice(0, -1).join(", "), last: names[names.length - 1] });
  };

  Rules.prototype.section = function (label) {
    var s = this.sectionData[label];
    return s ? (s.url ? { text: s.title, url: s.url } : s.title) : label;
  };

  Rules.prototype.nameProblem = function (name, taken) {
    var clean = cleanName(name);
    if (!clean) { return this.say("nameEmpty"); }
    var limit = this.ex.max_name_length;
    var length = Array.from(clean).length;  // characters (code points), as Python's len()
    if (limit !== undefined && limit !== null && length > limit) {
      return this.say("nameTooLong", { limit: limit, length: length });
    }
    var key = nameKey(clean);
    if (taken.some(function (other) { return nameKey(other) === key; })) {
      return this.say("nameTaken", { name: clean });
    }
    return null;
  };

  Rules.prototype.isScore = function (value) {
    return typeof value === "number" && Math.floor(value) === value && value >= this.scale.min && value <= this.scale.max;
  };

  Rules.prototype.score = function (value) { return this.isScore(value) ? value : this.scale.min; };

  var KINDS = {};

  /* Self-assessment: input {scores: [[score per factor] per step]} */
  KINDS.self_assessment = {
    blank: function (R) {
      return { scores: R.ex.steps.map(function () { return R.ex.factors.map(function () { return R.scale.min; }); }) };
    },
    example: function (R) {
      return { scores: R.ex.steps.map(function (step) { return R.ex.example[step.name].slice(); }) };
    },
    sanitise: function (R, input) {
      var rows = input && Array.isArray(input.scores) ? input.scores : [];
      return { scores: R.ex.steps.map(function (step, i) {
        var row = Array.isArray(rows[i]) ? rows[i] : [];
        return R.ex.factors.map(function (f, j) { return R.score(row[j]); });
      }) };
    },
    columns: function (R) {
      return [R.str.step].concat(R.ex.factors.map(function (f) { return f.name; }), [R.str.mean]);
    },
    rows: function (R, input) {
      return R.ex.steps.map(function (step, i) {
        return [step.name].concat(input.scores[i], [S.meanText(input.scores[i])]);
      });
    },
    isWeak: function (R, row) {
      // mean < limit, in integers: 10 × sum < limit in tenths × number of factors
      return 10 * sum(row) < Math.round(R.ex.weak_below * 10) * row.length;
    },
    weakSteps: function (R, input) {
      var self = this;
      var weak = R.ex.steps.map(function (s, i) { return i; })
        .filter(function (i) { return self.isWeak(R, input.scores[i]); });
      return ranked(weak, function (i) { return -sum(input.scores[i]); });
    },
    findings: function (R, input) {
      var scores = input.scores;
      var steps = R.ex.steps;
      if (!scores.some(function (row) { return row.some(function (v) { return v; }); })) {
        return [R.line("noScores")];
      }
      var sums = scores.map(sum);
      var top = max(sums);
      var strongest = steps.map(function (s, i) { return i; }).filter(function (i) { return sums[i] === top; });
      var weak = this.weakSteps(R, input);
      var lines = [];
      if (!this.isWeak(R, scores[strongest[0]])) {
        var mean = S.meanText(scores[strongest[0]]);
        if (strongest.length === steps.length) {
          lines.push(R.line("allSame", { mean: mean }));
        } else {
          lines.push(R.line("strongest", { step: R.join(strongest.map(function (i) { return steps[i].name; })), mean: mean }));
        }
      }
      if (!weak.length) {
        return lines.concat([R.line("noWeak", { limit: S.decimal(Math.round(R.ex.weak_below * 10)) })]);
      }
      weak.forEach(function (i) {
        var where = [];
        steps[i].revisit.forEach(function (label, j) {
          if (j) { where.push("; "); }
          where.push(R.section(label));
        });
        lines.push(R.line("weak", { step: steps[i].name, mean: S.meanText(scores[i]), sections: where }));
      });
      return lines;
    }
  };

  /* Prioritisation: input {areas: [[name as typed, [score per criterion]], ...]} */
  KINDS.prioritisation = {
    blank: function (R) { return { areas: [["", R.ex.criteria.map(function () { return R.scale.min; })]] }; },
    example: function (R) {
      return { areas: Object.keys(R.ex.example).map(function (name) { return [name, R.ex.example[name].slice()]; }) };
    },
    sanitise: function (R, input) {
      var areas = input && Array.isArray(input.areas) ? input.areas : [];
      return { areas: areas.filter(Array.isArray).map(function (area) {
        var scores = Array.isArray(area[1]) ? area[1] : [];
        return [typeof area[0] === "string" ? area[0] : "", R.ex.criteria.map(function (c, j) { return R.score(scores[j]); })];
      }) };
    },
    entries: function (R, input) {
      var named = [];
      input.areas.forEach(function (area) {
        var taken = named.map(function (n) { return n[0]; });
        if (named.length < R.ex.max_areas && R.nameProblem(area[0], taken) === null) {
          named.push([cleanName(area[0]), area[1].slice()]);
        }
      });
      return named;
    },
    problems: function (R, input) {
      var named = [];
      return input.areas.map(function (area) {
        var problem = R.nameProblem(area[0], named);
        if (problem === null && named.length >= R.ex.max_areas) {
          problem = R.say("tooMany", { limit: R.ex.max_areas });
        }
        if (problem === null) { named.push(area[0]); }
        return !cleanName(area[0]) && !area[1].some(function (v) { return v; }) ? null : problem;
      });
    },
    ranking: function (R, input) {
      return ranked(this.entries(R, input), function (area) { return sum(area[1]); });
    },
    columns: function (R) {
      return [R.str.rank, R.str.area].concat(R.ex.criteria.map(function (c) { return c.name; }), [R.str.total]);
    },
    rows: function (R, input) {
      return this.ranking(R, input).map(function (area, i) { return [i + 1, area[0]].concat(area[1], [sum(area[1])]); });
    },
    findings: function (R, input) {
      var list = this.ranking(R, input);
      if (!list.length) { return [R.line("noAreas")]; }
      var lines = list.map(function (area) {
        var scores = area[1];
        var high = max(scores), low = min(scores);
        if (high === low) {
          return R.line("areaEven", { area: area[0], total: sum(scores), score: high });
        }
        function named(value) {
          return R.join(R.ex.criteria.filter(function (c, j) { return scores[j] === value; })
            .map(function (c) { return c.name.toLowerCase(); }));
        }
        return R.line("areaLine", { area: area[0], total: sum(scores), high: named(high), high_score: high,
                                    low: named(low), low_score: low });
      });
      var totals = list.map(function (area) { return sum(area[1]); });
      if (totals.length > 1 && totals[0] - totals[1] <= 1) {
        lines.push(R.line("almostLevel", { first: list[0][0], second: list[1][0] }));
      }
      return lines;
    }
  };

  /* Actor mapping: input {actors: [[name, helix, level], ...]} */
  KINDS.actor_mapping = {
    blank: function () { return { actors: [] }; },
    example: function (R) { return { actors: R.ex.example.map(function (a) { return a.slice(); }) }; },
    helices: function (R) { return R.ex.helices.map(function (h) { return h.name; }); },
    levels: function (R) { return R.ex.levels.map(function (l) { return l.name; }); },
    sanitise: function (R, input) {
      var helices = this.helices(R), levels = this.levels(R);
      var actors = [];
      (input && Array.isArray(input.actors) ? input.actors : []).forEach(function (a) {
        if (Array.isArray(a) && typeof a[0] === "string" && helices.indexOf(a[1]) !== -1 && levels.indexOf(a[2]) !== -1 &&
            R.nameProblem(a[0], actors.map(function (b) { return b[0]; })) === null) {
          actors.push([cleanName(a[0]), a[1], a[2]]);
        }
      });
      return { actors: actors };
    },
    grid: function (R, actors) {
      var helices = this.helices(R), levels = this.levels(R);
      var counts = levels.map(function () { return helices.map(function () { return 0; }); });
      actors.forEach(function (a) { counts[levels.indexOf(a[2])][helices.indexOf(a[1])] += 1; });
      return counts;
    },
    missing: function (R, actors) {
      var used = function (i) { return function (name) { return !actors.some(function (a) { return a[i] === name; }); }; };
      return [this.helices(R).filter(used(1)), this.levels(R).filter(used(2))];
    },
    emptyCells: function (R, actors) {
      var counts = this.grid(R, actors), missing = this.missing(R, actors), helices = this.helices(R);
      var cells = [];
      this.levels(R).forEach(function (level, row) {
        if (missing[1].indexOf(level) !== -1) { return; }
        helices.forEach(function (helix, col) {
          if (missing[0].indexOf(helix) === -1 && !counts[row][col]) { cells.push([helix, level]); }
        });
      });
      return cells;
    },
    columns: function (R) { return [R.str.actor, R.str.helix, R.str.level]; },
    rows: function (R, input) { return input.actors.map(function (a) { return a.slice(); }); },
    findings: function (R, input) {
      var actors = input.actors;
      if (!actors.length) { return [R.line("noActors")]; }
      var missing = this.missing(R, actors), helices = missing[0], levels = missing[1];
      var cells = this.emptyCells(R, actors).map(function (c) { return c[0] + " (" + c[1] + ")"; }).join(", ");
      var lines = [R.line("actorCount", { count: actors.length })];
      lines.push(helices.length ? R.line("missingHelices", { names: helices.join(", ") }) : R.line("allHelices"));
      lines.push(levels.length ? R.line("missingLevels", { names: levels.join(", ") }) : R.line("allLevels"));
      if (cells) {
        lines.push(R.line(helices.length || levels.length ? "otherEmptyCells" : "emptyCells", { cells: cells }));
      } else if (!(helices.length || levels.length)) {
        lines.push(R.line("noEmptyCells"));
      }
      if (helices.length || levels.length || cells) { lines.push(R.line("ask")); }
      return lines;
    }
  };

  /* Obstacle analysis: input {scores: [score per obstacle], own: [[name, score], ...]} */
  KINDS.obstacle_analysis = {
    blank: function (R) { return { scores: R.ex.obstacles.map(function () { return R.scale.min; }), own: [] }; },
    example: function (R) { return { scores: R.ex.example.slice(), own: [] }; },
    sanitise: function (R, input) {
      var scores = input && Array.isArray(input.scores) ? input.scores : [];
      var own = [];
      var self = this;
      (input && Array.isArray(input.own) ? input.own : []).forEach(function (o) {
        if (Array.isArray(o) && typeof o[0] === "string" && self.ownProblem(R, o[0], own.map(function (p) { return p[0]; })) === null) {
          own.push([cleanName(o[0]), R.score(o[1])]);
        }
      });
      return { scores: R.ex.obstacles.map(function (o, i) { return R.score(scores[i]); }), own: own };
    },
    ownProblem: function (R, name, own) {
      if (own.length >= R.ex.max_own) { return R.say("tooMany", { limit: R.ex.max_own }); }
      return R.nameProblem(name, R.ex.obstacles.map(function (o) { return o.name; }).concat(own));
    },
    entries: function (R, input) {
      var self = this;
      var list = R.ex.obstacles.map(function (item, i) { return { item: item, name: item.name, score: input.scores[i] }; });
      var added = [];
      input.own.forEach(function (o) {
        if (self.ownProblem(R, o[0], added) === null) {
          added.push(cleanName(o[0]));
          list.push({ item: null, name: cleanName(o[0]), score: o[1] });
        }
      });
      return list;
    },
    ranking: function (R, input) { return ranked(this.entries(R, input), function (e) { return e.score; }); },
    columns: function (R) { return [R.str.rank, R.str.obstacle, R.str.score, R.str.sign]; },
    rows: function (R, input) {
      return this.ranking(R, input).map(function (e, i) { return [i + 1, e.name, e.score, e.item ? e.item.sign || "" : ""]; });
    },
    findings: function (R, input) {
      var top = this.ranking(R, input).filter(function (e) { return e.score > 0; }).slice(0, 3);
      if (!top.length) { return [R.line("noObstacles")]; }
      var lines = top.map(function (e, i) {
        if (!e.item) { return R.line("ownObstacleLine", { rank: i + 1, obstacle: e.name, score: e.score }); }
        return R.line("obstacleLine", { rank: i + 1, obstacle: e.name, score: e.score, section: [R.section(e.item.revisit[0])] });
      });
      return lines.concat([R.line("report", { section: [R.section(R.ex.report)] })]);
    }
  };

  /* What the rules give for *input*: the table's columns and rows, the findings (as text and
   * as parts with links) and the CSV text, as the notebook writes it. */
  function result(R, kind, input) {
    var columns = kind.columns(R);
    var rows = kind.rows(R, input);
    var findings = kind.findings(R, input);
    return { columns: columns, rows: rows, findings: findings, texts: findings.map(text),
             csv: S.csv(rows.length ? [columns].concat(rows) : [[R.str.empty]]) };
  }

  W.compute = function (data, input) {
    var R = new Rules(data), kind = KINDS[data.key];
    var out = result(R, kind, kind.sanitise(R, input));
    return { columns: out.columns, rows: out.rows.map(function (r) { return r.map(String); }), findings: out.texts, csv: out.csv };
  };

  /* ---- charts: inline SVG, white like paper in both colour modes, series told apart by
   *      colour and by line style, marker or pattern ---- */

  function svgEl(tag, attrs, content) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  /* Lines of at most *width* characters; a longer word is split with a hyphen. */
  function wrap(label, width) {
    var lines = [], current = "";
    String(label).split(/\s+/).forEach(function (word) {
      while (Array.from(word).length > width) {
        if (current) { lines.push(current); current = ""; }
        lines.push(Array.from(word).slice(0, width - 1).join("") + "-");
        word = Array.from(word).slice(width - 1).join("");
      }
      if (!current) { current = word; } else if (Array.from(current + " " + word).length <= width) { current += " " + word; } else {
        lines.push(current);
        current = word;
      }
    });
    if (current) { lines.push(current); }
    return lines.length ? lines : [""];
  }

  function label(parent, lines, x, y, attrs) {
    var node = svgEl("text", Object.assign({ x: x, y: y, fill: INK }, attrs || {}));
    lines.forEach(function (line, i) {
      node.appendChild(svgEl("tspan", { x: x, dy: i ? "1.2em" : "0" }, line));
    });
    parent.appendChild(node);
    return node;
  }

  /* The chart's frame: its text alternative (title and desc), white paper, the title on top
   * (svg.top is where the content starts). The height is set by `resize` once drawn. */
  function frame(id, width, title, desc) {
    var svg = svgEl("svg", { width: width, height: 100, viewBox: "0 0 " + width + " 100", role: "img",
                             "aria-labelledby": id + "-title " + id + "-desc", class: "s3k-ws-chart-svg",
                             "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "font-size": "14" });
    svg.appendChild(svgEl("title", { id: id + "-title" }, title));
    svg.appendChild(svgEl("desc", { id: id + "-desc" }, desc));
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: width, height: 100, fill: "#ffffff" }));
    var lines = wrap(title, Math.floor((width - 32) / 10.5));  // bold 16 px: up to 10.5 px a character in wide fonts
    label(svg, lines, 16, 28, { "font-size": "16", "font-weight": "700" });
    svg.top = 28 + (lines.length - 1) * 19 + 14;
    return svg;
  }

  function resize(svg, width, height) {
    height = Math.ceil(height);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.querySelector("rect").setAttribute("height", height);
    return svg;
  }

  /* Patterns laid over a colour: none, stripes, dots, cross-hatching; and one for an empty cell. */
  function patterns(svg, id) {
    var defs = svgEl("defs");
    var shapes = [
      null,
      [["path", { d: "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", stroke: "#ffffff", "stroke-width": "2" }]],
      [["circle", { cx: 4, cy: 4, r: 1.6, fill: "#ffffff" }]],
      [["path", { d: "M0,0 l8,8 M8,0 l-8,8", stroke: "#ffffff", "stroke-width": "1.5" }]]
    ];
    shapes.forEach(function (shape, i) {
      if (!shape) { return; }
      var p = svgEl("pattern", { id: id + "-p" + i, width: 8, height: 8, patternUnits: "userSpaceOnUse" });
      shape.forEach(function (s) { p.appendChild(svgEl(s[0], s[1])); });
      defs.appendChild(p);
    });
    var empty = svgEl("pattern", { id: id + "-empty", width: 10, height: 10, patternUnits: "userSpaceOnUse" });
    empty.appendChild(svgEl("path", { d: "M0,10 l10,-10", stroke: "#9a9a9a", "stroke-width": "1" }));
    defs.appendChild(empty);
    svg.appendChild(defs);
  }

  function swatch(parent, id, i, x, y) {
    parent.appendChild(svgEl("rect", { x: x, y: y, width: 22, height: 14, fill: COLOURS[i % 4] }));
    if (i % 4) { parent.appendChild(svgEl("rect", { x: x, y: y, width: 22, height: 14, fill: "url(#" + id + "-p" + (i % 4) + ")" })); }
  }

  /* A legend in rows: [draw(svg, x, y), text] items from *y*; returns the height used. */
  function legend(svg, heading, items, y, width) {
    var start = 16;
    if (heading) {
      label(svg, [heading + ":"], start, y + 12, { "font-weight": "600" });
      start += Array.from(heading).length * 8 + 16;
    }
    var x = start, row = 0;
    items.forEach(function (item) {
      var w = 34 + Array.from(item[1]).length * 7.5 + 18;
      if (x + w > width - 8 && x > start) { row += 1; x = start; }
      item[0](svg, x, y + row * 24);
      label(svg, [item[1]], x + 30, y + row * 24 + 12);
      x += w;
    });
    return (row + 1) * 24;
  }

  function marker(parent, shape, x, y, colour) {
    var r = 5;
    if (shape === "circle") { parent.appendChild(svgEl("circle", { cx: x, cy: y, r: r, fill: colour })); return; }
    var points = {
      square: [[-r, -r], [r, -r], [r, r], [-r, r]],
      triangle: [[0, -r - 1], [r + 1, r], [-r - 1, r]],
      diamond: [[0, -r - 1], [r + 1, 0], [0, r + 1], [-r - 1, 0]]
    }[shape];
    parent.appendChild(svgEl("polygon", { points: points.map(function (p) { return (x + p[0]) + "," + (y + p[1]); }).join(" "), fill: colour }));
  }

  /* Each chart for a *width* of 640 (or 400 where the page is narrow), its height following the content. */
  var CHARTS = {};

  CHARTS.self_assessment = function (R, input, id, width) {
    var narrow = width < 500;
    var steps = R.ex.steps, factors = R.ex.factors, top = R.scale.max;
    var svg = frame(id, width, R.str.radarTitle, S.format(R.str.radarDesc, { min: R.scale.min, max: top }));
    var radius = narrow ? 92 : 160, labelWidth = narrow ? 14 : 16, size = narrow ? "13" : "14", lineHeight = narrow ? 16 : 17;
    var cx = width / 2, cy = svg.top + (narrow ? 44 : 50) + radius;
    var angle = function (i) { return -Math.PI / 2 + 2 * Math.PI * i / steps.length; };
    var at = function (i, value) {
      return [cx + radius * value / top * Math.cos(angle(i)), cy + radius * value / top * Math.sin(angle(i))];
    };
    for (var ring = 1; ring <= top; ring++) {
      svg.appendChild(svgEl("polygon", { points: steps.map(function (s, i) { return at(i, ring).join(","); }).join(" "),
                                         fill: "none", stroke: RULE, "stroke-width": "1" }));
      label(svg, [String(ring)], cx + 4, cy - radius * ring / top + 12, { fill: MUTED, "font-size": "12", stroke: "#ffffff",
                                                                     "stroke-width": "3", "paint-order": "stroke" });
    }
    var bottom = cy + radius;
    steps.forEach(function (step, i) {
      var end = at(i, top);
      svg.appendChild(svgEl("line", { x1: cx, y1: cy, x2: end[0], y2: end[1], stroke: RULE, "stroke-width": "1" }));
      var cos = Math.cos(angle(i)), sin = Math.sin(angle(i));
      var lines = wrap(step.name, labelWidth);
      var x = cx + (radius + 12) * cos;
      var y = cy + (radius + 16) * sin + (sin < -0.5 ? -(lines.length - 1) * lineHeight : sin > 0.5 ? 8 : -((lines.length - 1) * lineHeight) / 2 + 4);
      label(svg, lines, x, y, { "text-anchor": Math.abs(cos) < 0.2 ? "middle" : cos > 0 ? "start" : "end",
                                "font-weight": "600", "font-size": size });
      bottom = Math.max(bottom, y + (lines.length - 1) * lineHeight + 6);
    });
    factors.forEach(function (factor, j) {
      var points = steps.map(function (s, i) { return at(i, input.scores[i][j]); });
      var attrs = { points: points.map(function (p) { return p.join(","); }).join(" "), fill: "none",
                    stroke: COLOURS[j % 4], "stroke-width": "2.5" };
      if (DASHES[j % 4]) { attrs["stroke-dasharray"] = DASHES[j % 4]; }
      svg.appendChild(svgEl("polygon", attrs));
      points.forEach(function (p) { marker(svg, MARKERS[j % 4], p[0], p[1], COLOURS[j % 4]); });
    });
    var used = legend(svg, R.str.factorLegend, factors.map(function (factor, j) {
      return [function (svg, x, y) {
        var attrs = { x1: x, y1: y + 7, x2: x + 24, y2: y + 7, stroke: COLOURS[j % 4], "stroke-width": "2.5" };
        if (DASHES[j % 4]) { attrs["stroke-dasharray"] = DASHES[j % 4]; }
        svg.appendChild(svgEl("line", attrs));
        marker(svg, MARKERS[j % 4], x + 12, y + 7, COLOURS[j % 4]);
      }, factor.name];
    }), bottom + 20, width);
    return resize(svg, width, bottom + 20 + used + 8);
  };

  /* Horizontal bars, one per row of *bars* ({name, parts: [[value, style]], total}), each name
   * above its bar. */
  function barChart(R, id, width, title, desc, legendHeading, legendItems, bars, unitMax, ticks, emptyText) {
    var left = 16, right = 48, barHeight = 24, chars = Math.floor((width - 2 * left) / 8.2);
    var svg = frame(id, width, title, desc);
    patterns(svg, id);
    var top = svg.top + 4;
    if (legendItems.length) { top += legend(svg, legendHeading, legendItems, top, width) + 12; }
    top += ticks ? 24 : 4;
    var span = width - left - right;
    var scale = function (v) { return span * v / unitMax; };
    var y = top;
    if (!bars.length) {
      label(svg, wrap(emptyText, chars), left, top + 20, { fill: MUTED });
      y += 40;
    }
    bars.forEach(function (bar) {
      var lines = wrap(bar.name, chars);
      label(svg, lines, left, y + 14, { "font-weight": "600" });
      var barY = y + lines.length * 17 + 4;
      var x = left;
      bar.parts.forEach(function (part) {
        var w = scale(part[0]);
        if (!w) { return; }
        svg.appendChild(svgEl("rect", { x: x, y: barY, width: w, height: barHeight, fill: COLOURS[part[1] % 4], stroke: "#ffffff", "stroke-width": "1" }));
        if (part[1] % 4) { svg.appendChild(svgEl("rect", { x: x, y: barY, width: w, height: barHeight, fill: "url(#" + id + "-p" + (part[1] % 4) + ")" })); }
        x += w;
      });
      label(svg, [String(bar.total)], x + 6, barY + 17, { "font-weight": "700" });
      y = barY + barHeight + 14;
    });
    var height = y + 8;
    if (ticks) {  // a line and a figure at each point of the scale, behind the bars
      var grid = svgEl("g");
      for (var t = 0; t <= unitMax; t++) {
        grid.appendChild(svgEl("line", { x1: left + scale(t), y1: top - 8, x2: left + scale(t), y2: height - 8, stroke: RULE, "stroke-width": "1" }));
        label(grid, [String(t)], left + scale(t), top - 12, { "text-anchor": "middle", fill: MUTED, "font-size": "12" });
      }
      svg.insertBefore(grid, svg.querySelector("defs").nextSibling);
    }
    return resize(svg, width, height);
  }

  CHARTS.prioritisation = function (R, input, id, width) {
    var kind = KINDS.prioritisation;
    var legendItems = R.ex.criteria.map(function (c, j) {
      return [function (svg, x, y) { swatch(svg, id, j, x, y); }, c.name];
    });
    var bars = kind.ranking(R, input).map(function (area) {
      return { name: area[0], parts: area[1].map(function (v, j) { return [v, j]; }), total: sum(area[1]) };
    });
    return barChart(R, id, width, R.str.barsTitle, R.str.barsDesc, R.str.criterionLegend, legendItems, bars,
                    R.scale.max * R.ex.criteria.length, false, text(R.line("noAreas")));
  };

  CHARTS.obstacle_analysis = function (R, input, id, width) {
    var kind = KINDS.obstacle_analysis;
    var list = kind.ranking(R, input);
    var hasOwn = list.some(function (e) { return !e.item; });
    var legendItems = hasOwn ? [[function (svg, x, y) { swatch(svg, id, 0, x, y); }, R.str.listedLegend],
                                [function (svg, x, y) { swatch(svg, id, 1, x, y); }, R.str.ownLegend]] : [];
    var bars = list.map(function (e) { return { name: e.name, parts: [[e.score, e.item ? 0 : 1]], total: e.score }; });
    return barChart(R, id, width, R.str.obstacleTitle, S.format(R.str.obstacleDesc, { min: R.scale.min, max: R.scale.max }),
                    "", legendItems, bars, R.scale.max, true, "");
  };

  /* The grid: parts of the helix as columns and levels as rows; on a narrow chart the other way
   * round, so that the longer names get the wider column. */
  CHARTS.actor_mapping = function (R, input, id, width) {
    var narrow = width < 500;
    var kind = KINDS.actor_mapping;
    var helices = kind.helices(R), levels = kind.levels(R);
    var counts = kind.grid(R, input.actors), missing = kind.missing(R, input.actors);
    var cols = narrow ? levels : helices, rows = narrow ? helices : levels;
    var colsMissing = missing[narrow ? 1 : 0], rowsMissing = missing[narrow ? 0 : 1];
    var count = function (row, col) { return narrow ? counts[col][row] : counts[row][col]; };
    var left = narrow ? 112 : 150, cellW = (width - left - 12) / cols.length, cellH = narrow ? 48 : 56;
    var size = narrow ? "13" : "14", lineHeight = narrow ? 15 : 17;
    var svg = frame(id, width, R.str.gridTitle, R.str.gridDesc);
    patterns(svg, id);
    var heads = cols.map(function (name) {
      var lines = wrap(name, narrow ? 9 : 14);
      if (colsMissing.indexOf(name) !== -1) { lines.push(R.str.missingMark); }
      return lines;
    });
    var top = svg.top + 8 + max(heads.map(function (l) { return l.length; })) * lineHeight;
    var fills = ["url(#" + id + "-empty)", "#d6e4f0", "#9dbfdc", COLOURS[0]];
    heads.forEach(function (lines, col) {
      label(svg, lines, left + col * cellW + cellW / 2, top - 8 - (lines.length - 1) * lineHeight,
            { "text-anchor": "middle", "font-weight": "600", "font-size": size });
    });
    rows.forEach(function (name, row) {
      var lines = wrap(name, narrow ? 13 : 16);
      if (rowsMissing.indexOf(name) !== -1) { lines.push(R.str.missingMark); }
      label(svg, lines, 12, top + row * cellH + cellH / 2 + 5 - (lines.length - 1) * lineHeight / 2,
            { "font-weight": "600", "font-size": size });
      cols.forEach(function (other, col) {
        var n = count(row, col);
        var x = left + col * cellW, y = top + row * cellH;
        svg.appendChild(svgEl("rect", { x: x, y: y, width: cellW, height: cellH, fill: "#ffffff", stroke: "#8a8a8a" }));
        svg.appendChild(svgEl("rect", { x: x + 1, y: y + 1, width: cellW - 2, height: cellH - 2, fill: fills[Math.min(n, 3)] }));
        label(svg, [String(n)], x + cellW / 2, y + cellH / 2 + 7,
              { "text-anchor": "middle", "font-size": "20", "font-weight": "700", fill: n >= 3 ? "#ffffff" : INK });
      });
    });
    return resize(svg, width, top + rows.length * cellH + 16);
  };

  /* ---- the tools on the page ---- */

  function html(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function stamp(date) {
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + p(date.getMonth() + 1) + p(date.getDate()) + "-" + p(date.getHours()) +
      p(date.getMinutes()) + p(date.getSeconds());
  }

  function Tool(root) {
    var tool = this;
    this.root = root;
    this.data = S.data(root, "script.s3k-ws-data");
    this.R = new Rules(this.data);
    this.kind = KINDS[this.data.key];
    this.base = "s3k-ws-" + this.data.key;
    this.keep = S.keep("workshop:" + this.data.key);
    this.box = root.querySelector(".s3k-ws-inputs");
    this.announcer = root.querySelector(".s3k-ws-announce");
    this.timer = null;
    var stored = this.keep.read();
    this.state = stored && stored.version === this.data.version ? this.kind.sanitise(this.R, stored.input) : this.kind.blank(this.R);
    this.build();
    this.render();
    this.announced = this.current.texts.join(" ");
    var on = function (selector, fn) { root.querySelector(selector).addEventListener("click", fn.bind(tool)); };
    on(".s3k-ws-csv", this.downloadCsv);
    on(".s3k-ws-svg", this.downloadSvg);
    on(".s3k-ws-png", this.downloadPng);
    on(".s3k-ws-print", this.print);
    on(".s3k-ws-example", this.fillExample);
    on(".s3k-ws-reset", this.reset);
    root.querySelector(".s3k-ws-tool").hidden = false;
    this.render();  // now that the chart's room is known
    var resized = null;
    window.addEventListener("resize", function () {
      clearTimeout(resized);
      resized = setTimeout(function () { if (tool.chartWidth() !== tool.width) { tool.render(); } }, 200);
    });
    if (!this.keep.available()) { root.querySelector(".s3k-ws-storage-note").hidden = false; }
    root.dataset.ready = "true";
  }

  Tool.prototype.build = function () {
    this.box.textContent = "";
    BUILD[this.data.key](this, this.box);
  };

  /* A change to the input: kept, drawn at once, announced once the input settles. */
  Tool.prototype.change = function () {
    this.keep.write({ version: this.data.version, input: this.state });
    this.render();
    var tool = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { tool.announce(); }, W.settle);
  };

  Tool.prototype.announce = function () {
    var said = this.current.texts.join(" ");
    if (said !== this.announced) {
      this.announced = said;
      this.announcer.textContent = said;
    }
  };

  /* A message announced now (added, removed, a problem). */
  Tool.prototype.say = function (message) {
    this.announcer.textContent = message;
    this.announced = null;
  };

  Tool.prototype.render = function () {
    var out = this.current = result(this.R, this.kind, this.state);
    var head = this.root.querySelector("thead"), body = this.root.querySelector("tbody");
    head.textContent = "";
    body.textContent = "";
    var tr = head.appendChild(html("tr"));
    out.columns.forEach(function (c) { var th = tr.appendChild(html("th", null, c)); th.scope = "col"; });
    out.rows.forEach(function (row) {
      var r = body.appendChild(html("tr"));
      row.forEach(function (v) { r.appendChild(html("td", null, String(v))); });
    });
    var list = this.root.querySelector(".s3k-ws-findings");
    list.textContent = "";
    out.findings.forEach(function (line) {
      var li = list.appendChild(html("li"));
      line.forEach(function (part) {
        if (typeof part === "string") {
          li.appendChild(document.createTextNode(part));
        } else {
          var a = li.appendChild(html("a", null, part.text));
          a.href = part.url;
        }
      });
    });
    var chart = this.root.querySelector(".s3k-ws-chart");
    this.width = this.chartWidth();
    chart.textContent = "";
    chart.appendChild(CHARTS[this.data.key](this.R, this.state, this.base + "-chart", this.width));
    this.afterRender();
  };

  Tool.prototype.afterRender = function () {};

  /* 640 wide, or 400 where the chart has less room than that (a phone, a zoomed page). */
  Tool.prototype.chartWidth = function () {
    var room = this.root.querySelector(".s3k-ws-chart").clientWidth;
    return room && room < 560 ? 400 : 640;
  };

  Tool.prototype.load = function (input) {
    this.state = this.kind.sanitise(this.R, input);
    this.build();
    this.change();
  };

  Tool.prototype.input = function () { return JSON.parse(JSON.stringify(this.state)); };

  Tool.prototype.snapshot = function () {
    var root = this.root;
    var cells = function (selector) {
      return Array.prototype.map.call(root.querySelectorAll(selector), function (tr) {
        return Array.prototype.map.call(tr.children, function (c) { return c.textContent; });
      });
    };
    return {
      columns: cells("thead tr")[0],
      rows: cells("tbody tr"),
      findings: Array.prototype.map.call(root.querySelectorAll(".s3k-ws-findings li"), function (li) { return li.textContent; }),
      csv: this.csvText()
    };
  };

  Tool.prototype.csvText = function () { return this.current.csv; };

  Tool.prototype.fileName = function (ext) { return this.data.file + "-" + stamp(new Date()) + "." + ext; };

  Tool.prototype.svgText = function () {
    var svg = this.root.querySelector(".s3k-ws-chart svg");
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  };

  Tool.prototype.downloadCsv = function () { S.download(this.fileName("csv"), "text/csv;charset=utf-8", this.csvText()); };

  Tool.prototype.downloadSvg = function () { S.download(this.fileName("svg"), "image/svg+xml", this.svgText()); };

  /* The chart drawn from its SVG on a canvas, at the chart's own size. */
  Tool.prototype.png = function (done) {
    var svg = this.root.querySelector(".s3k-ws-chart svg");
    var width = Number(svg.getAttribute("width")), height = Number(svg.getAttribute("height"));
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      canvas.getContext("2d").drawImage(image, 0, 0, width, height);
      canvas.toBlob(done, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(this.svgText());
  };

  Tool.prototype.downloadPng = function () {
    var name = this.fileName("png");
    this.png(function (blob) { S.download(name, "image/png", blob); });
  };

  Tool.prototype.print = function () {
    var body = document.body, root = this.root;
    root.querySelector(".s3k-ws-print-date").textContent = S.format(this.R.str.printed, { date: S.formatDate(new Date().toISOString()) });
    body.classList.add("s3k-ws-printing");
    root.classList.add("s3k-ws-print-target");
    var done = function () {
      body.classList.remove("s3k-ws-printing");
      root.classList.remove("s3k-ws-print-target");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  };

  Tool.prototype.isBlank = function () {
    return JSON.stringify(this.state) === JSON.stringify(this.kind.blank(this.R));
  };

  Tool.prototype.fillExample = function () {
    if (!this.isBlank() && !window.confirm(this.R.str.exampleConfirm)) { return; }
    this.load(this.kind.example(this.R));
    this.say(this.R.str.exampleDone);
  };

  Tool.prototype.reset = function () {
    if (!window.confirm(this.R.str.resetConfirm)) { return; }
    this.keep.remove();
    this.state = this.kind.blank(this.R);
    this.build();
    this.render();
    clearTimeout(this.timer);
    this.say(this.R.str.resetDone);
    var first = this.box.querySelector("input, select, button");
    if (first) { first.focus(); }
  };

  /* ---- the inputs ---- */

  /* A field for one score: a whole number on the scale, with the problem shown beside it. */
  /* A labelled input of *type* in a row of class s3k-ws-<kind>: {row, input}. */
  function fieldRow(id, name, kind, type) {
    var row = html("div", "s3k-ws-field s3k-ws-" + kind);
    var lab = row.appendChild(html("label", null, name));
    lab.htmlFor = id;
    var input = row.appendChild(html("input"));
    input.type = type;
    input.id = id;
    return { row: row, input: input };
  }

  function scoreField(tool, id, name, hints, value, onValid) {
    var R = tool.R;
    var made = fieldRow(id, name, "score", "number"), row = made.row, input = made.input;
    input.min = R.scale.min;
    input.max = R.scale.max;
    input.step = 1;
    input.inputMode = "numeric";
    input.value = value;
    var error = row.appendChild(html("p", "s3k-ws-error"));
    error.id = id + "-error";
    error.hidden = true;
    input.setAttribute("aria-describedby", hints.concat([error.id]).join(" "));
    function check(commit) {
      var text = input.value.trim();
      var v = /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
      if (R.isScore(v)) {
        input.removeAttribute("aria-invalid");
        error.hidden = true;
        error.textContent = "";
        onValid(v);
      } else if (commit || text !== "" || input.validity.badInput) {
        var message = R.say("scoreOutside", { min: R.scale.min, max: R.scale.max });
        var fresh = error.hidden;
        input.setAttribute("aria-invalid", "true");
        error.textContent = message;
        error.hidden = false;
        if (fresh) { tool.say(message); }
      }
    }
    input.addEventListener("input", function () { check(false); });
    input.addEventListener("change", function () { check(true); });
    return row;
  }

  /* A field for a name, with its limit and the problem shown beside it. */
  function nameField(tool, id, name, placeholder) {
    var R = tool.R;
    var made = fieldRow(id, name, "name", "text"), row = made.row, input = made.input;
    input.autocomplete = "off";
    if (placeholder) { input.placeholder = placeholder; }
    var hint = row.appendChild(html("p", "s3k-ws-hint", S.format(R.str.nameHint, { limit: R.ex.max_name_length })));
    hint.id = id + "-hint";
    var error = row.appendChild(html("p", "s3k-ws-error"));
    error.id = id + "-error";
    error.hidden = true;
    input.setAttribute("aria-describedby", hint.id + " " + error.id);
    return { row: row, input: input, show: function (problem) {
      error.textContent = problem || "";
      error.hidden = !problem;
      if (problem) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    } };
  }

  function scaleHint(tool, box) {
    var R = tool.R;
    var labels = Object.keys(R.scale.labels).map(function (k) { return k + " = " + R.scale.labels[k].toLowerCase(); }).join("; ");
    var p = box.appendChild(html("p", "s3k-ws-hint s3k-ws-scale", S.format(R.str.scale, { labels: labels })));
    p.id = tool.base + "-scale";
    return p.id;
  }

  /* "Ta bort <name>" for entry *k* of *entries* ([name, …]): it removes the entry, redraws (*redraw*),
   * says so, and moves focus to *focusAfter()* (the element that now stands where the entry stood). */
  function removeButton(tool, entries, k, name, redraw, focusAfter) {
    var button = html("button", "s3k-ws-remove", S.format(tool.R.str.remove, { name: name }));
    button.type = "button";
    button.addEventListener("click", function () {
      var said = cleanName(entries[k][0]) || name;  // an area's name as it reads now (it may be typed after drawing)
      entries.splice(k, 1);
      redraw();
      tool.change();
      tool.say(S.format(tool.R.str.removed, { name: said }));
      focusAfter().focus();
    });
    return button;
  }

  /* Submitting *form* adds the name typed in *field*: *problemOf(text)* says why it cannot be used
   * (shown, said and focused), else *add(name)* stores it, the list is redrawn (*fill*) and focus
   * goes to *focusAfter()*. */
  function onAdd(tool, form, field, fill, problemOf, add, focusAfter) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problem = problemOf(field.input.value);
      field.show(problem);
      if (problem) {
        tool.say(problem);
        field.input.focus();
        return;
      }
      var name = cleanName(field.input.value);
      add(name);
      field.input.value = "";
      fill();
      tool.change();
      tool.say(S.format(tool.R.str.added, { name: name }));
      focusAfter().focus();
    });
  }

  /* In a list of named entries: the next remove button, or the one before, or the name field. */
  function nextInList(list, k, field) {
    return function () {
      var buttons = list.querySelectorAll(".s3k-ws-remove");
      return buttons[k] || buttons[k - 1] || field.input;
    };
  }

  var BUILD = {};

  BUILD.self_assessment = function (tool, box) {
    var R = tool.R, scale = scaleHint(tool, box);
    R.ex.steps.forEach(function (step, i) {
      var set = box.appendChild(html("fieldset", "s3k-ws-group"));
      set.appendChild(html("legend", null, step.name));
      var hint = set.appendChild(html("p", "s3k-ws-hint", step.explanation || ""));
      hint.id = tool.base + "-step" + i;
      var fields = set.appendChild(html("div", "s3k-ws-fields"));
      R.ex.factors.forEach(function (factor, j) {
        fields.appendChild(scoreField(tool, tool.base + "-s" + i + "-f" + j, factor.name, [hint.id, scale],
                                      tool.state.scores[i][j], function (v) {
          if (tool.state.scores[i][j] !== v) { tool.state.scores[i][j] = v; tool.change(); }
        }));
      });
    });
  };

  BUILD.prioritisation = function (tool, box) {
    var R = tool.R, kind = tool.kind, scale = scaleHint(tool, box);
    var list = box.appendChild(html("div", "s3k-ws-areas"));
    var names = [];
    tool.state.areas.forEach(function (area, k) {
      var set = list.appendChild(html("fieldset", "s3k-ws-group s3k-ws-area"));
      var title = S.format(R.str.areaN, { n: k + 1 });
      set.appendChild(html("legend", null, title));
      var field = nameField(tool, tool.base + "-a" + k + "-name", R.str.areaName);
      field.input.value = area[0];
      set.appendChild(field.row);
      names.push(field);
      var fields = set.appendChild(html("div", "s3k-ws-fields"));
      R.ex.criteria.forEach(function (criterion, j) {
        fields.appendChild(scoreField(tool, tool.base + "-a" + k + "-c" + j, criterion.name, [scale], area[1][j], function (v) {
          if (area[1][j] !== v) { area[1][j] = v; tool.change(); }
        }));
      });
      var remove = set.appendChild(removeButton(tool, tool.state.areas, k, cleanName(area[0]) || title,
        function () { tool.build(); },
        function () {
          return tool.box.querySelectorAll(".s3k-ws-area input[type=text]")[k] || tool.box.querySelector(".s3k-ws-add-area");
        }));
      field.input.addEventListener("input", function () {
        area[0] = field.input.value;
        remove.textContent = S.format(R.str.remove, { name: cleanName(area[0]) || title });  // the button names the area as typed
        tool.change();
      });
      field.input.addEventListener("change", function () {
        var problem = kind.problems(R, tool.state)[k];
        if (problem) { tool.say(problem); }
      });
    });
    var add = box.appendChild(html("button", "s3k-ws-add-area", R.str.addArea));
    add.type = "button";
    var full = box.appendChild(html("p", "s3k-ws-error"));
    full.hidden = true;
    add.addEventListener("click", function () {
      if (tool.state.areas.length >= R.ex.max_areas) {
        full.textContent = R.say("tooMany", { limit: R.ex.max_areas });
        full.hidden = false;
        tool.say(full.textContent);
        return;
      }
      tool.state.areas.push(["", R.ex.criteria.map(function () { return R.scale.min; })]);
      tool.build();
      tool.change();
      var fields = tool.box.querySelectorAll(".s3k-ws-area input[type=text]");
      fields[fields.length - 1].focus();
    });
    // each area's problem with its name, shown as the rules see it after every change
    tool.afterRender = function () {
      kind.problems(R, tool.state).forEach(function (problem, k) { if (names[k]) { names[k].show(problem); } });
    };
  };

  BUILD.actor_mapping = function (tool, box) {
    var R = tool.R, kind = tool.kind;
    var form = box.appendChild(html("form", "s3k-ws-add"));
    form.noValidate = true;
    var field = nameField(tool, tool.base + "-name", R.str.actorName, R.str.actorPlaceholder);
    form.appendChild(field.row);
    var selects = [["helix", R.str.helix, kind.helices(R)], ["level", R.str.level, kind.levels(R)]].map(function (spec) {
      var row = form.appendChild(html("div", "s3k-ws-field"));
      var lab = row.appendChild(html("label", null, spec[1]));
      var select = row.appendChild(html("select"));
      select.id = lab.htmlFor = tool.base + "-" + spec[0];
      spec[2].forEach(function (name) { var o = select.appendChild(html("option", null, name)); o.value = name; });
      return select;
    });
    var add = form.appendChild(html("button", "s3k-ws-add-button", R.str.add));
    add.type = "submit";
    box.appendChild(html("h4", null, R.str.actorsHeading));
    var list = box.appendChild(html("ul", "s3k-ws-list"));
    function fill() {
      list.textContent = "";
      tool.state.actors.forEach(function (actor, k) {
        var li = list.appendChild(html("li"));
        li.appendChild(html("span", null, S.format(R.str.actorItem, { name: actor[0], helix: actor[1], level: actor[2] })));
        li.appendChild(removeButton(tool, tool.state.actors, k, actor[0], fill, nextInList(list, k, field)));
      });
    }
    onAdd(tool, form, field, fill, function (text) {
      return R.nameProblem(text, tool.state.actors.map(function (a) { return a[0]; }));
    }, function (name) {
      tool.state.actors.push([name, selects[0].value, selects[1].value]);
    }, function () { return field.input; });
    fill();
  };

  BUILD.obstacle_analysis = function (tool, box) {
    var R = tool.R, kind = tool.kind, scale = scaleHint(tool, box);
    var seven = box.appendChild(html("div", "s3k-ws-fields s3k-ws-obstacles"));
    R.ex.obstacles.forEach(function (obstacle, i) {
      var id = tool.base + "-o" + i;
      var field = scoreField(tool, id, obstacle.name, [id + "-sign", scale], tool.state.scores[i], function (v) {
        if (tool.state.scores[i] !== v) { tool.state.scores[i] = v; tool.change(); }
      });
      var sign = html("p", "s3k-ws-hint", S.format(R.str.signHint, { sign: obstacle.sign || "" }));
      sign.id = id + "-sign";
      field.insertBefore(sign, field.querySelector(".s3k-ws-error"));
      seven.appendChild(field);
    });
    box.appendChild(html("h4", null, R.str.ownHeading));
    box.appendChild(html("p", null, S.format(R.str.ownNote, { limit: R.ex.max_own })));
    var form = box.appendChild(html("form", "s3k-ws-add"));
    form.noValidate = true;
    var field = nameField(tool, tool.base + "-own", R.str.ownName, R.str.ownPlaceholder);
    form.appendChild(field.row);
    var add = form.appendChild(html("button", "s3k-ws-add-button", R.str.ownAdd));
    add.type = "submit";
    var list = box.appendChild(html("ul", "s3k-ws-list s3k-ws-own"));
    function fill() {
      list.textContent = "";
      tool.state.own.forEach(function (own, k) {
        var li = list.appendChild(html("li"));
        li.appendChild(scoreField(tool, tool.base + "-own" + k, own[0], [scale], own[1], function (v) {
          if (own[1] !== v) { own[1] = v; tool.change(); }
        }));
        li.appendChild(removeButton(tool, tool.state.own, k, own[0], fill, nextInList(list, k, field)));
      });
    }
    onAdd(tool, form, field, fill, function (text) {
      return kind.ownProblem(R, text, tool.state.own.map(function (o) { return o[0]; }));
    }, function (name) {
      tool.state.own.push([name, R.scale.min]);
    }, function () { return list.querySelector("li:last-child input"); });  // the new obstacle's score
    fill();
  };

  S.ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-workshop]"), function (root) {
      W.tools[root.dataset.s3kWorkshop] = new Tool(root);
    });
  });
})();
