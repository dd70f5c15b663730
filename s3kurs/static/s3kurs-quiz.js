/* s3kurs static quizzes: grading in the browser, nothing sent anywhere.
 * The page carries each question's normalised key (see s3kurs/grading.py); this script only
 * compares sets or sequences, shows feedback and records each checked answer in the learner's
 * progress (S3kurs.store, s3kurs-core.js). The score line is read from that one record, so it
 * agrees with "Min progress" after a reload, and a reloaded page shows the answers given. */
(function () {
  "use strict";

  var S = window.S3kurs;
  var controllers = new WeakMap();

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

  /* s3kurs/quizdata.py value_label and value_feedback: a matching value is "term=target". */
  function valueLabel(q, value) {
    if (q.targets) {
      var cut = value.indexOf("=");
      return q.labels[value.slice(0, cut)] + " → " + (q.targets[value.slice(cut + 1)] || "");
    }
    return q.labels[value];
  }

  function valueFeedback(q, value) {
    return q.feedback[q.targets ? value.slice(0, value.indexOf("=")) : value] || "";
  }

  function setDisabled(form, disabled) {
    Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (c) { c.disabled = disabled; });
  }

  function matchingKeyInFormOrder(form, q) {
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

  function showFeedback(box, q, strings, values, verdict, note) {
    box.textContent = "";
    box.dataset.verdict = verdict;
    var head = verdict === "correct" ? strings.rightAnswer : verdict === "revealed" ? strings.revealed : strings.wrongAnswer;
    box.appendChild(el("p", "s3k-verdict s3k-" + verdict)).textContent = head;
    if (note) { box.appendChild(el("p", "s3k-answered-before")).textContent = note; }
    var list = el("ul", "s3k-option-feedback");
    values.forEach(function (value, index) {
      var right = valueIsRight(q, value, index);
      var item = el("li", right ? "s3k-right" : "s3k-wrong");
      var mark = el("strong", null);
      mark.textContent = (right ? strings.correct : strings.incorrect) + ": ";
      item.appendChild(mark);
      if (q.ordered) {
        item.appendChild(document.createTextNode(S.format(strings.position, { n: index + 1 }) + " – "));
      }
      item.appendChild(el("span", "s3k-label", valueLabel(q, value)));
      item.appendChild(document.createTextNode(" – "));
      item.appendChild(el("span", "s3k-why", valueFeedback(q, value)));
      list.appendChild(item);
    });
    box.appendChild(list);
    var explanation = el("p", "s3k-explanation");
    explanation.appendChild(el("strong")).textContent = strings.explanation + ": ";
    explanation.appendChild(el("span", null, q.explanation));
    box.appendChild(explanation);
    var source = el("p", "s3k-source");
    source.textContent = strings.source + ": ";
    source.appendChild(el("span", null, q.source));
    box.appendChild(source);
  }

  function initQuiz(section) {
    var data = S.data(section, "script.s3k-data");
    var strings = data.strings;
    var forms = Array.prototype.slice.call(section.querySelectorAll("form.s3k-question"));
    var scoreLine = section.querySelector(".s3k-score");
    var isFinal = !!data.final;
    var questions = {};

    function updateScore() {
      if (!scoreLine) { return; }
      var stored = S.store.read().questions;
      var score = forms.filter(function (f) {
        var r = stored[f.dataset.question];
        return r && r.firstCorrect && r.hash === data.questions[f.dataset.question].hash;
      }).length;
      scoreLine.textContent = S.format(strings.score, { score: score, total: forms.length });
    }

    forms.forEach(function (form) {
      var id = form.dataset.question;
      var q = data.questions[id];
      var check = form.querySelector(".s3k-check");
      var retry = form.querySelector(".s3k-retry");
      var reveal = form.querySelector(".s3k-reveal");
      var box = form.querySelector(".s3k-feedback");
      var more = form.querySelector(".s3k-more");
      S.form.shuffle(form, Math.random);

      function finish(focus) {
        setDisabled(form, true);
        check.hidden = true;
        retry.hidden = false;
        form.dataset.state = "checked";
        if (more) { more.hidden = false; }
        if (focus) { retry.focus(); }
      }

      function reset() {
        setDisabled(form, false);
        box.textContent = "";
        delete box.dataset.verdict;
        check.hidden = false;
        retry.hidden = true;
        reveal.hidden = true;
        if (more) { more.hidden = true; }
        form.dataset.state = "answering";
      }

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (form.dataset.state === "checked") { return; }
        var values = S.form.read(form);
        if (!isComplete(values)) {
          box.dataset.verdict = "incomplete";
          box.textContent = strings.incomplete;
          return;
        }
        var correct = isCorrect(q, values);
        var stored = S.store.read().questions[id];
        var first = !stored || stored.hash !== q.hash;
        S.store.record({ id: id, module: q.module, hash: q.hash, correct: correct, values: values });
        updateScore();
        showFeedback(box, q, strings, values, correct ? "correct" : "incorrect");
        reveal.hidden = correct;
        finish(true);
        section.dispatchEvent(new CustomEvent("s3k:attempt", { bubbles: true, detail: {
          question: id, module: q.module, hash: q.hash, bank: data.bank, correct: correct, first: first
        } }));
      });

      retry.addEventListener("click", function () {
        reset();
        form.querySelector("input, select").focus();
      });

      reveal.addEventListener("click", function () {
        var key = form.dataset.type === "matching" ? matchingKeyInFormOrder(form, q) : q.key;
        setDisabled(form, false);
        S.form.write(form, key);
        showFeedback(box, q, strings, key, "revealed");
        reveal.hidden = true;
        finish(true);
      });

      questions[id] = { form: form, reset: reset, restore: function (record) {
        // a reloaded page shows the last checked answer and its feedback
        S.form.write(form, record.last.values);
        showFeedback(box, q, strings, record.last.values, record.last.verdict,
                     S.format(strings.answeredBefore, { date: S.formatDate(record.firstAnswered) }));
        reveal.hidden = record.last.verdict === "correct";
        finish(false);
      } };
      form.dataset.state = "answering";
    });

    if (!isFinal) {
      var hashes = {};
      forms.forEach(function (f) { hashes[f.dataset.question] = data.questions[f.dataset.question].hash; });
      S.store.prune(hashes, true);
      var stored = S.store.read().questions;
      forms.forEach(function (f) {
        var record = stored[f.dataset.question];
        if (record && record.last) { questions[f.dataset.question].restore(record); }
      });
    }
    // Feedback regions become live only now: what was restored above is not announced on load.
    forms.forEach(function (f) {
      var box = f.querySelector(".s3k-feedback");
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
    });
    updateScore();
    controllers.set(section, { reset: function () {
      Object.keys(questions).forEach(function (id) {
        S.form.write(questions[id].form, []);
        questions[id].reset();
      });
    } });
    S.showStorageNotes();
    section.dataset.ready = "true";
  }

  /* Used by the final test to start a new attempt with the same forms. */
  S.quiz = { reset: function (section) { controllers.get(section).reset(); } };

  S.ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-s3k-quiz]"), initQuiz);
  });
})();
