/* s3kurs SCORM adapter for the course pages; loaded only in the SCORM package, right after
 * s3kurs-core.js and before the quiz scripts. It does nothing unless the page is shown in the
 * package's launch page (s3kurs-scorm-launch.js) with an LMS session: then the learner's progress
 * is kept per LMS learner (S3kurs.store.setLearner), joined with what the LMS has, and handed to
 * the launch page after each change (an answer, a final test, a reset), on each page shown (the
 * bookmark) and when the page is hidden. It never talks to the LMS's API itself. */
(function () {
  "use strict";

  var S = window.S3kurs;
  var session = null;
  try {
    session = window.parent !== window ? window.parent.S3kursScorm : null;
  } catch (e) {
    session = null;  // a parent on another origin: not our launch page
  }
  if (!S || !S.store || !session || !session.active) { return; }

  S.store.setLearner(session.learner);
  session.join(S.store);
  S.store.onChange(function (data) { session.save(data); });
  session.visit(window.location.href);

  function leave() { session.save(S.store.read()); }
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { leave(); }
  });

  /* Text for learners in an LMS (the privacy page says what goes to the LMS). */
  S.ready(function () {
    document.documentElement.dataset.s3kLms = "true";
    Array.prototype.forEach.call(document.querySelectorAll(".s3k-lms-only"), function (n) { n.hidden = false; });
    Array.prototype.forEach.call(document.querySelectorAll(".s3k-not-in-lms"), function (n) { n.hidden = true; });
  });
})();
