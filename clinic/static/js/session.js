// Idle sign-out warning, and keeping what was typed in a form across a sign-out.
//
// The server ends a session after SESSION_IDLE_MINUTES without a request. Typing makes no
// request, so this page counts too: two minutes before the end it warns and offers to stay
// signed in (one request, which restarts the server's clock; the absolute limit still holds).
//
// Forms marked data-keep-draft save their fields, as typed, in this tab's sessionStorage
// (never a cookie or a URL; gone when the tab closes or at sign-out). After signing in again
// the server sends the therapist back to the form's page with ?restore=1, and the fields are
// filled in again, for the same staff member only.
(function () {
  "use strict";
  var body = document.body;
  var idleSeconds = Math.floor(parseFloat(body.getAttribute("data-idle-seconds") || "0"));
  var userId = body.getAttribute("data-user") || "";
  // Two minutes' warning (less when the limit itself is short).
  var WARN_BEFORE = Math.min(120, Math.floor(idleSeconds / 4));
  var SKIP = { csrf_token: 1, form_token: 1, lock_version: 1 };
  var storageKey = "draft:" + window.location.pathname;

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  // ---- drafts
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "hidden" && el.type !== "password" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }

  function save(form) {
    var store = storage();
    if (!store) { return; }
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) { values[el.name].push(el.value); }
      } else {
        values[el.name] = el.value;
      }
    });
    store.setItem(storageKey, JSON.stringify({ user: userId, values: values }));
  }

  function restore(form, saved) {
    fieldsOf(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(saved, el.name)) { return; }
      var value = saved[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else {
        el.value = value;
      }
    });
    var note = document.createElement("p");
    note.className = "flash flash-info";
    note.setAttribute("role", "status");
    note.id = "draft-restored";
    note.textContent = "What you typed before you were signed out is back in the form. " +
      "Check it, then save.";
    form.parentNode.insertBefore(note, form);
  }

  function setUpDrafts() {
    var store = storage();
    var form = document.querySelector("form[data-keep-draft]");
    if (!store || !form) { return; }
    var wanted = /[?&]restore=1(&|$)/.test(window.location.search);
    var raw = store.getItem(storageKey);
    store.removeItem(storageKey);
    if (wanted && raw) {
      try {
        var saved = JSON.parse(raw);
        if (saved && saved.user === userId && saved.values) { restore(form, saved.values); }
      } catch (e) { /* an unreadable draft is dropped */ }
    }
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
  }

  function clearOnSignOut() {
    var forms = document.querySelectorAll("form[data-sign-out]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function () {
        var store = storage();
        if (store) { store.clear(); }
      });
    });
  }

  // ---- the idle warning
  function setUpWarning() {
    var box = document.getElementById("idle-warning");
    if (!idleSeconds || !box) { return; }
    var stay = document.getElementById("idle-stay");
    var left = document.getElementById("idle-left");
    var deadline;
    var ticker = null;

    function restart() {
      deadline = Date.now() + idleSeconds * 1000;
      box.hidden = true;
    }

    function tick() {
      var remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      // A second past the deadline, so that the server has surely ended the session too.
      if (Date.now() >= deadline + 1000) {
        window.clearInterval(ticker);
        // This request goes to the sign-in page, which brings the therapist back here with
        // ?restore=1 afterwards. Asking for ?restore=1 now as well means that, even if the
        // server's clock still counted the session as open, what was typed comes back.
        window.location.assign(window.location.pathname + "?restore=1");
        return;
      }
      if (remaining <= WARN_BEFORE && box.hidden) {
        box.hidden = false;
        stay.focus();
      }
      if (!box.hidden) {
        var minutes = Math.floor(remaining / 60);
        var seconds = remaining % 60;
        left.textContent = minutes > 0 ?
          minutes + " min " + (seconds < 10 ? "0" : "") + seconds + " s" : seconds + " s";
      }
    }

    stay.addEventListener("click", function () {
      var request = new XMLHttpRequest();
      request.open("GET", stay.getAttribute("data-url"));
      request.onload = function () {
        if (request.status === 204) { restart(); } else { window.location.reload(); }
      };
      request.send();
    });
    restart();
    ticker = window.setInterval(tick, 1000);
  }

  // A form sent back with errors: its summary takes the focus, so the keyboard and a screen
  // reader start at what to correct (each error in it links to its box).
  function focusErrors() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  }

  setUpDrafts();
  clearOnSignOut();
  setUpWarning();
  focusErrors();
}());
