/* s3kurs SCORM launch page: holds the one LMS session of a launch and shows the course in a frame.
 *
 * - Finds the LMS's API by the standard walk up window.parent (then window.opener's), calls
 *   LMSInitialize (SCORM 2004: Initialize) once, and LMSFinish (Terminate) once when the learner
 *   leaves (pagehide).
 * - The course pages never talk to the API: their adapter (s3kurs-scorm.js) finds this page as
 *   window.parent.S3kursScorm and hands it the learner's progress whenever it changes.
 * - Reports lesson status (incomplete, then passed/failed from the final tests), the best final
 *   test's percentage as score.raw (min 0, max 100), session time, the bookmark (the page last
 *   shown), exit = suspend until the learner has passed, and the progress itself in
 *   cmi.suspend_data (S3kurs.scormCodec).
 * - Tells the learner in one line what they need to know: an LMS error (their answers stay in
 *   the browser and go with the next commit), a changed course, where they left off.
 * The score rule is the course's own (S3kurs.passed, S3kurs.percent in s3kurs-core.js). */
(function () {
  "use strict";

  var S = window.S3kurs;
  var config = JSON.parse(document.querySelector("script.s3k-scorm-data").textContent);
  var strings = config.strings;
  var PENDING = "s3kurs:scorm-pending:";  // + learner: progress this browser has that the LMS may lack

  var RUNTIMES = {
    "1.2": {
      api: "API", initialize: "LMSInitialize", terminate: "LMSFinish", getValue: "LMSGetValue",
      setValue: "LMSSetValue", commit: "LMSCommit", lastError: "LMSGetLastError",
      learner: "cmi.core.student_id", location: "cmi.core.lesson_location", suspend: "cmi.suspend_data",
      exit: "cmi.core.exit", sessionTime: "cmi.core.session_time", limit: 4096, success: "cmi.core.lesson_status",
      status: function (state) {
        var out = { "cmi.core.lesson_status": state.passed ? "passed" : state.tested ? "failed" : "incomplete" };
        if (state.tested) {
          out["cmi.core.score.min"] = "0";
          out["cmi.core.score.max"] = "100";
          out["cmi.core.score.raw"] = String(state.percent);
        }
        return out;
      },
      exitValue: function (state) { return state.passed ? "" : "suspend"; },
      time: function (ms) {  // CMITimespan: HHHH:MM:SS.SS
        var cs = Math.floor(ms / 10);
        var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60;
        function two(n) { return (n < 10 ? "0" : "") + n; }
        return (h < 10 ? "000" : h < 100 ? "00" : h < 1000 ? "0" : "") + h + ":" + two(m) + ":" + two(s) + "." + two(cs % 100);
      }
    },
    "2004": {
      api: "API_1484_11", initialize: "Initialize", terminate: "Terminate", getValue: "GetValue",
      setValue: "SetValue", commit: "Commit", lastError: "GetLastError",
      learner: "cmi.learner_id", location: "cmi.location", suspend: "cmi.suspend_data",
      exit: "cmi.exit", sessionTime: "cmi.session_time", limit: 64000, success: "cmi.success_status",
      status: function (state) {
        var out = { "cmi.completion_status": state.tested ? "completed" : "incomplete",
                    "cmi.success_status": state.passed ? "passed" : state.tested ? "failed" : "unknown" };
        if (state.tested) {
          out["cmi.score.min"] = "0";
          out["cmi.score.max"] = "100";
          out["cmi.score.raw"] = String(state.percent);
          out["cmi.score.scaled"] = String(state.percent / 100);
        }
        return out;
      },
      exitValue: function (state) { return state.passed ? "normal" : "suspend"; },
      time: function (ms) {  // ISO 8601 duration
        var cs = Math.floor(ms / 10);
        return "PT" + Math.floor(cs / 360000) + "H" + (Math.floor(cs / 6000) % 60) + "M" +
          (Math.floor(cs / 100) % 60) + "." + (cs % 100 < 10 ? "0" : "") + (cs % 100) + "S";
      }
    }
  };
  var rt = RUNTIMES[config.scorm];

  var bar = document.querySelector(".s3k-scorm-bar");
  var message = document.querySelector(".s3k-scorm-message");
  var resume = document.querySelector(".s3k-scorm-resume");
  var frame = document.querySelector("iframe.s3k-scorm-course");
  var base = new URL(".", window.location.href).href;  // the package's root

  function showBar() { bar.hidden = !message.textContent && resume.hidden; }
  function say(text, kind) {
    message.textContent = text || "";
    message.dataset.kind = text ? kind : "";
    showBar();
  }

  /* ---- the API: the standard search, window.parent upwards, then the opener's ---- */

  function search(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      try {
        if (win[rt.api]) { return win[rt.api]; }
      } catch (e) { /* another origin: keep walking */ }
      if (!win.parent || win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }

  function findAPI() {
    var api = search(window.parent !== window ? window.parent : null);
    if (!api && window.opener) { api = search(window.opener); }
    if (!api) {
      try { if (window.top.opener) { api = search(window.top.opener); } } catch (e) { /* another origin */ }
    }
    return api;
  }

  var api = findAPI();
  var active = false;
  var finished = false;
  var started = Date.now();
  var learner = "";
  var lastSuspend = null;
  var reported = {};   // what was last set, element -> value
  var errorShown = false;
  var passedBefore = false;  // the LMS had the learner as passed at launch: never report less

  function lastError() {
    try { return String(api[rt.lastError]()); } catch (e) { return "101"; }
  }

  /* One call to the API; false (and one line for the learner) on an error code. */
  function call(name, a, b) {
    var result;
    try {
      result = b === undefined ? api[rt[name]](a) : api[rt[name]](a, b);
    } catch (e) {
      result = "false";
    }
    if (String(result) === "true") { return true; }
    var code = lastError();
    say(S.format(strings.lmsError, { code: code && code !== "0" ? code : "101" }), "error");
    errorShown = true;
    return false;
  }

  function get(element) {
    try { return String(api[rt.getValue](element) || ""); } catch (e) { return ""; }
  }

  function set(element, value) {
    if (reported[element] === value) { return true; }
    var ok = call("setValue", element, value);
    if (ok) { reported[element] = value; }
    return ok;
  }

  function pending(on) {
    try {
      if (on) { window.localStorage.setItem(PENDING + learner, "1"); }
      else { window.localStorage.removeItem(PENDING + learner); }
    } catch (e) { /* no storage: nothing to remember */ }
  }

  function isPending() {
    try { return window.localStorage.getItem(PENDING + learner) === "1"; } catch (e) { return false; }
  }

  /* ---- what the progress means for the LMS ---- */

  function report(data) {
    var now = state(data);
    if (passedBefore && !now.passed) { return true; }  // progress lost somewhere: keep the LMS's verdict
    var values = rt.status(now);
    var ok = true;
    Object.keys(values).forEach(function (element) { ok = set(element, values[element]) && ok; });
    return ok;
  }

  function state(data) {
    var tests = data.finalTests || [];
    var best = null;
    tests.forEach(function (t) {
      if (!best || t.score * best.total > best.score * t.total) { best = t; }
    });
    return {
      tested: tests.length > 0,
      passed: tests.some(function (t) { return S.passed(t.score, t.total, config.rule); }),
      percent: best ? S.percent(best.score, best.total) : 0
    };
  }

  /* ---- joining the LMS's copy and this browser's copy (the first course page of a launch) ---- */

  function byKey(list, key) {
    var out = {};
    list.forEach(function (item) { out[key(item)] = item; });
    return out;
  }

  function testKey(t) {
    return Math.floor(Date.parse(t.when) / 60000) + " " + (t.seed >>> 0) + " " + t.score + "/" + t.total;
  }

  /* The LMS's copy counts; this browser's records add what the compact copy leaves out (exact
   * times, the last answer shown on the page) where they agree with it. When this browser holds
   * progress that never reached the LMS (an error, or the window closed first), both are kept. */
  function join(lms, local, keepLocal) {
    var out = { formatVersion: 2, questions: {}, finalTests: [] };
    var ids = Object.keys(lms.questions);
    if (keepLocal) {
      Object.keys(local.questions).forEach(function (id) { if (!(id in lms.questions)) { ids.push(id); } });
    }
    ids.forEach(function (id) {
      var a = lms.questions[id], b = local.questions[id];
      if (!a) { out.questions[id] = b; return; }
      var same = b && b.hash === a.hash && !!b.firstCorrect === a.firstCorrect &&
        Math.floor(Date.parse(b.firstAnswered) / 60000) * 60000 === Date.parse(a.firstAnswered);
      if (same && (b.attempts === a.attempts || (keepLocal && b.attempts > a.attempts))) {
        out.questions[id] = b;
      } else {
        out.questions[id] = a;
        if (same && b.last && !a.last) { a.last = b.last; }
      }
    });
    var locals = byKey(local.finalTests || [], testKey);
    var seen = {};
    lms.finalTests.forEach(function (t) {
      var k = testKey(t);
      var b = locals[k];
      seen[k] = true;
      out.finalTests.push(b && b.answers && b.answers.length >= t.answers.length ? b : t);
    });
    if (keepLocal) {
      (local.finalTests || []).forEach(function (t) { if (!seen[testKey(t)]) { out.finalTests.push(t); } });
      out.finalTests.sort(function (x, y) { return Date.parse(x.when) - Date.parse(y.when); });
    }
    return out;
  }

  /* ---- the session ---- */

  var session = window.S3kursScorm = {
    active: false,
    learner: "",
    progress: null,   // the learner's progress as the LMS has it (decoded), then as last saved
    joined: false,

    /* Called by the adapter on every course page, before the page's quizzes read the store. */
    join: function (store) {
      if (!active) { return; }
      if (!session.joined) {
        session.joined = true;
        var local = store.read();
        var merged = join(session.progress, local, isPending());
        store.replace(merged);
        session.save(store.read());
      } else if (!store.available()) {
        store.replace(session.progress);  // no storage in this browser: the session carries it
      }
    },

    /* The learner's progress changed (or the page is hidden): report it and commit. */
    save: function (data) {
      if (!active || finished) { return; }
      data = JSON.parse(JSON.stringify(data));
      session.progress = data;
      pending(true);
      var encoded = S.scormCodec.encode(data, config.bank, rt.limit);
      var ok = true;
      if (encoded.text !== lastSuspend) {
        ok = call("setValue", rt.suspend, encoded.text);
        if (ok) { lastSuspend = encoded.text; }
      }
      ok = report(data) && ok;
      ok = call("commit", "") && ok;
      if (ok) {
        pending(false);
        if (errorShown) { errorShown = false; say(""); }
      }
    },

    /* A course page is shown: the bookmark. */
    visit: function (href) {
      if (!active || finished) { return; }
      var path = href.split("#")[0].split("?")[0];
      if (path.indexOf(base) !== 0) { return; }
      path = path.slice(base.length);
      if (path !== config.start) { hideResume(); }
      if (set(rt.location, path.slice(0, 255))) { call("commit", ""); }
    }
  };

  function hideResume() {
    if (!resume.hidden) {
      resume.hidden = true;
      showBar();
    }
  }

  function finish() {
    if (!active || finished) { return; }
    try {  // the course page's latest copy, in case its own pagehide comes after this one
      var inner = frame.contentWindow && frame.contentWindow.S3kurs;
      if (inner && inner.store && session.joined) { session.save(inner.store.read()); }
    } catch (e) { /* the frame shows another site */ }
    var data = session.progress || { questions: {}, finalTests: [] };
    set(rt.sessionTime, rt.time(Date.now() - started));
    set(rt.exit, rt.exitValue({ passed: passedBefore || state(data).passed }));
    call("commit", "");
    finished = true;
    call("terminate", "");
    active = session.active = false;
  }

  function start() {
    if (!api) {
      say(strings.noLms, "info");
      frame.src = config.start;
      return;
    }
    var initialized;
    try { initialized = String(api[rt.initialize]("")) === "true"; } catch (e) { initialized = false; }
    if (!initialized) {  // the course still works as on the site; nothing is reported
      var code = lastError();
      say(S.format(strings.noSession, { code: code && code !== "0" ? code : "101" }), "error");
      frame.src = config.start;
      return;
    }
    active = session.active = true;
    learner = session.learner = get(rt.learner);
    passedBefore = get(rt.success) === "passed";
    var decoded = S.scormCodec.decode(get(rt.suspend), config.bank);
    lastSuspend = null;
    session.progress = decoded.data;
    if (decoded.unreadable) {
      say(strings.unreadable, "info");
    } else if (decoded.changed) {
      say(decoded.dropped ? S.format(strings.bankChanged, { count: decoded.dropped }) : strings.bankChangedNone, "info");
    }
    // incomplete from the first launch; passed/failed once the progress holds a final test
    report(decoded.data);
    call("commit", "");
    var bookmark = get(rt.location);
    if (bookmark && bookmark !== config.start && config.pages[bookmark] !== undefined) {
      resume.querySelector(".s3k-scorm-resume-text").textContent = S.format(strings.resumeText, { title: config.pages[bookmark] });
      resume.querySelector(".s3k-scorm-continue").addEventListener("click", function () {
        hideResume();
        frame.src = bookmark;
        frame.focus();
      });
      resume.hidden = false;
      showBar();
    }
    resume.querySelector(".s3k-scorm-close").addEventListener("click", hideResume);
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
    frame.src = config.start;
  }

  start();
})();
