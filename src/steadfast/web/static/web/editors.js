/* Steadfast settings: the cadence editor's step forms. The server renders and checks every
   step; this only hides the fields a step's choices leave unused and moves steps up or down.
   No inline scripts anywhere (the CSP forbids them). */
(function () {
  "use strict";

  function field(step, name) {
    var input = step.querySelector('[name$="-' + name + '"]');
    return input && input.closest(".field");
  }

  function show(step, name, visible) {
    var f = field(step, name);
    // A field with an error stays in view, so the person sees what to fix.
    if (f) f.hidden = !visible && !f.classList.contains("has-error");
  }

  function sync(step) {
    var action = step.querySelector('select[name$="-action"]');
    var start = step.querySelector('select[name$="-start"]');
    if (!action || !start) return;
    show(step, "of", start.value !== "arrival");
    show(step, "outcomes", start.value === "outcome");
    show(step, "template", action.value !== "nurture");
    show(step, "template_email", action.value === "sms_or_email");
    show(step, "voicemail_template", action.value === "call");
    var number = step.querySelector("[data-step-number]");
    var n = step.querySelector('input[name$="-n"]');
    if (number && n) number.textContent = n.value;
  }

  function steps() {
    return Array.prototype.slice.call(document.querySelectorAll("#steps [data-step]"));
  }

  function ready() {
    steps().forEach(sync);
    document.querySelectorAll("#steps button[data-move]").forEach(function (b) { b.hidden = false; });
  }

  document.addEventListener("DOMContentLoaded", ready);
  document.addEventListener("htmx:afterSettle", ready);

  document.addEventListener("change", function (event) {
    var step = event.target.closest && event.target.closest("#steps [data-step]");
    if (step) sync(step);
  });
  document.addEventListener("input", function (event) {
    var step = event.target.closest && event.target.closest("#steps [data-step]");
    if (step && event.target.matches('input[name$="-n"]')) sync(step);
  });

  // Moving a step swaps its number with its neighbour's; steps anchored on either follow it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#steps button[data-move]");
    if (!button) return;
    var step = button.closest("[data-step]");
    var all = steps();
    var at = all.indexOf(step);
    var other = all[button.dataset.move === "up" ? at - 1 : at + 1];
    if (!other) return;
    var a = step.querySelector('input[name$="-n"]');
    var b = other.querySelector('input[name$="-n"]');
    var na = a.value;
    var nb = b.value;
    a.value = nb;
    b.value = na;
    document.querySelectorAll('#steps input[name$="-of"]').forEach(function (of) {
      if (of.value === na) of.value = nb;
      else if (of.value === nb) of.value = na;
    });
    if (button.dataset.move === "up") other.before(step);
    else other.after(step);
    sync(step);
    sync(other);
    button.focus();
  });
})();
