/* s3kurs static quizzes: grading in the browser, nothing sent anywhere.
 * The page carries each question's normalised key (see s3kurs/grading.py); this
 * script only compares sets or sequences, shows feedback and keeps the score. */
(function () {
  "use strict";

  function isComplete(values) {
    return values.length > 0 && values.every(function (v) { return v !== "" && v.slice(-1) !== "="; });
  }

  function isCorrect(q, values) {
    if (q.ordered) {
      return values.length === q.key.length && values.every(function (v, i) { return v === q.key[i]; });
    }
    var unique = new Set(values);
    return unique.size === values.length && unique.size === q.key.length &&
      q.key.every(function (k) { return unique.has(k); });
  }

  function valueIsRight(q, value, index) {
    return q.ordered ? q.key[index] === value : q.key.indexOf(value) !== -1;
  }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, function (m, name) { return name in params ? params[name] : m; });
  }

  function shuffle(container, selector) {
    var items = Array.prototype.slice.call(container.querySelectorAll(selector));
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
    }
    items.forEach(function (item) { item.parentNode.appendChild(item); });
  }

  function readValues(form) {
    var type = form.dataset.type;
    if (type === "ordering") {
      return Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.value; });
    }
    if (type === "matching") {
      return Array.prototype.map.call(form.querySelectorAll("select"), function (s) {
        return s.dataset.term + "=" + s.value;
      });
    }
    return Array.prototype.filter.call(form.querySelectorAll("input"), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
  }

  function writeValues(form, values) {
    var type = form.dataset.type;
    if (type === "ordering" || type === "matching") {
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (s, i) {
        var v = values[i];
        s.value = type === "matching" ? v.slice(v.indexOf("=") + 1) : v;
      });
      return;
    }
    Array.prototype.forEach.call(form.querySelectorAll("input"), function (i) {
      i.checked = values.indexOf(i.value) !== -1;
    });
  }

  function setDisabled(form, disabled) {
    Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (c) { c.disabled = disabled; });
  }

  function matchingKeyInFormOrder(form, q) {
    // the key of a matching question, in the order of the form's terms
    return Array.prototype.map.call(form.querySelectorAll("select"), function (s) {
      return q.key.filter(function (k) { return k.indexOf(s.dataset.term + "=") === 0; })[0];
    });
  }

  function el(tag, className, html) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (html !== undefined) { node.innerHTML = html; }
    return node;
  }

  function showFeedback(form, q, strings, values, verdict) {
    var box = form.querySelector(".s3k-feedback");
    box.textContent = "";
    box.dataset.verdict = verdict;
    var head = verdict === "correct" ? strings.rightAnswer : verdict === "revealed" ? strings.revealed : strings.wrongAnswer;
    box.appendChild(el("p", "s3k-verdict s3k-" + verdict, "")).textContent = head;
    var list = el("ul", "s3k-option-feedback");
    values.forEach(function (value, index) {
      var right = valueIsRight(q, value, index);
      var item = el("li", right ? "s3k-right" : "s3k-wrong");
      var mark = el("strong", null);
      mark.textContent = (right ? strings.correct : strings.incorrect) + ": ";
      item.appendChild(mark);
      var label = el("span", "s3k-label", q.labels[value]);
      if (q.ordered) {
        item.appendChild(document.createTextNode(format(strings.position, { n: index + 1 }) + " – "));
      }
      item.appendChild(label);
      item.appendChild(document.createTextNode(" – "));
      item.appendChild(el("span", "s3k-why", q.feedback[value] || ""));
      list.appendChild(item);
    });
    box.appendChild(list);
    var explanation = el("p", "s3k-explanation");
    var strong = el("strong");
    strong.textContent = strings.explanation + ": ";
    explanation.appendChild(strong);
    explanation.appendChild(el("span", null, q.explanation));
    box.appendChild(explanation);
    var source = el("p", "s3k-source");
    source.textContent = strings.source + ": ";
    source.appendChild(el("span", null, q.source));
    box.appendChild(source);
    var more = form.querySelector(".s3k-more");
    if (more) { more.hidden = false; }
  }

  function initQuiz(section) {
    var data = JSON.parse(section.querySelector("script.s3k-data").textContent);
    var strings = data.strings;
    var records = {};
    var forms = section.querySelectorAll("form.s3k-question");
    var scoreLine = section.querySelector(".s3k-score");

    function updateScore() {
      if (!scoreLine) { return; }
      var score = 0;
      Object.keys(records).forEach(function (id) { if (records[id].firstCorrect) { score += 1; } });
      scoreLine.textContent = format(strings.score, { score: score, total: forms.length });
    }

    function clear(form) {
      Array.prototype.forEach.call(form.querySelectorAll("input"), function (i) { i.checked = false; });
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { s.value = ""; });
      form.resetQuestion();
    }

    // Used by the final test to start a new attempt with the same forms.
    section.s3kQuiz = {
      reset: function () {
        records = {};
        Array.prototype.forEach.call(forms, clear);
        updateScore();
      }
    };

    Array.prototype.forEach.call(forms, function (form) {
      var id = form.dataset.question;
      var q = data.questions[id];
      var check = form.querySelector(".s3k-check");
      var retry = form.querySelector(".s3k-retry");
      var reveal = form.querySelector(".s3k-reveal");
      var box = form.querySelector(".s3k-feedback");
      var options = form.querySelector(".s3k-options[data-shuffle='true']");
      if (options) { shuffle(options, ".s3k-option"); }
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { shuffle(s, "option[value]:not([value=''])"); });

      function finish() {
        setDisabled(form, true);
        check.hidden = true;
        retry.hidden = false;
        form.dataset.state = "checked";
        retry.focus();
      }

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (form.dataset.state === "checked") { return; }
        var values = readValues(form);
        if (!isComplete(values)) {
          box.dataset.verdict = "incomplete";
          box.textContent = strings.incomplete;
          return;
        }
        var correct = isCorrect(q, values);
        var record = records[id] || (records[id] = { attempts: 0, firstCorrect: null });
        record.attempts += 1;
        var first = record.firstCorrect === null;
        if (first) { record.firstCorrect = correct; }
        updateScore();
        showFeedback(form, q, strings, values, correct ? "correct" : "incorrect");
        reveal.hidden = correct;
        finish();
        document.dispatchEvent(new CustomEvent("s3k:attempt", {
          detail: { question: id, module: q.module, bank: data.bank, correct: correct, first: first }
        }));
      });

      form.resetQuestion = function () {
        setDisabled(form, false);
        box.textContent = "";
        delete box.dataset.verdict;
        check.hidden = false;
        retry.hidden = true;
        reveal.hidden = true;
        form.querySelector(".s3k-more").hidden = true;
        form.dataset.state = "answering";
      };

      retry.addEventListener("click", function () {
        form.resetQuestion();
        form.querySelector("input, select").focus();
      });

      reveal.addEventListener("click", function () {
        var key = form.dataset.type === "matching" ? matchingKeyInFormOrder(form, q) : q.key;
        setDisabled(form, false);
        writeValues(form, key);
        showFeedback(form, q, strings, key, "revealed");
        reveal.hidden = true;
        finish();
      });
      form.dataset.state = "answering";
    });
    section.dataset.ready = "true";
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-quiz]"), initQuiz);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
