/* s3kurs progress: kept per question id in this browser's localStorage, never sent anywhere.
 * Stored under "s3kurs:v1": {formatVersion, questions: {id: {module, firstCorrect, attempts,
 * firstAnswered, lastAnswered}}, finalTests: [...]}. The downloadable results format is
 * documented on the "Min progress" page (format "s3kurs-results", formatVersion 1). */
(function () {
  "use strict";

  var KEY = "s3kurs:v1";
  var FORMAT_VERSION = 1;
  var available = true;

  function empty() { return { formatVersion: FORMAT_VERSION, questions: {}, finalTests: [] }; }

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(KEY + ":probe", "1");
      s.removeItem(KEY + ":probe");
      return s;
    } catch (e) {
      return null;
    }
  }

  function load() {
    var s = storage();
    if (!s) { available = false; return empty(); }
    try {
      var data = JSON.parse(s.getItem(KEY) || "null");
      if (!data || typeof data !== "object" || typeof data.questions !== "object" || !Array.isArray(data.finalTests)) {
        return empty();
      }
      return data;
    } catch (e) {
      return empty();  // unreadable data is replaced, never an error
    }
  }

  function save(data) {
    var s = storage();
    if (!s) { available = false; showNotes(); return; }
    try {
      s.setItem(KEY, JSON.stringify(data));
    } catch (e) {
      available = false;  // full
      showNotes();
    }
  }

  function showNotes() {
    if (available) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".s3k-storage-note"), function (n) { n.hidden = false; });
  }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, function (m, name) { return name in params ? params[name] : m; });
  }

  document.addEventListener("s3k:attempt", function (event) {
    var d = event.detail;
    var data = load();
    var now = new Date().toISOString();
    var record = data.questions[d.question] ||
      { module: d.module, firstCorrect: d.correct, attempts: 0, firstAnswered: now, lastAnswered: now };
    record.attempts += 1;
    record.lastAnswered = now;
    record.module = d.module || record.module;
    data.questions[d.question] = record;
    save(data);
  });

  document.addEventListener("s3k:final", function (event) {
    var data = load();
    data.finalTests.push(event.detail);
    save(data);
  });

  /* The results file: what a learner can download and give to a trainer. */
  function results(data, bank) {
    return {
      format: "s3kurs-results",
      formatVersion: FORMAT_VERSION,
      bankVersion: bank,
      exported: new Date().toISOString(),
      questions: Object.keys(data.questions).sort().map(function (id) {
        var r = data.questions[id];
        return { id: id, module: r.module, firstAttemptCorrect: !!r.firstCorrect, attempts: r.attempts,
                 firstAnswered: r.firstAnswered, lastAnswered: r.lastAnswered };
      }),
      finalTests: data.finalTests.map(function (t) {
        return { when: t.when, score: t.score, total: t.total, passed: !!t.passed, modules: t.modules };
      })
    };
  }

  function bestFinal(data) {
    var best = null;
    data.finalTests.forEach(function (t) {
      if (!best || t.score / t.total > best.score / best.total) { best = t; }
    });
    return best;
  }

  function localDate(iso) {
    return new Date(iso).toLocaleDateString("sv-SE", { year: "numeric", month: "long", day: "numeric" });
  }

  function initProgressPage(section) {
    var info = JSON.parse(section.querySelector("script.s3k-progress-data").textContent);
    var strings = info.strings;
    var status = section.querySelector(".s3k-progress-status");

    function current() {
      // keep what still exists in the bank, drop what was removed
      var data = load();
      var known = {};
      Object.keys(info.modules).forEach(function (m) {
        info.modules[m].questions.forEach(function (id) { known[id] = m; });
      });
      var changed = false;
      Object.keys(data.questions).forEach(function (id) {
        if (!(id in known)) { delete data.questions[id]; changed = true; }
        else if (data.questions[id].module !== known[id]) { data.questions[id].module = known[id]; changed = true; }
      });
      if (changed) { save(data); }
      return data;
    }

    function completedModules(data) {
      return Object.keys(info.modules).filter(function (m) {
        return info.modules[m].questions.every(function (id) { return id in data.questions; });
      });
    }

    function render() {
      var data = current();
      Object.keys(info.modules).forEach(function (m) {
        var ids = info.modules[m].questions;
        var answered = ids.filter(function (id) { return id in data.questions; });
        var right = answered.filter(function (id) { return data.questions[id].firstCorrect; });
        var row = section.querySelector("tr[data-module='" + m + "']");
        row.querySelector(".s3k-answered").textContent = answered.length + " / " + ids.length +
          (answered.length === ids.length ? " (" + strings.completed + ")" : "");
        row.querySelector(".s3k-right").textContent = String(right.length);
      });
      var best = bestFinal(data);
      var summary = section.querySelector(".s3k-final-summary");
      var passed = data.finalTests.some(function (t) { return t.passed; });
      if (best) {
        summary.textContent = format(strings.bestFinal, { score: best.score, total: best.total,
          percent: Math.round(100 * best.score / best.total), date: localDate(best.when) }) +
          " " + (passed ? strings.passed : "");
      }
      section.querySelector(".s3k-certificate-form").hidden = !passed;
      section.querySelector(".s3k-certificate-locked").hidden = passed;
      showNotes();
    }

    section.querySelector(".s3k-download").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(results(current(), info.bank), null, 2)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "s3kurs-resultat.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });

    section.querySelector(".s3k-reset").addEventListener("click", function () {
      if (!window.confirm(strings.resetConfirm)) { return; }
      var s = storage();
      if (s) { s.removeItem(KEY); }
      render();
      status.textContent = strings.resetDone;
    });

    section.querySelector(".s3k-certificate-print").addEventListener("click", function () {
      var data = current();
      var best = bestFinal({ finalTests: data.finalTests.filter(function (t) { return t.passed; }) });
      if (!best) { return; }
      var titles = completedModules(data).map(function (m) { return info.modules[m].title; });
      var certificate = section.querySelector(".s3k-certificate");
      certificate.querySelector(".s3k-certificate-name").textContent = section.querySelector("#s3k-certificate-name").value;
      certificate.querySelector(".s3k-certificate-course").textContent = info.course;
      certificate.querySelector(".s3k-certificate-score").textContent = format(strings.certificateScore,
        { score: best.score, total: best.total, percent: Math.round(100 * best.score / best.total) });
      certificate.querySelector(".s3k-certificate-modules").textContent = format(strings.certificateModules,
        { modules: titles.length ? titles.join(", ") : strings.none });
      certificate.querySelector(".s3k-certificate-date").textContent = format(strings.certificateDate,
        { date: localDate(best.when) });
      document.body.classList.add("s3k-print-certificate");
      window.addEventListener("afterprint", function done() {
        document.body.classList.remove("s3k-print-certificate");
        window.removeEventListener("afterprint", done);
      });
      window.print();
    });

    render();
    section.dataset.ready = "true";
  }

  function init() {
    load();
    showNotes();
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-progress]"), initProgressPage);
  }

  window.S3kursProgress = { key: KEY, formatVersion: FORMAT_VERSION };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
