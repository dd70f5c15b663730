/* s3kurs live quiz for JupyterLab: the browser side of s3kurs/widget.py (an anywidget).
 *
 * It shows the site's quiz markup (templates/quiz.html, rendered by the kernel) and behaves as
 * the site's script does (s3kurs/static/s3kurs-quiz.js): options shuffled, native radio groups,
 * checkboxes and selects, "Rätta" on Enter, focus to "Försök igen" after checking and back to
 * the first control after "Försök igen", feedback in a polite live region made live only after
 * the first drawing. The difference: the kernel grades. Each button sends a request; the kernel
 * answers with the question's new state (model "state"), which every view of the quiz draws.
 *
 * JupyterLab's single-key commands ("d d", "x", arrows, Enter) are not run while focus is
 * inside the quiz: Lumino skips a key binding when it meets an element with
 * data-lm-suppress-shortcuts before one that matches the binding's selector, and the notebook's
 * selectors match the focused element itself, so every focusable element carries the attribute.
 * Nothing is fetched and nothing is stored in the browser. */

// S3kurs (s3kurs/static/s3kurs-core.js) comes first in the same module (s3kurs/widget.py): the
// site's own code reads, fills in and arranges each question's form, and draws the order.
const S = globalThis.S3kurs;
let views = 0;

/* Each view gets its own ids, so that labels, hints and radio groups never reach into another
 * view of the same quiz, or into another notebook open in the same JupyterLab page. */
function uniqueIds(root, prefix) {
  const rename = (value) => value.split(/\s+/).map((id) => prefix + id).join(" ");
  root.querySelectorAll("[id]").forEach((node) => { node.id = prefix + node.id; });
  ["for", "aria-describedby", "aria-labelledby"].forEach((attribute) => {
    root.querySelectorAll("[" + attribute + "]").forEach((node) => {
      node.setAttribute(attribute, rename(node.getAttribute(attribute)));
    });
  });
  root.querySelectorAll("input[name]").forEach((node) => { node.name = prefix + node.name; });
}

function suppressShortcuts(root) {
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.querySelectorAll("input, select, button, a[href], [tabindex]").forEach((node) => {
    node.setAttribute("data-lm-suppress-shortcuts", "true");
  });
}

function render({ model, el }) {
  views += 1;
  const prefix = "v" + views + "-" + Math.floor(Math.random() * 1e9).toString(36) + "-";
  el.classList.add("s3k-lab");
  el.innerHTML = model.get("html");
  const section = el.querySelector("[data-s3k-quiz]");
  uniqueIds(el, prefix);
  suppressShortcuts(el);
  const random = S.mulberry32(model.get("seed"));
  const forms = Array.from(section.querySelectorAll("form.s3k-question"));
  const scoreLine = section.querySelector(".s3k-score");
  if (model.get("note")) {
    const note = document.createElement("p");
    note.className = "s3k-group-active";
    note.textContent = model.get("note");
    scoreLine.before(note);
  }
  let result = null;
  if (model.get("kind") === "final") {
    result = document.createElement("div");
    result.className = "s3k-final-live";
    scoreLine.after(result);
  }
  const drawn = {};     // question id -> the state's serial drawn in this view
  const pending = {};   // question id -> true while this view waits for the kernel's answer
  let shownResult = null;

  forms.forEach((form) => {
    const id = form.dataset.question;
    const order = (model.get("orders") || {})[id];
    if (order) { S.form.arrange(form, order); } else { S.form.shuffle(form, random); }
    const retry = form.querySelector(".s3k-retry");

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (form.dataset.state === "checked") { return; }
      pending[id] = true;
      model.send({ action: "check", question: id, values: S.form.read(form) });
    });
    retry.addEventListener("click", () => {
      answering(form);  // at once, as on the site; the kernel's answer draws the same
      form.querySelector("input, select").focus();
      model.send({ action: "retry", question: id });
    });
    form.querySelector(".s3k-reveal").addEventListener("click", () => {
      pending[id] = true;
      model.send({ action: "reveal", question: id });
    });
    form.dataset.state = "answering";
  });

  function answering(form) {
    form.querySelectorAll("input, select").forEach((c) => { c.disabled = false; });
    const box = form.querySelector(".s3k-feedback");
    box.textContent = "";
    delete box.dataset.verdict;
    form.querySelector(".s3k-check").hidden = false;
    form.querySelector(".s3k-retry").hidden = true;
    form.querySelector(".s3k-reveal").hidden = true;
    form.dataset.state = "answering";
  }

  function drawForm(form, shown) {
    const id = form.dataset.question;
    const box = form.querySelector(".s3k-feedback");
    if (shown.phase !== "checked") {
      if (shown.verdict === "incomplete") {
        box.dataset.verdict = "incomplete";
        box.textContent = shown.feedback;
      } else {
        answering(form);
      }
      pending[id] = false;
      return;
    }
    S.form.write(form, shown.values);
    form.querySelectorAll("input, select").forEach((c) => { c.disabled = true; });
    box.dataset.verdict = shown.verdict;
    box.innerHTML = shown.feedback;
    suppressShortcuts(box);
    form.querySelector(".s3k-check").hidden = true;
    form.querySelector(".s3k-retry").hidden = false;
    form.querySelector(".s3k-reveal").hidden = !shown.reveal;
    form.dataset.state = "checked";
    if (pending[id]) {
      pending[id] = false;
      form.querySelector(".s3k-retry").focus();
    }
  }

  function draw() {
    const state = model.get("state") || {};
    forms.forEach((form) => {
      const shown = state[form.dataset.question];
      if (shown && drawn[form.dataset.question] !== shown.serial) {
        drawn[form.dataset.question] = shown.serial;
        drawForm(form, shown);
      }
    });
    if (scoreLine) { scoreLine.textContent = model.get("score"); }
    if (result && shownResult !== model.get("result")) {
      shownResult = model.get("result");
      result.innerHTML = shownResult;
      suppressShortcuts(result);
    }
  }

  draw();
  // Live regions only now: what a second view of the quiz drew above is not announced.
  forms.forEach((form) => {
    const box = form.querySelector(".s3k-feedback");
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
  });
  if (result) {
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
  }
  model.on("change:state", draw);
  model.on("change:score", draw);
  model.on("change:result", draw);
  section.dataset.ready = "true";
  return () => {
    model.off("change:state", draw);
    model.off("change:score", draw);
    model.off("change:result", draw);
  };
}

export default { render };
