/* Steadfast web app: keyboard outcomes for the call queue, the 5-minute countdown,
   and small conveniences. No inline scripts anywhere (the CSP forbids them). */
(function () {
  "use strict";

  // 1–6 log a call outcome, unless the person turned the keys off (My profile). Only while
  // focus is in the call card or on the page itself: never in a field, and never while
  // focus is elsewhere (a screen reader's browse-mode keys, a link in the waiting list).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    var card = document.getElementById("queue-current");
    if (!card || card.dataset.shortcuts !== "on") return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var focus = document.activeElement;
    if (focus && focus !== document.body && focus !== document.documentElement && !card.contains(focus)) return;
    var button = card.querySelector('button[data-key="' + event.key + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });

  // While one outcome is being logged, the others wait.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form.outcomes");
    if (form) form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
  });

  // Focus moves to the next call's heading only when it was in the card the person just used
  // (after an outcome or a skip); a card that arrives by polling never takes focus.
  var focusWasInCard = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.target && event.target.id === "queue-current") {
      focusWasInCard = event.target.contains(document.activeElement);
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "queue-current" && focusWasInCard) {
      focusWasInCard = false;
      var heading = document.getElementById("current-heading");
      if (heading) heading.focus({ preventScroll: true });
    }
  });
  // A polled list that changed under a focused link: htmx puts focus back on the same link
  // (same id); if that lead left the list, focus goes to the list's heading, not the page.
  document.addEventListener("htmx:oobBeforeSwap", rememberListFocus);
  document.addEventListener("htmx:beforeSwap", rememberListFocus);
  var listFocus = false;
  function rememberListFocus(event) {
    var list = document.getElementById("queue-waiting");
    listFocus = !!(list && list.contains(document.activeElement) && document.activeElement !== list);
  }
  function restoreListFocus() {
    if (!listFocus) return;
    listFocus = false;
    var focus = document.activeElement;
    if (!focus || focus === document.body) {
      var heading = document.getElementById("waiting-heading");
      if (heading) heading.focus({ preventScroll: true });
    }
  }
  document.addEventListener("htmx:afterSettle", restoreListFocus);
  document.addEventListener("htmx:oobAfterSwap", function () { tick(); restoreListFocus(); });

  // The page's one live region: the server names what happened in an HX-Trigger header.
  // What polls report at the same moment (a new lead, and the count it changed) is read
  // together; what the person just did replaces whatever was there.
  var announced = 0;
  document.addEventListener("steadfast:announce", function (event) {
    var region = document.getElementById("announcer");
    var detail = event.detail || {};
    var text = detail.value;
    if (!region || !text) return;
    var now = Date.now();
    var keep = detail.join && now - announced < 1000 ? region.textContent : "";
    announced = now;
    region.textContent = keep ? keep + " " + text : text;
  });

  // Countdown to the 5-minute target. The server's clock decides: the offset between it and
  // this browser's clock is measured once per element.
  function format(seconds) {
    var s = Math.abs(Math.round(seconds));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function tick() {
    document.querySelectorAll(".countdown[data-target]").forEach(function (el) {
      if (!el.dataset.offset) {
        el.dataset.offset = String(Date.parse(el.dataset.serverNow) - Date.now());
      }
      var now = Date.now() + Number(el.dataset.offset);
      var left = (Date.parse(el.dataset.target) - now) / 1000;
      if (left >= 0) {
        el.textContent = format(left) + " left";
        el.classList.remove("late");
      } else {
        el.textContent = format(left) + " late";
        el.classList.add("late");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  setInterval(tick, 1000);

  // Fields that only matter for one choice: the subject for an email, the reason for "invalid".
  var DEPENDENT = [
    { select: 'select[name="msg-channel"]', field: '[name="msg-subject"]', value: "email" },
    { select: 'select[name="mark-status"]', field: '[name="mark-reason"]', value: "invalid" }
  ];
  function syncDependent(select) {
    DEPENDENT.forEach(function (rule) {
      if (!select.matches(rule.select) || !select.form) return;
      var input = select.form.querySelector(rule.field);
      var field = input && input.closest(".field");
      if (field) field.hidden = select.value !== rule.value && !field.classList.contains("has-error");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    DEPENDENT.forEach(function (rule) { document.querySelectorAll(rule.select).forEach(syncDependent); });
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select")) syncDependent(event.target);
  });

  // The firm switcher submits on change.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
  });
})();
