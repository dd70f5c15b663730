/* s3kurs "Min progress": the learner's answers per module, the best final test, the course
 * certificate and the results file (format version 2), all from S3kurs.store (s3kurs-core.js).
 * Nothing is sent anywhere. */
(function () {
  "use strict";

  var S = window.S3kurs;

  function bestFinal(tests) {
    var best = null;
    tests.forEach(function (t) {
      if (!best || t.score * best.total > best.score * t.total) { best = t; }
    });
    return best;
  }

  function initProgressPage(section) {
    var info = S.data(section, "script.s3k-progress-data");
    var strings = info.strings;
    var status = section.querySelector(".s3k-progress-status");

    function current() {
      S.store.prune(info.hashes);  // keep what still exists unchanged in the bank
      return S.store.read();
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
      var best = bestFinal(data.finalTests);
      var summary = section.querySelector(".s3k-final-summary");
      var passed = data.finalTests.some(function (t) { return t.passed; });
      if (best) {
        summary.textContent = S.format(strings.bestFinal, { score: best.score, total: best.total,
          percent: S.percent(best.score, best.total), date: S.formatDate(best.when) }) +
          (passed ? " " + strings.passed : "");
      }
      section.querySelector(".s3k-certificate-form").hidden = !passed;
      section.querySelector(".s3k-certificate-locked").hidden = passed;
      S.showStorageNotes();
    }

    section.querySelector(".s3k-download").addEventListener("click", function () {
      current();
      S.download("s3kurs-resultat.json", "application/json", JSON.stringify(S.store.results(info.bank), null, 2));
    });

    section.querySelector(".s3k-reset").addEventListener("click", function () {
      if (!window.confirm(strings.resetConfirm)) { return; }
      S.store.reset();
      render();
      status.textContent = strings.resetDone;
    });

    section.querySelector(".s3k-certificate-print").addEventListener("click", function () {
      var data = current();
      var best = bestFinal(data.finalTests.filter(function (t) { return t.passed; }));
      if (!best) { return; }
      var titles = completedModules(data).map(function (m) { return info.modules[m].title; });
      var certificate = section.querySelector(".s3k-certificate");
      certificate.querySelector(".s3k-certificate-name").textContent = section.querySelector("#s3k-certificate-name").value;
      certificate.querySelector(".s3k-certificate-course").textContent = info.course;
      certificate.querySelector(".s3k-certificate-score").textContent = S.format(strings.certificateScore,
        { score: best.score, total: best.total, percent: S.percent(best.score, best.total) });
      certificate.querySelector(".s3k-certificate-modules").textContent = S.format(strings.certificateModules,
        { modules: titles.length ? titles.join(", ") : strings.none });
      certificate.querySelector(".s3k-certificate-date").textContent = S.format(strings.certificateDate,
        { date: S.formatDate(best.when) });
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

  S.ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-progress]"), initProgressPage);
  });
})();
