/* s3kurs SCORM: the learner's progress as compact text for cmi.suspend_data (SCORM 1.2 allows
 * 4,096 characters, SCORM 2004 64,000). Pure functions, no page needed (the tests run them in
 * Node.js too): S3kurs.scormCodec.encode(data, bank, limit) and .decode(text, bank).
 *
 * *data* is what S3kurs.store keeps (s3kurs-core.js): {questions: {id: {module, hash,
 * firstCorrect, attempts, firstAnswered, lastAnswered, last: {values, verdict}}}, finalTests:
 * [{when, seed, group?, score, total, passed, modules, answers: [{id, hash, correct}]}]}.
 * *bank* is the package's question bank: {version, hashes: {id: hash}, modules: {id: module}}.
 *
 * The text, all in URL-safe ASCII: "s3k1", the bank version (12 characters), then numbers
 * written 5 bits to a character (a character of the upper half of the alphabet means "more
 * digits follow"), and texts as their length followed by the characters:
 *   T0 (the earliest time, in minutes since 1970), the module names ("modul-1,modul-2,…"),
 *   the answered questions: each a fingerprint of (id, content hash) in 6 characters, then
 *     attempts × 8 + flags (first answer right, last answer kept, last answer right), the first
 *     and the last answer time (minutes after T0, after the first), and the last answer's values,
 *   fingerprints of other (id, hash) pairs that final tests answered,
 *   the final tests: when, seed, score, total, flags (passed, has a group, keeps its answers),
 *     the group, per module (index, score, total), and the answers (entry × 2 + right).
 * Times keep whole minutes. A question is recognised by its fingerprint, so answers survive a
 * new package as long as the question still exists with the same id and the same content hash;
 * the rest is dropped and counted. When the text is too long, it leaves out, in this order, the
 * last answers' values (only the page's display of an earlier answer uses them), the answers of
 * final tests other than the best and the latest one, and those other tests themselves. */
(function (root) {
  "use strict";

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var PREFIX = "s3k1";
  var VERSION_LENGTH = 12;
  var FINGERPRINT_LENGTH = 6;  // 36 bits
  var MINUTE = 60000;

  /* cyrb53 (a public-domain 53-bit string hash); the fingerprint keeps its low 36 bits. */
  function cyrb53(text) {
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return [h1 >>> 0, h2 >>> 0];
  }

  function fingerprint(id, hash) {
    var h = cyrb53(id + " " + (hash || ""));
    var bits = (h[1] & 15) * 4294967296 + h[0];  // 36 bits, exact in a double
    var out = "";
    for (var i = 0; i < FINGERPRINT_LENGTH; i++) {
      out = ALPHABET[bits % 64] + out;
      bits = Math.floor(bits / 64);
    }
    return out;
  }

  /* ---- writing ---- */

  function Writer() { this.parts = []; }

  Writer.prototype.int = function (n) {
    n = Math.max(0, Math.floor(Number(n) || 0));
    var digits = [];
    do { digits.push(n % 32); n = Math.floor(n / 32); } while (n > 0);
    for (var i = digits.length - 1; i > 0; i--) { this.parts.push(ALPHABET[32 + digits[i]]); }
    this.parts.push(ALPHABET[digits[0]]);
  };

  Writer.prototype.text = function (s) {
    s = String(s);
    this.int(s.length);
    this.parts.push(s);
  };

  Writer.prototype.raw = function (s) { this.parts.push(s); };

  Writer.prototype.toString = function () { return this.parts.join(""); };

  /* ---- reading ---- */

  function Reader(text, pos) { this.s = text; this.pos = pos; }

  Reader.prototype.int = function () {
    var n = 0;
    for (;;) {
      if (this.pos >= this.s.length) { throw new Error("suspend data ends early"); }
      var c = ALPHABET.indexOf(this.s.charAt(this.pos++));
      if (c < 0) { throw new Error("not suspend data"); }
      if (c < 32) { return n * 32 + c; }
      n = n * 32 + (c - 32);
    }
  };

  Reader.prototype.raw = function (length) {
    if (this.pos + length > this.s.length) { throw new Error("suspend data ends early"); }
    var out = this.s.substr(this.pos, length);
    this.pos += length;
    return out;
  };

  Reader.prototype.text = function () { return this.raw(this.int()); };

  /* ---- times ---- */

  function minutes(iso) {
    var t = Date.parse(iso);
    return isNaN(t) ? null : Math.floor(t / MINUTE);
  }

  function isoOf(minute) { return new Date(minute * MINUTE).toISOString(); }

  /* ---- the best final test: the highest share right, the first of equals (as Min progress) ---- */

  function bestIndex(tests) {
    var best = -1;
    tests.forEach(function (t, i) {
      if (best < 0 || t.score * tests[best].total > tests[best].score * t.total) { best = i; }
    });
    return best;
  }

  /* ---- encoding ---- */

  function encodeLevel(data, bank, level) {
    var questions = data.questions || {};
    var tests = (data.finalTests || []).slice();
    var best = bestIndex(tests);
    var latest = tests.length - 1;
    if (level >= 3) {  // only the best and the latest test
      tests = tests.filter(function (t, i) { return i === best || i === latest; });
      best = bestIndex(tests);
      latest = tests.length - 1;
    }
    var ids = Object.keys(questions).sort();
    var entries = {};  // "id hash" -> index in the entry table
    var table = [];
    ids.forEach(function (id) {
      entries[id + " " + (questions[id].hash || "")] = table.length;
      table.push(fingerprint(id, questions[id].hash));
    });
    var extras = [];
    tests.forEach(function (t) {
      (t.answers || []).forEach(function (a) {
        var k = a.id + " " + (a.hash || "");
        if (!(k in entries)) {
          entries[k] = table.length;
          table.push(fingerprint(a.id, a.hash));
          extras.push(k);
        }
      });
    });
    var modules = [];
    var moduleIndex = {};
    function moduleOf(name) {
      if (!(name in moduleIndex)) { moduleIndex[name] = modules.length; modules.push(name); }
      return moduleIndex[name];
    }
    tests.forEach(function (t) { Object.keys(t.modules || {}).sort().forEach(moduleOf); });

    var times = [];
    ids.forEach(function (id) {
      times.push(minutes(questions[id].firstAnswered), minutes(questions[id].lastAnswered));
    });
    tests.forEach(function (t) { times.push(minutes(t.when)); });
    times = times.filter(function (m) { return m !== null; });
    var t0 = times.length ? Math.min.apply(null, times) : 0;
    function since(iso, base) {
      var m = minutes(iso);
      return m === null ? 0 : Math.max(0, m - base);
    }

    var w = new Writer();
    w.raw(PREFIX);
    w.raw((String(bank.version || "") + "000000000000").slice(0, VERSION_LENGTH));
    w.int(t0);
    w.text(modules.join(","));
    w.int(ids.length);
    ids.forEach(function (id, i) {
      var r = questions[id];
      var keepLast = level < 1 && r.last && Array.isArray(r.last.values);
      w.raw(table[i]);
      w.int(Math.max(0, r.attempts | 0) * 8 + (r.firstCorrect ? 1 : 0) + (keepLast ? 2 : 0) +
            (keepLast && r.last.verdict === "correct" ? 4 : 0));
      var first = since(r.firstAnswered, t0);
      w.int(first);
      w.int(since(r.lastAnswered, t0 + first));
      if (keepLast) { w.text(r.last.values.join(",")); }
    });
    w.int(extras.length);
    for (var e = ids.length; e < table.length; e++) { w.raw(table[e]); }
    w.int(tests.length);
    tests.forEach(function (t, i) {
      var answers = t.answers || [];
      var keepAnswers = answers.length > 0 && (level < 2 || i === best || i === latest);
      w.int(since(t.when, t0));
      w.int(t.seed >>> 0);
      w.int(t.score);
      w.int(t.total);
      w.int((t.passed ? 1 : 0) + (t.group ? 2 : 0) + (keepAnswers ? 4 : 0));
      if (t.group) { w.text(encodeURIComponent(t.group)); }
      var names = Object.keys(t.modules || {}).sort();
      w.int(names.length);
      names.forEach(function (name) {
        w.int(moduleIndex[name]);
        w.int(t.modules[name].score);
        w.int(t.modules[name].total);
      });
      if (keepAnswers) {
        w.int(answers.length);
        answers.forEach(function (a) { w.int(entries[a.id + " " + (a.hash || "")] * 2 + (a.correct ? 1 : 0)); });
      }
    });
    return w.toString();
  }

  var LEVELS = 4;

  /* The shortest complete form that fits in *limit* characters: {text, level, fits}. Level 0
   * keeps everything; see the comment at the top for what the higher levels leave out. */
  function encode(data, bank, limit) {
    var text = "";
    for (var level = 0; level < LEVELS; level++) {
      text = encodeLevel(data, bank, level);
      if (!limit || text.length <= limit) { return { text: text, level: level, fits: true }; }
    }
    return { text: text, level: LEVELS - 1, fits: false };
  }

  /* The store's data from *text*, for *bank*: {data, dropped (answered questions that no
   * longer exist unchanged), changed (written by a package with another bank), unreadable}. */
  function decode(text, bank) {
    var empty = { formatVersion: 2, questions: {}, finalTests: [] };
    if (!text) { return { data: empty, dropped: 0, changed: false, unreadable: false }; }
    if (text.slice(0, PREFIX.length) !== PREFIX) {
      return { data: empty, dropped: 0, changed: false, unreadable: true };
    }
    try {
      return read(text, bank);
    } catch (err) {
      return { data: empty, dropped: 0, changed: false, unreadable: true };
    }
  }

  function read(text, bank) {
    var known = {};
    Object.keys(bank.hashes || {}).forEach(function (id) {
      known[fingerprint(id, bank.hashes[id])] = id;
    });
    var r = new Reader(text, PREFIX.length);
    var version = r.raw(VERSION_LENGTH);
    var t0 = r.int();
    var modulesText = r.text();
    var modules = modulesText ? modulesText.split(",") : [];
    var data = { formatVersion: 2, questions: {}, finalTests: [] };
    var table = [];
    var dropped = 0;
    var n = r.int();
    for (var i = 0; i < n; i++) {
      var id = known[r.raw(FINGERPRINT_LENGTH)];
      var bits = r.int();
      var first = t0 + r.int();
      var last = first + r.int();
      var values = bits & 2 ? r.text() : null;
      table.push(id === undefined ? null : id);
      if (id === undefined) { dropped += 1; continue; }
      var record = {
        module: (bank.modules || {})[id], hash: bank.hashes[id], firstCorrect: !!(bits & 1),
        attempts: Math.floor(bits / 8), firstAnswered: isoOf(first), lastAnswered: isoOf(last)
      };
      if (values !== null) {
        record.last = { values: values ? values.split(",") : [], verdict: bits & 4 ? "correct" : "incorrect" };
      }
      data.questions[id] = record;
    }
    var extras = r.int();
    for (var x = 0; x < extras; x++) {
      var other = known[r.raw(FINGERPRINT_LENGTH)];
      table.push(other === undefined ? null : other);
    }
    var tests = r.int();
    for (var k = 0; k < tests; k++) {
      var test = { when: isoOf(t0 + r.int()), seed: r.int(), score: r.int(), total: r.int() };
      var flags = r.int();
      test.passed = !!(flags & 1);
      if (flags & 2) { test.group = decodeURIComponent(r.text()); }
      test.modules = {};
      var count = r.int();
      for (var m = 0; m < count; m++) {
        var name = modules[r.int()];
        test.modules[name] = { score: r.int(), total: r.int() };
      }
      test.answers = [];
      if (flags & 4) {
        var answers = r.int();
        for (var a = 0; a < answers; a++) {
          var ref = r.int();
          var qid = table[Math.floor(ref / 2)];
          if (qid) { test.answers.push({ id: qid, hash: bank.hashes[qid], correct: !!(ref % 2) }); }
        }
      }
      data.finalTests.push(test);
    }
    if (r.pos !== text.length) { throw new Error("suspend data too long"); }
    return { data: data, dropped: dropped, changed: version !== (String(bank.version || "") + "000000000000").slice(0, VERSION_LENGTH),
             unreadable: false };
  }

  var S = root.S3kurs = root.S3kurs || {};
  S.scormCodec = { encode: encode, decode: decode, fingerprint: fingerprint };
})(typeof window !== "undefined" ? window : globalThis);
