/* s3kurs final test: draws one attempt's questions in the browser.
 * The draw is the one in s3kurs/exam.py, step for step: mulberry32, Fisher–Yates, one question
 * per difficulty level first, four per module, a question whose enemy is already chosen passed
 * over, then one more shuffle. The pass rule is s3kurs/scoring.py's (S3kurs.passed). */
(function () {
  "use strict";

  var S = window.S3kurs;
  var attempts = new WeakMap();

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

  /* modules: {module: [{id, difficulty, enemies}]} -> question ids for one attempt */
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

  function newSeed() {
    var buffer = new Uint32Array(1);
    window.crypto.getRandomValues(buffer);
    return buffer[0];
  }

  function initFinal(section) {
    var data = S.data(section, "script.s3k-data");
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

    function start(seed) {
      S.quiz.reset(section);
      var ids = draw(modules, seed, final.perModule);
      attempts.set(section, { seed: seed, ids: ids, first: {}, done: false });
      Array.prototype.forEach.call(section.querySelectorAll("form.s3k-question"), function (f) { f.hidden = true; });
      ids.forEach(function (id, index) {
        var form = section.querySelector("form[data-question='" + id + "']");
        form.querySelector(".s3k-number").textContent = S.format(strings.questionOf, { n: index + 1, total: ids.length });
        result.parentNode.insertBefore(form, result);
        form.hidden = false;
      });
      result.textContent = "";
      section.dataset.seed = String(seed);
      var first = section.querySelector("form.s3k-question:not([hidden]) input, form.s3k-question:not([hidden]) select");
      if (first) { first.focus(); }
    }

    function finish(attempt) {
      var total = attempt.ids.length;
      var score = 0;
      var perModule = {};
      attempt.ids.forEach(function (id) {
        var module = data.questions[id].module;
        var entry = perModule[module] || (perModule[module] = { score: 0, total: 0 });
        entry.total += 1;
        if (attempt.first[id]) { entry.score += 1; score += 1; }
      });
      var passed = S.passed(score, total, data.rule);
      result.textContent = "";
      var head = document.createElement("p");
      head.className = "s3k-final-score";
      head.textContent = S.format(strings.finalResult, { score: score, total: total, percent: S.percent(score, total) }) +
        " " + (passed ? strings.passed : strings.notPassed);
      result.appendChild(head);
      var list = document.createElement("ul");
      Object.keys(perModule).sort().forEach(function (module) {
        var entry = perModule[module];
        var item = document.createElement("li");
        item.appendChild(document.createTextNode(S.format(strings.moduleScore,
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
      attempt.done = true;
      var record = {
        when: new Date().toISOString(), seed: attempt.seed, score: score, total: total, passed: passed,
        modules: perModule, answers: attempt.ids.map(function (id) {
          return { id: id, hash: data.questions[id].hash, correct: !!attempt.first[id] };
        })
      };
      S.store.addFinal(record);
      section.dispatchEvent(new CustomEvent("s3k:final", { bubbles: true, detail: record }));
    }

    section.addEventListener("s3k:attempt", function (event) {
      var detail = event.detail;
      var attempt = attempts.get(section);
      if (!attempt || attempt.done || attempt.ids.indexOf(detail.question) === -1) { return; }
      if (!(detail.question in attempt.first)) { attempt.first[detail.question] = detail.correct; }
      if (Object.keys(attempt.first).length === attempt.ids.length) { finish(attempt); }
    });

    section.querySelector(".s3k-final-start").addEventListener("click", function () { start(newSeed()); });
    return { start: start };
  }

  var finals = new WeakMap();
  S.final = {
    draw: draw,
    mulberry32: mulberry32,
    /* Start an attempt drawn with *seed* in the final-test *section*. */
    start: function (section, seed) { finals.get(section).start(seed); }
  };

  S.ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-quiz]"), function (section) {
      if (S.data(section, "script.s3k-data").final) { finals.set(section, initFinal(section)); }
    });
  });
})();
