/* s3kurs "Sammanställ gruppens resultat": a trainer picks the files that participants downloaded
 * (results files from "Min progress", exercise CSV files) and sees the group's figures. The files
 * are read in this browser only: nothing is uploaded or sent anywhere.
 *
 * This is s3kurs/results.py and s3kurs/itemstats.py step for step (tests/test_summary.py runs the
 * page and `s3kurs results summarize` on the same files and compares every figure and reason):
 * - reading: size, emptiness, UTF-8, JSON, "format", version, the schema (the validator generated
 *   from the same JSON Schema, S3kurs.resultsValidator), the bank; CSV records, the exercise by its
 *   first row, each row; a file given twice (the same name and content);
 * - the item statistics in whole numbers (BigInt where products grow large), rounded down;
 * - strings compared by code point, as Python compares them. */
(function () {
  "use strict";

  var S = window.S3kurs;
  var hasOwn = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  /* ---- small helpers ---- */

  function cmp(a, b) {  // Python's string order (code points), not UTF-16 units
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) { return d < 0 ? -1 : 1; }
    }
    return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
  }

  function cmpList(a, b, compare) {
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      var d = compare(a[i], b[i]);
      if (d) { return d; }
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }

  function sum(values) { return values.reduce(function (a, b) { return a + b; }, 0); }

  /* scoring.sd_tenths: isqrt(⌊100·(nΣx² − (Σx)²) / n²⌋) */
  function sdTenths(values) {
    var n = BigInt(values.length);
    if (!values.length) { return 0; }
    var sx = BigInt(sum(values));
    var sxx = BigInt(sum(values.map(function (v) { return v * v; })));
    return Number(isqrt(floorDiv(100n * (n * sxx - sx * sx), n * n)));
  }

  /* Python's round(x, 4) for the JSON output: to nearest, ties (x = odd/32 here) to even. */
  function round4(x) {
    if (x === null) { return null; }
    var scaled = x * 32;
    if (Number.isInteger(scaled) && scaled % 2 !== 0) {
      var k = Math.floor(x * 10000);
      return (k % 2 === 0 ? k : k + 1) / 10000;
    }
    return Number(x.toFixed(4));
  }

  /* ---- exact figures (s3kurs/itemstats.py) ---- */

  function floorDiv(a, b) {  // BigInt, b > 0
    var q = a / b;
    return (a % b !== 0n && a < 0n) ? q - 1n : q;
  }

  function isqrt(n) {  // BigInt, n >= 0
    if (n < 2n) { return n; }
    var x = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (x * x > n) { x -= 1n; }
    while ((x + 1n) * (x + 1n) <= n) { x += 1n; }
    return x;
  }

  function correlation(xs, ys) {
    var n = xs.length;
    if (n < 2) { return null; }
    var N = BigInt(n);
    var sx = BigInt(sum(xs)), sy = BigInt(sum(ys));
    var sxx = 0n, syy = 0n, sxy = 0n;
    for (var i = 0; i < n; i++) {
      var x = BigInt(xs[i]), y = BigInt(ys[i]);
      sxx += x * x; syy += y * y; sxy += x * y;
    }
    var vx = N * sxx - sx * sx, vy = N * syy - sy * sy;
    if (vx === 0n || vy === 0n) { return null; }
    var num = N * sxy - sx * sy, rad = vx * vy;
    var quotient = floorDiv(10000n * num * num, rad), remainder = 10000n * num * num - quotient * rad;
    var root = isqrt(quotient), hundredths;
    if (num >= 0n) {
      hundredths = root;
    } else {
      hundredths = -((remainder === 0n && root * root === quotient) ? root : root + 1n);
    }
    return { negative: num < 0n, hundredths: Number(hundredths), value: Number(num) / Math.sqrt(Number(rad)) };
  }

  function totals(matrix) { return matrix.map(sum); }

  function discrimination(matrix, item) {
    var answers = matrix.map(function (row) { return row[item]; });
    var rest = totals(matrix).map(function (t, i) { return t - answers[i]; });
    return correlation(answers, rest);
  }

  function kr20(matrix) {
    var n = matrix.length, k = n ? matrix[0].length : 0;
    if (n < 2 || k < 2) { return null; }
    var scores = totals(matrix);
    var spread = BigInt(n) * BigInt(sum(scores.map(function (t) { return t * t; }))) - BigInt(sum(scores)) ** 2n;
    if (spread === 0n) { return null; }
    var S2 = 0n;
    for (var i = 0; i < k; i++) {
      var c = BigInt(sum(matrix.map(function (row) { return row[i]; })));
      S2 += c * (BigInt(n) - c);
    }
    var num = BigInt(k) * (spread - S2), den = BigInt(k - 1) * spread;
    return { hundredths: Number(floorDiv(100n * num, den)), value: Number(num) / Number(den) };
  }

  function distribution(matrix) {
    var k = matrix.length ? matrix[0].length : 0;
    var counts = [];
    for (var i = 0; i <= k; i++) { counts.push(0); }
    totals(matrix).forEach(function (t) { counts[t] += 1; });
    return counts;
  }

  function flags(n, right, index, th) {
    var out = [];
    if (n && 100 * right >= th.too_easy_percent * n) {
      out.push("too-easy");
    } else if (n && 100 * right < th.too_hard_percent * n) {
      out.push("too-hard");
    }
    if (index !== null) {
      if (index.negative) {
        out.push("negative-discrimination");
      } else if (index.hundredths < th.weak_discrimination_hundredths) {
        out.push("no-discrimination");
      }
    }
    return out;
  }

  /* itemstats.analyse: *learners* are Maps {id: right} */
  function analyse(ids, learners, th) {
    var complete = learners.filter(function (a) { return ids.every(function (q) { return a.has(q); }); })
      .map(function (a) { return ids.map(function (q) { return a.get(q) ? 1 : 0; }); });
    var few = th.min_answers;
    var items = ids.map(function (qid, i) {
      var given = learners.filter(function (a) { return a.has(qid); }).map(function (a) { return a.get(qid); });
      var n = given.length, right = given.filter(Boolean).length;
      var index = complete.length ? discrimination(complete, i) : null;
      return { id: qid, n: n, right: right, facility: n ? Math.floor(100 * right / n) : null, index: index,
               complete: complete.length, flags: flags(n, right, index, th),
               few: n < few, fewComplete: complete.length < few };
    });
    var k = kr20(complete);
    return { questions: ids.slice(), learners: complete.length, kr20: k, items: items, few: complete.length < few,
             distribution: complete.length ? distribution(complete) : ids.map(function () { return 0; }).concat([0]) };
  }

  /* ---- reading files (s3kurs/results.py) ---- */

  var ASCII_SPACE = [32, 9, 10, 13, 11, 12];
  var SCORE = /^[0-9]+$/;

  function Reader(info) {
    this.info = info;
    this.reasons = info.reasons;
  }

  Reader.prototype.reason = function (name, params) { return S.format(this.reasons[name], params); };

  Reader.prototype.decode = function (bytes) {  // UTF-8 with an optional BOM, or null
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      return null;
    }
  };

  /* too large (before reading), or empty */
  Reader.prototype.sizeProblem = function (name, size, bytes) {
    if (size > this.info.maxBytes) { return this.reason("large", { path: name, limit: this.info.limit }); }
    if (bytes && bytes.every(function (b) { return ASCII_SPACE.indexOf(b) !== -1; })) {
      return this.reason("empty", { path: name });
    }
    return null;
  };

  /* results.path_key and schema_problem: the smallest location among all the schema's errors */
  function pathParts(pointer) {
    return pointer ? pointer.slice(1).split("/").map(function (p) { return p.replace(/~1/g, "/").replace(/~0/g, "~"); }) : [];
  }

  function comparePart(a, b) {
    var da = /^[0-9]+$/.test(a), db = /^[0-9]+$/.test(b);
    if (da && db) { var x = BigInt(a), y = BigInt(b); return x < y ? -1 : x > y ? 1 : 0; }
    if (da !== db) { return da ? -1 : 1; }
    return cmp(a, b);
  }

  Reader.prototype.results = function (name, bytes) {
    var info = this.info;
    var text = this.decode(bytes);
    var data;
    try {
      if (text === null) { throw new Error("not UTF-8"); }
      data = JSON.parse(text);
    } catch (e) {
      return { problem: this.reason("json", { path: name }) };
    }
    if (!data || typeof data !== "object" || Array.isArray(data) || data.format !== info.format) {
      return { problem: this.reason("format", { path: name, format: info.format }) };
    }
    var version = data.formatVersion;
    if (info.versions.indexOf(version) === -1) {
      return { problem: this.reason("version", { path: name, known: info.versions.join(", "),
                                                 version: version === undefined ? "null" : JSON.stringify(version) }) };
    }
    var validate = S.resultsValidator(version);
    if (!validate(data)) {
      var paths = validate.errors.map(function (e) { return pathParts(e.instancePath); });
      var least = paths.reduce(function (a, b) { return cmpList(b, a, comparePart) < 0 ? b : a; });
      return { problem: this.reason("schema", { path: name, where: least.join("/") || this.reasons.top }) };
    }
    var hashes = info.hashes;
    if (version === 1) {
      if (data.bankVersion !== info.bank) {
        return { problem: this.reason("bank", { path: name, old: data.bankVersion, new: info.bank }) };
      }
      var first1 = new Map();
      data.questions.forEach(function (q) { if (hasOwn(hashes, q.id)) { first1.set(q.id, q.firstAttemptCorrect); } });
      return { learner: { name: name, first: first1, ignored: 0, finals: data.finalTests.map(function (t) {
        return { group: null, seed: null, score: t.score, total: t.total, passed: t.passed, answers: [] };
      }) }, text: text };
    }
    function counts(a) { return hasOwn(hashes, a.id) && hashes[a.id] === a.hash; }
    var first = new Map();
    data.questions.forEach(function (q) { if (counts(q)) { first.set(q.id, q.firstAttemptCorrect); } });
    var ignored = data.questions.length - first.size;
    var finals = data.finalTests.map(function (t) {
      var kept = t.answers.filter(counts).map(function (a) { return [a.id, a.correct]; });
      ignored += t.answers.length - kept.length;
      var group = hasOwn(t, "group") ? S.groupCode(t.group, info.fold) : "";
      return { group: group || null, seed: t.seed, score: t.score, total: t.total, passed: t.passed, answers: kept };
    });
    return { learner: { name: name, first: first, ignored: ignored, finals: finals }, text: text };
  };

  /* results.parse_csv */
  function parseCsv(text) {
    var records = [], record = [], cell = "", i = 0, n = text.length;
    var atStart = true, quotedDone = false;
    while (i < n) {
      var c = text[i];
      if (atStart && c === '"') {
        i += 1;
        for (;;) {
          if (i >= n) { return { bad: records.length + 1 }; }
          if (text[i] === '"') {
            if (i + 1 < n && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
            i += 1;
            break;
          }
          cell += text[i];
          i += 1;
        }
        atStart = false; quotedDone = true;
        continue;
      }
      if (c === ";") {
        record.push(cell); cell = ""; atStart = true; quotedDone = false;
      } else if (c === "\r" || c === "\n") {
        record.push(cell); records.push(record);
        record = []; cell = ""; atStart = true; quotedDone = false;
        if (c === "\r" && i + 1 < n && text[i + 1] === "\n") { i += 1; }
      } else if (quotedDone) {
        return { bad: records.length + 1 };
      } else {
        cell += c; atStart = false;
      }
      i += 1;
    }
    if (cell || record.length || !atStart || quotedDone) { record.push(cell); records.push(record); }
    return { records: records };
  }

  Reader.prototype.exercise = function (name, bytes) {
    var info = this.info;
    var text = this.decode(bytes);
    if (text === null) { return { problem: this.reason("text", { path: name }) }; }
    var parsed = parseCsv(text);
    if (!parsed.records) { return { problem: this.reason("csv", { path: name, row: parsed.bad }) }; }
    var numbered = [];
    parsed.records.forEach(function (r, i) { if (!(r.length === 1 && r[0] === "")) { numbered.push([i + 1, r]); } });
    if (!numbered.length) { return { problem: this.reason("header", { path: name }) }; }
    var header = numbered[0][1];
    var key = Object.keys(info.exercises).filter(function (k) {
      var h = info.exercises[k].header;
      return h.length === header.length && h.every(function (c, i) { return c === header[i]; });
    })[0];
    if (!key) { return { problem: this.reason("header", { path: name }) }; }
    var rows = numbered.slice(1);
    if (!rows.length) { return { problem: this.reason("rows", { path: name }) }; }
    for (var r = 0; r < rows.length; r++) {
      if (rows[r][1].length !== header.length) {
        return { problem: this.reason("columns", { path: name, row: rows[r][0], count: rows[r][1].length,
                                                   expected: header.length }) };
      }
    }
    var fmt = info.exercises[key];
    var values = readers[fmt.kind].call(this, name, rows, fmt);
    if (typeof values === "string") { return { problem: values }; }
    return { exercise: { name: name, key: key, values: values }, text: text };
  };

  Reader.prototype.score = function (name, row, column, value, fmt) {
    var low = fmt.scale[0], high = fmt.scale[1];
    if (SCORE.test(value) && low <= Number(value) && Number(value) <= high) { return Number(value); }
    return this.reason("score", { path: name, row: row, column: column, value: value, min: low, max: high });
  };

  Reader.prototype.known = function (name, row, value, known) {
    return known.indexOf(value) !== -1 ? null :
      this.reason("unknown", { path: name, row: row, value: value, known: known.join(", ") });
  };

  Reader.prototype.named = function (name, row, value, seen) {
    var key = S.groupCode(value, this.info.fold);
    if (!key) { return { problem: this.reason("name", { path: name, row: row }) }; }
    if (seen.has(key)) { return { problem: this.reason("twice", { path: name, name: value }) }; }
    seen.add(key);
    return { key: key };
  };

  /* values: a Map {item key (JSON of a list): [label parts, value]} in the file's order */
  var readers = {
    grid: function (name, rows, fmt) {
      var values = new Map(), seen = new Set();
      for (var r = 0; r < rows.length; r++) {
        var number = rows[r][0], record = rows[r][1], step = record[0];
        var problem = this.known(name, number, step, fmt.rows);
        if (problem) { return problem; }
        if (seen.has(step)) { return this.reason("twice", { path: name, name: step }); }
        seen.add(step);
        for (var j = 0; j < fmt.columns.length; j++) {
          var score = this.score(name, number, j + 2, record[j + 1], fmt);
          if (typeof score === "string") { return score; }
          values.set(JSON.stringify([step, fmt.columns[j]]), [[step, fmt.columns[j]], score]);
        }
      }
      var missing = fmt.rows.filter(function (s) { return !seen.has(s); });
      if (missing.length) { return this.reason("missing", { path: name, name: missing[0] }); }
      var ordered = new Map();
      fmt.rows.forEach(function (s) {
        fmt.columns.forEach(function (f) { var k = JSON.stringify([s, f]); ordered.set(k, values.get(k)); });
      });
      return ordered;
    },
    areas: function (name, rows, fmt) {
      var values = new Map(), seen = new Set(), totalLabel = fmt.header[fmt.header.length - 1];
      for (var r = 0; r < rows.length; r++) {
        var number = rows[r][0], record = rows[r][1], area = record[1];
        var named = this.named(name, number, area, seen);
        if (named.problem) { return named.problem; }
        var scores = [];
        for (var j = 0; j < fmt.columns.length; j++) {
          var score = this.score(name, number, j + 3, record[j + 2], fmt);
          if (typeof score === "string") { return score; }
          scores.push(score);
          values.set(JSON.stringify([named.key, fmt.columns[j]]), [[area, fmt.columns[j]], score]);
        }
        var total = record[record.length - 1];
        if (!SCORE.test(total) || Number(total) !== sum(scores)) {
          return this.reason("total", { path: name, row: number, total: total, sum: sum(scores) });
        }
        values.set(JSON.stringify([named.key, ""]), [[area, totalLabel], sum(scores)]);
      }
      return values;
    },
    actors: function (name, rows, fmt) {
      var counts = new Map();
      fmt.levels.forEach(function (l) { fmt.helices.forEach(function (h) { counts.set(JSON.stringify([l, h]), 0); }); });
      for (var r = 0; r < rows.length; r++) {
        var number = rows[r][0], record = rows[r][1];
        if (!S.groupCode(record[0], this.info.fold)) { return this.reason("name", { path: name, row: number }); }
        var problem = this.known(name, number, record[1], fmt.helices) || this.known(name, number, record[2], fmt.levels);
        if (problem) { return problem; }
        var cell = JSON.stringify([record[2], record[1]]);
        counts.set(cell, counts.get(cell) + 1);
      }
      var values = new Map([[JSON.stringify([""]), [fmt.all.slice(), rows.length]]]);
      counts.forEach(function (count, cell) { values.set(cell, [JSON.parse(cell), count]); });
      return values;
    },
    obstacles: function (name, rows, fmt) {
      var values = new Map(), seen = new Set();
      for (var r = 0; r < rows.length; r++) {
        var number = rows[r][0], record = rows[r][1];
        var named = this.named(name, number, record[1], seen);
        if (named.problem) { return named.problem; }
        var score = this.score(name, number, 3, record[2], fmt);
        if (typeof score === "string") { return score; }
        values.set(JSON.stringify([named.key]), [[record[1]], score]);
      }
      return values;
    }
  };

  /* ---- the group (results.summarise, statistics, as_json) ---- */

  /* *files*: [{name, size, bytes (Uint8Array, or null when not read), error}] in the order given */
  function summarise(info, files) {
    var reader = new Reader(info);
    var summary = { learners: [], skipped: [], read: [], questions: new Map(), modules: new Map(),
                    exerciseFiles: [], exercises: new Map() };
    var moduleOf = {};
    info.modules.forEach(function (m) { m[2].forEach(function (id) { moduleOf[id] = m[0]; }); });
    var seen = new Map();
    function tally(map, key, right) {
      var t = map.get(key) || { answered: 0, right: 0 };
      t.answered += 1; t.right += right ? 1 : 0;
      map.set(key, t);
    }
    files.forEach(function (file) {
      var name = file.name;
      var problem = file.error ? reader.reason("unreadable", { path: name, reason: file.error }) :
        reader.sizeProblem(name, file.size, file.bytes);
      var got = null;
      if (!problem) {
        got = /\.csv$/i.test(name) ? reader.exercise(name, file.bytes) : reader.results(name, file.bytes);
        problem = got.problem;
      }
      var same = JSON.stringify([name, got && got.text]);  // a file given twice: the same name and content
      if (!problem && seen.has(same)) { problem = reader.reason("same", { path: name, other: seen.get(same) }); }
      if (problem) {
        summary.skipped.push(problem);
        return;
      }
      seen.set(same, name);
      if (got.exercise) {
        summary.exerciseFiles.push(got.exercise);
        summary.read.push(S.format(info.strings.readExercise, { path: name, title: info.exercises[got.exercise.key].title }));
        addExercise(info, summary, got.exercise);
        return;
      }
      summary.read.push(S.format(info.strings.readResults, { path: name }));
      summary.learners.push(got.learner);
      got.learner.first.forEach(function (right, qid) {
        tally(summary.questions, qid, right);
        tally(summary.modules, moduleOf[qid], right);
      });
    });
    return summary;
  }

  function addExercise(info, summary, file) {
    var fmt = info.exercises[file.key];
    var group = summary.exercises.get(file.key);
    if (!group) {
      group = { key: file.key, kind: fmt.kind, title: fmt.title, columns: fmt.labels.slice(),
                obstacles: fmt.obstacles || [], files: 0, items: new Map() };
      summary.exercises.set(file.key, group);
    }
    group.files += 1;
    file.values.forEach(function (pair, key) {
      var item = group.items.get(key);
      if (!item) { item = { key: JSON.parse(key), label: pair[0], values: [] }; group.items.set(key, item); }
      item.values.push(pair[1]);
    });
  }

  function stableSort(items, compare) {
    return items.map(function (x, i) { return [x, i]; })
      .sort(function (a, b) { return compare(a[0], b[0]) || a[1] - b[1]; })
      .map(function (p) { return p[0]; });
  }

  /* ExerciseSummary.ordered */
  function orderedItems(info, group) {
    var items = Array.from(group.items.values());
    if (group.kind === "areas") {
      var areas = new Map();
      items.forEach(function (item) {
        var list = areas.get(item.key[0]) || [];
        list.push(item);
        areas.set(item.key[0], list);
      });
      var ranked = stableSort(Array.from(areas.values()), function (a, b) {
        var ta = a[a.length - 1], tb = b[b.length - 1];
        return sum(tb.values) * ta.values.length - sum(ta.values) * tb.values.length;
      });
      return [].concat.apply([], ranked);
    }
    if (group.kind === "obstacles") {
      var known = new Map();
      group.obstacles.forEach(function (o, i) { known.set(S.groupCode(o, info.fold), i); });
      var at = function (item) { return known.has(item.key[0]) ? known.get(item.key[0]) : known.size; };
      return stableSort(items, function (a, b) { return at(a) - at(b); });
    }
    return items;
  }

  function itemJson(item) {
    var n = item.values.length, mean = S.tenths(sum(item.values), n), sd = sdTenths(item.values);
    return { label: item.label.slice(), n: n, mean_tenths: mean, mean: S.decimal(mean),
             min: Math.min.apply(null, item.values), max: Math.max.apply(null, item.values),
             sd_tenths: sd, sd: S.decimal(sd) };
  }

  function statistics(info, summary) {
    var th = info.thresholds;
    var modules = new Map();
    info.modules.forEach(function (m) {
      var ids = m[2];
      var answers = summary.learners.map(function (l) {
        var a = new Map();
        ids.forEach(function (q) { if (l.first.has(q)) { a.set(q, l.first.get(q)); } });
        return a;
      }).filter(function (a) { return a.size; });
      if (answers.length) { modules.set(m[0], analyse(ids, answers, th)); }
    });
    var forms = new Map();
    summary.learners.forEach(function (learner) {
      var seen = new Set();
      learner.finals.forEach(function (attempt) {
        if (!attempt.answers.length) { return; }
        var ids = attempt.answers.map(function (a) { return a[0]; }).sort(cmp);
        var key = JSON.stringify([attempt.group, ids]);
        if (seen.has(key)) { return; }
        seen.add(key);
        if (!forms.has(key)) { forms.set(key, { group: attempt.group, ids: ids, attempts: [] }); }
        forms.get(key).attempts.push(new Map(attempt.answers));
      });
    });
    var all = Array.from(forms.values());
    var shared = all.filter(function (f) { return f.attempts.length >= 2; }).sort(function (a, b) {
      return cmp(a.group || "", b.group || "") || cmpList(a.ids, b.ids, cmp);
    });
    return {
      modules: modules,
      finals: shared.map(function (f) { return { group: f.group, test: analyse(f.ids, f.attempts, th) }; }),
      unshared: sum(all.filter(function (f) { return f.attempts.length < 2; }).map(function (f) { return f.attempts.length; }))
    };
  }

  function testJson(test) {
    return {
      questions: test.questions, learners: test.learners,
      kr20: test.kr20 ? round4(test.kr20.value) : null, kr20_hundredths: test.kr20 ? test.kr20.hundredths : null,
      distribution: test.distribution, few_answers: test.few,
      items: test.items.map(function (i) {
        return { id: i.id, n: i.n, right: i.right, facility_percent: i.facility,
                 discrimination: i.index ? round4(i.index.value) : null,
                 discrimination_hundredths: i.index ? i.index.hundredths : null,
                 complete: i.complete, flags: i.flags, few_answers: i.few, few_complete: i.fewComplete };
      })
    };
  }

  /* results.as_json */
  function asJson(info, summary, stats) {
    var modules = {}, questions = {}, exercises = {};
    Array.from(summary.modules.keys()).sort(cmp).forEach(function (m) {
      var t = summary.modules.get(m);
      modules[m] = { answered: t.answered, right: t.right, percent: S.percent(t.right, t.answered),
                     quiz_page: stats.modules.has(m) ? testJson(stats.modules.get(m)) : null };
    });
    Array.from(summary.questions.keys()).sort(cmp).forEach(function (q) {
      var t = summary.questions.get(q);
      questions[q] = { answered: t.answered, right: t.right, percent: S.percent(t.right, t.answered) };
    });
    summary.exercises.forEach(function (group, key) {
      exercises[key] = { title: group.title, files: group.files, columns: group.columns,
                         items: orderedItems(info, group).map(itemJson) };
    });
    return {
      format: "s3kurs-results-summary", version: 2,
      files: summary.learners.length, skipped: summary.skipped,
      ignored: sum(summary.learners.map(function (l) { return l.ignored; })),
      thresholds: info.thresholds, modules: modules, questions: questions,
      final_tests: stats.finals.map(function (f) {
        var out = testJson(f.test);
        return Object.assign({ group: f.group }, out);
      }),
      final_tests_unshared: stats.unshared,
      exercise_files: summary.exerciseFiles.length, exercises: exercises
    };
  }

  /* ---- showing it ---- */

  function coefficient(hundredths) {  // results.coefficient
    if (hundredths === null || hundredths === undefined) { return "–"; }
    var sign = hundredths < 0 ? "−" : "";
    var abs = Math.abs(hundredths);
    var part = String(abs % 100);
    return sign + Math.floor(abs / 100) + "," + (part.length < 2 ? "0" + part : part);
  }

  function distributionText(counts) {
    return counts.map(function (c, score) { return c ? score + ":" + c : ""; }).filter(Boolean).join("  ");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var headingSerial = 0;

  function heading(out, level, text) {
    var h = el(level, null, text);
    h.id = "s3k-summary-h" + (++headingSerial);
    out.appendChild(h);
    return h.id;
  }

  /* A table named by the heading *labelledBy*; *cells* are text or nodes; *numeric(i)*: right-aligned;
   * *wide*: the index of a column of text that needs room (or -1). */
  function table(labelledBy, head, rows, numeric, wide) {
    var wrap = el("div", "s3k-summary-table pst-scrollable-table-container");
    // a table wider than the page scrolls in its box: a named region that takes focus, so that
    // the keyboard can scroll it too (WCAG 2.1.1)
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-labelledby", labelledBy);
    var t = el("table", "table");
    t.setAttribute("aria-labelledby", labelledBy);
    var tr = t.createTHead().insertRow();
    head.forEach(function (h, i) {
      var th = el("th", numeric(i) ? "s3k-num" : i === wide ? "s3k-summary-why" : null, h);
      th.scope = "col";
      tr.appendChild(th);
    });
    var body = t.createTBody();
    rows.forEach(function (cells) {
      var row = body.insertRow();
      cells.forEach(function (c, i) {
        var cell = el(i === 0 ? "th" : "td", numeric(i) ? "s3k-num" : null);
        if (i === 0) { cell.scope = "row"; }
        if (typeof c === "string") { cell.textContent = c; } else { cell.appendChild(c); }
        row.appendChild(cell);
      });
    });
    wrap.appendChild(t);
    return wrap;
  }

  function questionCell(info, qid) {
    var span = el("span", null);
    span.appendChild(el("span", "s3k-summary-prompt", hasOwn(info.prompts, qid) ? info.prompts[qid] : qid));
    span.appendChild(el("span", "s3k-summary-id", qid));
    return span;
  }

  function renderResults(info, summary, stats, out) {
    var str = info.strings, th = info.thresholds;
    var fewAnywhere = false;
    heading(out, "h2", str.quizHeading);
    out.appendChild(el("p", null, S.format(str.resultsFrom, { count: summary.learners.length })));
    var ignored = sum(summary.learners.map(function (l) { return l.ignored; }));
    if (ignored) { out.appendChild(el("p", null, S.format(str.ignored, { count: ignored }))); }
    var titles = {};
    info.modules.forEach(function (m) { titles[m[0]] = m[1]; });
    var moduleRows = Array.from(summary.modules.keys()).sort(cmp).map(function (m) {
      var t = summary.modules.get(m), test = stats.modules.get(m);
      fewAnywhere = fewAnywhere || !!(test && test.few);
      return [titles[m] || m, String(t.answered), S.percent(t.right, t.answered) + " %", String(test ? test.learners : 0),
              coefficient(test && test.kr20 ? test.kr20.hundredths : null) + (test && test.few ? "*" : "")];
    });
    var id = heading(out, "h3", str.modulesCaption);
    out.appendChild(table(id, [str.module, str.answers, str.firstRight, str.complete, "KR-20"], moduleRows,
                          function (i) { return i > 0; }));
    var items = new Map();
    stats.modules.forEach(function (test) { test.items.forEach(function (item) { items.set(item.id, item); }); });
    var ordered = Array.from(summary.questions.entries()).sort(function (a, b) {
      var x = a[1].right / a[1].answered, y = b[1].right / b[1].answered;
      return x < y ? -1 : x > y ? 1 : cmp(a[0], b[0]);
    });
    var questionRows = ordered.map(function (entry) {
      var qid = entry[0], t = entry[1], item = items.get(qid);
      var reasons = (item ? item.flags : []).map(function (f) { return info.flags[f]; });
      if (reasons.length && (item.few || item.fewComplete)) { reasons.push(info.few); }
      fewAnywhere = fewAnywhere || !!(item && (item.few || item.fewComplete));
      return [questionCell(info, qid), String(t.answered), S.percent(t.right, t.answered) + " %" + (item && item.few ? "*" : ""),
              coefficient(item && item.index ? item.index.hundredths : null) + (item && item.fewComplete ? "*" : ""),
              reasons.join("; ")];
    });
    id = heading(out, "h3", str.questionsCaption);
    out.appendChild(table(id, [str.question, str.answers, str.right, str.discrimination, str.why], questionRows,
                          function (i) { return i > 0 && i < 4; }, 4));
    var dists = Array.from(stats.modules.entries()).sort(function (a, b) { return cmp(a[0], b[0]); })
      .filter(function (e) { return e[1].learners; });
    if (dists.length) {
      heading(out, "h3", str.distributionHeading2);
      out.appendChild(el("p", null, str.distributionHeading));
      var list = el("ul", "s3k-summary-distribution");
      dists.forEach(function (e) { list.appendChild(el("li", null, (titles[e[0]] || e[0]) + ": " + distributionText(e[1].distribution))); });
      out.appendChild(list);
    }
    if (stats.finals.length || stats.unshared) {
      heading(out, "h3", str.formsHeading2);
      out.appendChild(el("p", null, str.formsHeading));
      var forms = el("ul", "s3k-summary-forms");
      stats.finals.forEach(function (f) {
        var test = f.test;
        fewAnywhere = fewAnywhere || test.few;
        forms.appendChild(el("li", null, S.format(str.form, { group: f.group || str.noGroup, count: test.questions.length,
          learners: test.learners, kr20: coefficient(test.kr20 ? test.kr20.hundredths : null) + (test.few ? "*" : ""),
          dist: distributionText(test.distribution) })));
      });
      if (stats.unshared) { forms.appendChild(el("li", null, S.format(str.unshared, { count: stats.unshared }))); }
      out.appendChild(forms);
    }
    out.appendChild(el("p", "s3k-summary-note", str.explain));
    if (fewAnywhere) { out.appendChild(el("p", "s3k-summary-note", "* " + S.format(str.fewNote, { count: th.min_answers, few: info.few }))); }
  }

  function renderExercises(info, summary, out) {
    var str = info.strings;
    heading(out, "h2", str.exercisesHeading);
    out.appendChild(el("p", null, S.format(str.exercisesFrom, { count: summary.exerciseFiles.length })));
    Object.keys(info.exercises).forEach(function (key) {
      var group = summary.exercises.get(key);
      if (!group) { return; }
      var rows = orderedItems(info, group).map(function (item) {
        var j = itemJson(item);
        return j.label.concat([String(j.n), j.mean, String(j.min), String(j.max), j.sd]);
      });
      var labels = group.columns.length;
      var id = heading(out, "h3", S.format(str.exerciseTitle, { title: group.title, count: group.files }));
      out.appendChild(table(id, group.columns.concat([str.files, str.mean, str.lowest, str.highest, str.sd]), rows,
                            function (i) { return i >= labels; }));
    });
    out.appendChild(el("p", "s3k-summary-note", str.rounded));
  }

  /* ---- the page ---- */

  function readFile(file, maxBytes) {
    var entry = { name: file.name, size: file.size, bytes: null, error: null };
    if (file.size > maxBytes) { return Promise.resolve(entry); }  // too large: not read at all
    return file.arrayBuffer().then(function (buffer) {
      entry.bytes = new Uint8Array(buffer);
      return entry;
    }, function (error) {
      entry.error = error && error.name || "Error";
      return entry;
    });
  }

  function initSummary(section) {
    var info = S.data(section, "script.s3k-summary-data");
    var input = section.querySelector(".s3k-summary-input");
    var drop = section.querySelector(".s3k-drop");
    var status = section.querySelector(".s3k-summary-status");
    var skippedList = section.querySelector(".s3k-summary-skipped-files");
    var readBox = section.querySelector(".s3k-summary-read-files");
    var readList = readBox.querySelector("ul");
    var out = section.querySelector(".s3k-summary-output");
    var clear = section.querySelector(".s3k-summary-clear");
    var choose = section.querySelector(".s3k-summary-choose");
    var files = [];

    function show() {
      var summary = summarise(info, files);
      var stats = statistics(info, summary);
      skippedList.textContent = "";
      readList.textContent = "";
      summary.skipped.forEach(function (line) { skippedList.appendChild(el("li", "s3k-summary-skipped", line)); });
      summary.read.forEach(function (line) { readList.appendChild(el("li", "s3k-summary-read", line)); });
      readBox.querySelector("summary").textContent = S.format(info.strings.readFiles, { count: summary.read.length });
      readBox.hidden = !summary.read.length;
      out.textContent = "";
      headingSerial = 0;
      if (summary.learners.length) { renderResults(info, summary, stats, out); }
      if (summary.exerciseFiles.length) { renderExercises(info, summary, out); }
      clear.hidden = !files.length;
      status.textContent = files.length ? S.format(info.strings.status, { read: summary.read.length, skipped: summary.skipped.length }) : "";
      section.dataset.files = String(files.length);
      section.s3kSummary = asJson(info, summary, stats);
    }

    function add(fileList) {
      var picked = Array.prototype.slice.call(fileList || []);
      if (!picked.length) { return; }
      status.textContent = info.strings.reading;
      section.dataset.busy = "true";
      Promise.all(picked.map(function (file) { return readFile(file, info.maxBytes); })).then(function (entries) {
        files = files.concat(entries);
        show();
        delete section.dataset.busy;
      });
    }

    choose.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      add(input.files);
      input.value = "";
    });
    function withFiles(event) {
      return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types || [], "Files") !== -1;
    }
    ["dragenter", "dragover"].forEach(function (type) {
      section.addEventListener(type, function (event) {
        if (!withFiles(event)) { return; }
        event.preventDefault();
        drop.classList.add("s3k-drop-active");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      section.addEventListener(type, function (event) {
        if (type === "dragleave" && section.contains(event.relatedTarget)) { return; }
        drop.classList.remove("s3k-drop-active");
      });
    });
    section.addEventListener("drop", function (event) {
      if (!withFiles(event)) { return; }
      event.preventDefault();
      add(event.dataTransfer.files);
    });
    // files dropped beside the box are not opened by the browser (which would leave the page)
    ["dragover", "drop"].forEach(function (type) {
      window.addEventListener(type, function (event) { if (withFiles(event)) { event.preventDefault(); } });
    });
    clear.addEventListener("click", function () {
      files = [];
      show();
      status.textContent = info.strings.cleared;
      choose.focus();
    });
    show();
    section.dataset.ready = "true";
  }

  S.summary = {
    /* For tests: the same figures as `s3kurs results summarize --json`, from [{name, bytes}]. */
    compute: function (info, files) {
      var entries = files.map(function (f) {
        var bytes = f.bytes instanceof Uint8Array ? f.bytes : new Uint8Array(f.bytes);
        return { name: f.name, size: bytes.length, bytes: bytes, error: null };
      });
      var summary = summarise(info, entries);
      return asJson(info, summary, statistics(info, summary));
    },
    analyse: function (ids, learners, th) {
      return testJson(analyse(ids, learners.map(function (l) { return new Map(Object.entries(l)); }), th));
    },
    parseCsv: parseCsv
  };

  S.ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-summary]"), initSummary);
  });
})();
