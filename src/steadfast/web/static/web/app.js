/* Steadfast web app: keyboard outcomes for the call queue, the 5-minute countdown,
   and small conveniences. No inline scripts anywhere (the CSP forbids them). */
(function () {
  "use strict";

  // 1–6 log a call outcome while the call card is on screen (never while typing).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var card = document.getElementById("queue-current");
    if (!card) return;
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

  // After the next call card arrives, move focus to its heading for keyboard and screen-reader users.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "queue-current") {
      var heading = document.getElementById("current-heading");
      if (heading && !document.activeElement.closest("#queue-current")) heading.focus({ preventScroll: true });
    }
  });
  document.addEventListener("htmx:oobAfterSwap", function () { tick(); });

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
