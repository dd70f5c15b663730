/* s3kurs final test: draws one attempt's questions in the browser.
 * The draw is the one in s3kurs/exam.py, step for step: mulberry32, Fisher–Yates,
 * one question per difficulty level first, four per module, then one more shuffle. */
(function () {
  "use strict";

  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), a | 1);
      t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffle(items, rng) {
    items = items.slice();
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(rng() * (i + 1));
      var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
    }
    return items;
  }

  function byId(a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; }

  /* modules: {module: [{id, difficulty, enemies}]} -> question ids for one attempt;
   * a question whose enemy is already chosen is passed over */
  function draw(modules, seed, perModule) {
    var rng = mulberry32(seed);
    var chosen = [];
    Object.keys(modules).sort().forEach(function (module) {
      var pool = shuffle(modules[module].slice().sort(byId), rng);
      var picked = [];
      function fits(q) {
        return picked.length < perModule && picked.indexOf(q) === -1 &&
          !chosen.concat(picked).some(function (p) { return (q.enemies || []).indexOf(p.id) !== -1; });
      }
      pool.forEach(function (q) {
        var seen = picked.some(function (p) { return p.difficulty === q.difficulty; });
        if (fits(q) && !seen) { picked.push(q); }
      });
      pool.forEach(function (q) {
        if (fits(q)) { picked.push(q); }
      });
      chosen = chosen.concat(picked);
    });
    return shuffle(chosen, rng).map(function (q) { return q.id; });
  }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, function (m, name) { return name in params ? params[name] : m; });
  }

  function newSeed() {
    var buffer = new Uint32Array(1);
    (window.crypto || window.msCrypto).getRandomValues(buffer);
    return buffer[0];
  }

  function initFinal(section) {
    var data = JSON.parse(section.querySelector("script.s3k-data").textContent);
    var final = data.final;
    var strings = data.strings;
    var modules = {};
    Object.keys(data.questions).forEach(function (id) {
      var q = data.questions[id];
      (modules[q.module] = modules[q.module] || []).push({ id: id, difficulty: q.difficulty, enemies: q.enemies || [] });
    });
    var result = section.querySelector(".s3k-final-result");
    var lessons = {};
    Array.prototype.forEach.call(section.querySelectorAll(".s3k-final-lessons a"), function (a) {
      lessons[a.dataset.module] = a.getAttribute("href");
    });
    var attempt = null;

    function start(seed) {
      section.s3kQuiz.reset();
      var ids = draw(modules, seed, final.perModule);
      attempt = { seed: seed, ids: ids, first: {} };
      Array.prototype.forEach.call(section.querySelectorAll("form.s3k-question"), function (f) { f.hidden = true; });
      ids.forEach(function (id, index) {
        var form = section.querySelector("form[data-question='" + id + "']");
        form.querySelector(".s3k-number").textContent = format(strings.questionOf, { n: index + 1, total: ids.length });
        result.parentNode.insertBefore(form, result);
        form.hidden = false;
      });
      result.textContent = "";
      section.dataset.seed = String(seed);
      var first = section.querySelector("form.s3k-question:not([hidden]) input, form.s3k-question:not([hidden]) select");
      if (first) { first.focus(); }
    }

    function finish() {
      var total = attempt.ids.length;
      var score = 0;
      var perModule = {};
      attempt.ids.forEach(function (id) {
        var module = data.questions[id].module;
        var entry = perModule[module] || (perModule[module] = { score: 0, total: 0 });
        entry.total += 1;
        if (attempt.first[id]) { entry.score += 1; score += 1; }
      });
      var passed = score >= final.passMark * total;
      var percent = Math.round(100 * score / total);
      result.textContent = "";
      var head = document.createElement("p");
      head.className = "s3k-final-score";
      head.textContent = format(strings.finalResult, { score: score, total: total, percent: percent }) + " " +
        (passed ? strings.passed : strings.notPassed);
      result.appendChild(head);
      var list = document.createElement("ul");
      Object.keys(perModule).sort().forEach(function (module) {
        var entry = perModule[module];
        var item = document.createElement("li");
        item.appendChild(document.createTextNode(format(strings.moduleScore,
          { title: final.modules[module].title, score: entry.score, total: entry.total })));
        if (entry.score < entry.total && lessons[module]) {
          var link = document.createElement("a");
          link.href = lessons[module];
          link.textContent = strings.revisit;
          item.appendChild(document.createTextNode(" – "));
          item.appendChild(link);
        }
        list.appendChild(item);
      });
      result.appendChild(list);
      section.dataset.passed = String(passed);
      document.dispatchEvent(new CustomEvent("s3k:final", { detail: {
        when: new Date().toISOString(), seed: attempt.seed, bank: data.bank, score: score, total: total,
        passed: passed, modules: perModule
      } }));
      attempt.done = true;
    }

    document.addEventListener("s3k:attempt", function (event) {
      var detail = event.detail;
      if (!attempt || attempt.done || attempt.ids.indexOf(detail.question) === -1) { return; }
      if (!(detail.question in attempt.first)) { attempt.first[detail.question] = detail.correct; }
      if (Object.keys(attempt.first).length === attempt.ids.length) { finish(); }
    });

    section.querySelector(".s3k-final-start").addEventListener("click", function () { start(newSeed()); });
    section.s3kFinal = { start: start };
  }

  window.S3kursFinal = { draw: draw, mulberry32: mulberry32 };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-quiz]"), function (section) {
      if (JSON.parse(section.querySelector("script.s3k-data").textContent).final) { initFinal(section); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
