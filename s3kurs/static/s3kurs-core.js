/* s3kurs core: what the course's scripts share. Nothing is sent anywhere.
 *
 * - S3kurs.format, .ready, .data, .formatDate: small helpers (dates in the page's language);
 * - S3kurs.passed, .percent, .decimal, .meanText: the score rule, applied as s3kurs/scoring.py
 *   defines it (the rule's numbers come with the page data);
 * - S3kurs.store: the learner's progress, one record for the whole site, kept in this browser's
 *   localStorage (or in memory while the page is open, where storage is blocked);
 * - S3kurs.keep(name): a page's own named record in the same storage (the workshop tools' input);
 * - S3kurs.csv(rows): CSV text as the notebooks write it; S3kurs.download: a file the learner saves;
 * - S3kurs.form: one question's form (templates/quiz.html) read, filled in and arranged, the same
 *   on the site and in JupyterLab's widget (s3kurs/esm/quiz-widget.js); S3kurs.mulberry32: the
 *   generator of s3kurs/exam.py.
 */
(function () {
  "use strict";

  var S = window.S3kurs = window.S3kurs || {};

  S.format = function (template, params) {
    return template.replace(/\{(\w+)\}/g, function (m, name) { return name in params ? params[name] : m; });
  };

  S.ready = function (fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  };

  /* The JSON block inside *root* that matches *selector*. */
  S.data = function (root, selector) {
    return JSON.parse(root.querySelector(selector).textContent);
  };

  S.lang = function () { return document.documentElement.lang || "sv"; };

  S.formatDate = function (iso) {
    return new Date(iso).toLocaleDateString(S.lang(), { year: "numeric", month: "long", day: "numeric" });
  };

  /* ---- The score rule (s3kurs/scoring.py): integers only, rounded down. ---- */

  S.required = function (total, rule) {
    var n = rule.passMark[0], d = rule.passMark[1];
    return Math.floor((n * total + d - 1) / d);
  };

  S.passed = function (score, total, rule) {
    return total > 0 && score >= S.required(total, rule);
  };

  S.percent = function (score, total) {
    return total ? Math.floor(100 * score / total) : 0;
  };

  S.tenths = function (numerator, denominator) {
    return Math.floor(10 * numerator / denominator);
  };

  S.decimal = function (tenths) {
    var sign = tenths < 0 ? "-" : "";
    var abs = Math.abs(tenths);
    return sign + Math.floor(abs / 10) + "," + (abs % 10);
  };

  S.meanText = function (values) {
    if (!values.length) { return ""; }
    var sum = values.reduce(function (a, b) { return a + b; }, 0);
    return S.decimal(S.tenths(sum, values.length));
  };

  /* ---- Random numbers (s3kurs/exam.py mulberry32: exact in both languages) ---- */
  S.mulberry32 = function (seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), a | 1);
      t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };

  /* A new array with *items* in the order Fisher–Yates gives with *random* (from the last place
   * down), as s3kurs/exam.py shuffle. */
  S.shuffle = function (items, random) {
    items = items.slice();
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
    }
    return items;
  };

  /* ---- A question's form ----
   * Values as s3kurs/grading.py reads them: option ids; for ordering one id per position ("" if
   * none chosen); for matching "term=target" per term. */
  function each(nodes, fn) { return Array.prototype.map.call(nodes, fn); }

  function shuffled(container, selector, random) {
    S.shuffle(Array.prototype.slice.call(container.querySelectorAll(selector)), random)
      .forEach(function (item) { item.parentNode.appendChild(item); });
  }

  S.form = {
    read: function (form) {
      var type = form.dataset.type;
      if (type === "ordering") { return each(form.querySelectorAll("select"), function (s) { return s.value; }); }
      if (type === "matching") {
        return each(form.querySelectorAll("select"), function (s) { return s.dataset.term + "=" + s.value; });
      }
      return Array.prototype.filter.call(form.querySelectorAll("input"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    },
    write: function (form, values) {
      var type = form.dataset.type;
      each(form.querySelectorAll(type === "ordering" || type === "matching" ? "select" : "input"), function (c, i) {
        if (type === "matching") {
          var pair = values.filter(function (v) { return v.indexOf(c.dataset.term + "=") === 0; })[0] || "=";
          c.value = pair.slice(pair.indexOf("=") + 1);
        } else if (type === "ordering") {
          c.value = values[i] || "";
        } else {
          c.checked = values.indexOf(c.value) !== -1;
        }
      });
    },
    /* The options in a new order (each list of an ordering or matching question on its own),
     * drawn with *random* (a function as Math.random). */
    shuffle: function (form, random) {
      var options = form.querySelector(".s3k-options[data-shuffle='true']");
      if (options) { shuffled(options, ".s3k-option", random); }
      each(form.querySelectorAll("select"), function (s) { shuffled(s, "option[value]:not([value=''])", random); });
    },
    /* The options (or every list's items) in the order *order* gives (s3kurs/exam.py option_order). */
    arrange: function (form, order) {
      var type = form.dataset.type;
      if (type === "ordering" || type === "matching") {
        each(form.querySelectorAll("select"), function (select) {
          order.forEach(function (id) { select.appendChild(select.querySelector("option[value='" + id + "']")); });
        });
        return;
      }
      var box = form.querySelector(".s3k-options");
      order.forEach(function (id) {
        box.appendChild(box.querySelector("input[value='" + id + "']").closest(".s3k-option"));
      });
    }
  };

  /* ---- Group codes (s3kurs/exam.py group_code, group_seed) ----
   * NFC, case-folded (lowercase, except the code points in *fold*, the page's exceptions table),
   * NFC, white space collapsed, trimmed; the seed is FNV-1a (32 bits) of the code's UTF-8 bytes. */
  var SPACES = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

  S.groupCode = function (text, fold) {
    var folded = Array.from(String(text).normalize("NFC")).map(function (c) {
      return Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c.toLowerCase();
    }).join("");
    return folded.normalize("NFC").replace(SPACES, " ").replace(/^ +| +$/g, "");
  };

  S.groupSeed = function (code) {
    var bytes = new TextEncoder().encode(code);
    var hash = 0x811C9DC5;
    for (var i = 0; i < bytes.length; i++) { hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0; }
    return hash;
  };

  /* ---- The learner's progress ----
   * Stored under "s3kurs:v2" (plus ":<learner>" when an LMS names the learner):
   * {formatVersion: 2, questions: {id: {module, hash, firstCorrect, attempts, firstAnswered,
   *  lastAnswered, last: {values, verdict}}}, finalTests: [{when, seed, group?, score, total,
   *  passed, modules, answers: [{id, hash, correct}]}]}.
   * Every change re-reads the stored copy first, so two open tabs do not overwrite each other. */
  S.store = (function () {
    var BASE = "s3kurs:v2";
    var OLD = "s3kurs:v1";
    var learner = "";
    var memory = null;      // the copy used when storage is blocked
    var available = true;
    var listeners = [];

    function empty() { return { formatVersion: 2, questions: {}, finalTests: [] }; }

    function key() { return learner ? BASE + ":" + learner : BASE; }

    function storage() {
      try {
        var s = window.localStorage;
        s.setItem(BASE + ":probe", "1");
        s.removeItem(BASE + ":probe");
        return s;
      } catch (e) {
        return null;
      }
    }

    function valid(data) {
      return data && typeof data === "object" && data.questions && typeof data.questions === "object" &&
        Array.isArray(data.finalTests);
    }

    function fromV1(data) {
      // version 1 kept the same records without hashes or final-test answers
      var out = empty();
      Object.keys(data.questions).forEach(function (id) { out.questions[id] = data.questions[id]; });
      out.finalTests = data.finalTests.map(function (t) {
        return { when: t.when, seed: t.seed || 0, score: t.score, total: t.total, passed: !!t.passed,
                 modules: t.modules || {}, answers: [] };
      });
      return out;
    }

    function read() {
      var s = storage();
      if (!s) {
        available = false;
        return memory || (memory = empty());
      }
      try {
        var data = JSON.parse(s.getItem(key()) || "null");
        if (valid(data)) { return data; }
        var old = learner ? null : JSON.parse(s.getItem(OLD) || "null");
        return valid(old) ? fromV1(old) : empty();
      } catch (e) {
        return empty();  // unreadable data is replaced, never an error
      }
    }

    function write(data) {
      var s = storage();
      if (s) {
        try {
          s.setItem(key(), JSON.stringify(data));
          if (!learner) { s.removeItem(OLD); }  // taken over into version 2
        } catch (e) {
          available = false;  // full: keep going in memory
          memory = data;
        }
      } else {
        available = false;
        memory = data;
      }
      listeners.forEach(function (fn) { fn(data); });
    }

    function update(change) {
      var data = read();
      change(data);
      write(data);
      return data;
    }

    return {
      read: read,
      available: function () { read(); return available; },
      /* The LMS's learner id: each learner's progress is kept apart on a shared computer. */
      setLearner: function (id) { learner = String(id || ""); memory = null; },
      onChange: function (fn) { listeners.push(fn); },
      /* One checked answer: {id, module, hash, correct, values}. The first attempt is kept. */
      record: function (answer) {
        return update(function (data) {
          var now = new Date().toISOString();
          var r = data.questions[answer.id];
          if (!r || (answer.hash && r.hash && r.hash !== answer.hash)) {
            r = data.questions[answer.id] = { module: answer.module, hash: answer.hash, firstCorrect: answer.correct,
                                              attempts: 0, firstAnswered: now, lastAnswered: now };
          }
          r.attempts += 1;
          r.lastAnswered = now;
          r.module = answer.module || r.module;
          r.hash = answer.hash || r.hash;
          r.last = { values: answer.values, verdict: answer.correct ? "correct" : "incorrect" };
        });
      },
      addFinal: function (attempt) {
        return update(function (data) { data.finalTests.push(attempt); });
      },
      /* Keep only answers to questions that still exist unchanged: {id: hash} of the current bank
       * (or of this page's questions, with *partial*). Returns how many were dropped. */
      prune: function (hashes, partial) {
        var dropped = 0;
        var changed = false;
        var data = read();
        Object.keys(data.questions).forEach(function (id) {
          var r = data.questions[id];
          if (!(id in hashes)) {
            if (!partial) { delete data.questions[id]; dropped += 1; }
          } else if (!r.hash) {
            r.hash = hashes[id];  // recorded before answers carried a hash
            changed = true;
          } else if (r.hash !== hashes[id]) {
            delete data.questions[id];
            dropped += 1;
          }
        });
        if (dropped || changed) { write(data); }
        return dropped;
      },
      replace: function (data) { write(valid(data) ? data : empty()); },
      reset: function () {
        var s = storage();
        memory = null;
        if (s) { s.removeItem(key()); if (!learner) { s.removeItem(OLD); } }
        listeners.forEach(function (fn) { fn(read()); });
      },
      /* The results file (format version 2, s3kurs/schemas/results-v2.schema.json). */
      results: function (bankVersion) {
        var data = read();
        return {
          format: "s3kurs-results",
          formatVersion: 2,
          bankVersion: bankVersion,
          exported: new Date().toISOString(),
          questions: Object.keys(data.questions).sort().map(function (id) {
            var r = data.questions[id];
            return { id: id, module: r.module, hash: r.hash, firstAttemptCorrect: !!r.firstCorrect,
                     attempts: r.attempts, firstAnswered: r.firstAnswered, lastAnswered: r.lastAnswered };
          }),
          finalTests: data.finalTests.map(function (t) {
            var out = { when: t.when, seed: t.seed, score: t.score, total: t.total, passed: !!t.passed,
                        modules: t.modules, answers: t.answers || [] };
            if (t.group) { out.group = t.group; }
            return out;
          })
        };
      }
    };
  })();

  /* A named record of the page's own, kept in this browser's localStorage as "s3kurs:<name>"
   * (JSON), or in memory while the page is open where storage is blocked. */
  S.keep = function (name) {
    var key = "s3kurs:" + name;
    var memory = null;
    var stored = true;  // false once storage has refused: memory only from then on
    function storage() {
      try {
        var s = window.localStorage;
        s.setItem(key + ":probe", "1");
        s.removeItem(key + ":probe");
        return s;
      } catch (e) {
        stored = false;
        return null;
      }
    }
    return {
      read: function () {
        var s = stored && storage();
        if (!s) { return memory; }
        try { return JSON.parse(s.getItem(key) || "null"); } catch (e) { return null; }
      },
      write: function (value) {
        var s = stored && storage();
        memory = value;
        try { if (s) { s.setItem(key, JSON.stringify(value)); } } catch (e) { stored = false; }  // full
      },
      remove: function () {
        var s = stored && storage();
        memory = null;
        if (s) { s.removeItem(key); }
      },
      available: function () { return !!(stored && storage()); }
    };
  };

  /* Rows (arrays) as CSV text the way Python's csv module writes it with ";" (quoted only where
   * needed, lines ending in CRLF), with the byte order mark Excel in Swedish expects. */
  S.csv = function (rows) {
    return "\ufeff" + rows.map(function (row) {
      if (row.length === 1 && (row[0] === "" || row[0] === null || row[0] === undefined)) { return '""'; }
      return row.map(function (value) {
        var text = value === null || value === undefined ? "" : String(value);
        return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
      }).join(";");
    }).join("\r\n") + "\r\n";
  };

  S.download = function (name, type, text) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  };

  /* Shows the note that answers are not saved, where storage is blocked. */
  S.showStorageNotes = function () {
    if (S.store.available()) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".s3k-storage-note"), function (n) { n.hidden = false; });
  };
})();
