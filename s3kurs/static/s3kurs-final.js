/* s3kurs final test: draws one attempt's questions in the browser.
 * The draw is the one in s3kurs/exam.py, step for step: mulberry32, Fisher–Yates, one question
 * per difficulty level first, four per module, a question whose enemy is already chosen passed
 * over, then one more shuffle. The pass rule is s3kurs/scoring.py's (S3kurs.passed).
 * With a group code (S3kurs.groupCode, .groupSeed) the seed comes from the code, and the options
 * are put in the order exam.option_order gives, so a whole group gets the same attempt. */
(function () {
  "use strict";

  var S = window.S3kurs;
  var attempts = new WeakMap();

  function byId(a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; }

  /* modules: {module: [{id, difficulty, enemies}]} -> question ids for one attempt */
  function draw(modules, seed, perModule) {
    var rng = S.mulberry32(seed);
    var chosen = [];
    Object.keys(modules).sort().forEach(function (module) {
      var pool = S.shuffle(modules[module].slice().sort(byId), rng);
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
    return S.shuffle(chosen, rng).map(function (q) { return q.id; });
  }

  /* s3kurs/exam.py option_order: {id: option or target ids in the order shown} for *questions*
   * ([{id, type, ids}], in the order shown); true/false questions keep their order. */
  function optionOrder(questions, seed, salt) {
    var rng = S.mulberry32((seed ^ salt) >>> 0);
    var orders = {};
    questions.forEach(function (q) {
      if (q.type === "true_false") { return; }
      orders[q.id] = S.shuffle(q.ids.slice().sort(), rng);
    });
    return orders;
  }

  function shownIds(form) {
    var controls = form.dataset.type === "ordering" || form.dataset.type === "matching" ?
      form.querySelectorAll("select")[0].querySelectorAll("option[value]:not([value=''])") :
      form.querySelectorAll(".s3k-options input");
    return Array.prototype.map.call(controls, function (c) { return c.value; });
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

    var group = final.group;
    var codeInput = section.querySelector(".s3k-group-code");
    var codeError = section.querySelector(".s3k-group-error");
    var codeActive = section.querySelector(".s3k-group-active");

    function formOf(id) { return section.querySelector("form[data-question='" + id + "']"); }

    /* *code*: a normalised group code, or "" (then the options keep the order they have). */
    function start(seed, code) {
      code = code || "";
      S.quiz.reset(section);
      var ids = draw(modules, seed, final.perModule);
      attempts.set(section, { seed: seed, group: code, ids: ids, first: {}, done: false });
      Array.prototype.forEach.call(section.querySelectorAll("form.s3k-question"), function (f) { f.hidden = true; });
      var orders = code ? optionOrder(ids.map(function (id) {
        var form = formOf(id);
        return { id: id, type: form.dataset.type, ids: shownIds(form) };
      }), seed, group.salt) : {};
      ids.forEach(function (id, index) {
        var form = formOf(id);
        form.querySelector(".s3k-number").textContent = S.format(strings.questionOf, { n: index + 1, total: ids.length });
        if (orders[id]) { S.form.arrange(form, orders[id]); }
        result.parentNode.insertBefore(form, result);
        form.hidden = false;
      });
      result.textContent = "";
      section.dataset.seed = String(seed);
      section.dataset.group = code;
      codeActive.textContent = code ? S.format(group.strings.shown, { code: code }) : "";
      codeActive.hidden = !code;
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
      if (attempt.group) { record.group = attempt.group; }
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

    var startButton = section.querySelector(".s3k-final-start");
    codeInput.addEventListener("keydown", function (event) {  // Enter in the box starts the test, as in a form
      if (event.key === "Enter") {
        event.preventDefault();
        startButton.click();
      }
    });
    startButton.addEventListener("click", function () {
      var code = S.groupCode(codeInput.value, group.fold);
      var tooLong = Array.from(code).length > group.max;
      codeError.textContent = tooLong ? S.format(group.strings.tooLong, { max: group.max }) : "";
      codeError.hidden = !tooLong;
      if (tooLong) {
        codeInput.setAttribute("aria-invalid", "true");
        codeInput.focus();
        return;
      }
      codeInput.removeAttribute("aria-invalid");
      start(code ? S.groupSeed(code) : newSeed(), code);
    });
    return { start: start };
  }

  var finals = new WeakMap();
  S.final = {
    draw: draw,
    mulberry32: S.mulberry32,
    optionOrder: optionOrder,
    /* Start an attempt drawn with *seed* in the final-test *section* (with *code*, the group's attempt). */
    start: function (section, seed, code) { finals.get(section).start(seed, code); }
  };

  S.ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-quiz]"), function (section) {
      if (S.data(section, "script.s3k-data").final) { finals.set(section, initFinal(section)); }
    });
  });
})();
