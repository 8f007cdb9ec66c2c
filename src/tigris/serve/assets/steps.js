/* tigris serve: a number box's step is what its - and + buttons add, not a rule on
   what may be typed (user test s48 #3, docs/serve.md "Controls").

   Dash's number input gives its step both to its own - / + buttons and to the HTML
   input's step attribute, by which the browser marks a value off the steps (8.3 in
   steps of 0.5) invalid and Dash then sends the box as empty. The server takes any
   value within a control's range, so this sets every number box's step attribute to
   "any" (the buttons keep the control's step: Dash reads it from its own props), on
   boxes drawn later too (a new upload, Reset). The range (min, max) is still the
   browser's check.

   With step "any" the browser's ArrowUp / ArrowDown move a box by 1 whatever the
   control's step (a discount rate of 8 went to 9 in steps of 0.5; a d0 of 0.07 could
   not be stepped at all). The control's step is kept in the box's data-step attribute
   before it is replaced.

   Dash's own - / + buttons round their answer to the step's decimals, so they snapped
   a value off the steps to the grid instead of adding one step (user test s50 #2: a
   discount rate of 5.52 went to 6 with +, to 5 with -; a claimed chip's 2.2741055185
   to 2.4). So the buttons' clicks are taken here, before Dash's handler, and they and
   ArrowUp / ArrowDown add exactly one step (data-step) to the value in the box, within
   min and max, rounded to the step's decimals or the value's own, whichever has more
   (5.52 + 0.5 = 6.02, not 6.0200000000000005); the new value is sent as Dash sends a
   value when the box is left (its blur handler: the box's debounce). */
(function () {
  "use strict";
  var SELECTOR = 'input[type="number"]';
  var STEPPER = ".dash-input-stepper";
  //: Most decimals a stepped value keeps (a double's ~15 significant digits).
  var MAX_PLACES = 12;

  function free(box) {
    var step = box.getAttribute("step");
    if (step === "any") return;
    if (step !== null && step !== "") box.setAttribute("data-step", step);
    box.setAttribute("step", "any");
  }

  // decimals written in a number's text: "5.52" 2, "0.5" 1, "12" 0, "1e-7" 7
  function places(text) {
    var m = /^[+-]?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(String(text).trim());
    if (!m) return 0;
    var n = (m[2] || "").length - (m[3] ? parseInt(m[3], 10) : 0);
    return Math.min(Math.max(n, 0), MAX_PLACES);
  }

  // the box's value one step up or down, within min and max; null when it has no step
  function stepped(box, up) {
    var step = parseFloat(box.getAttribute("data-step"));
    if (!(step > 0)) return null;
    var text = box.value;
    var value = parseFloat(text);
    if (isNaN(value)) value = 0;
    var digits = Math.max(places(box.getAttribute("data-step")), places(text));
    var next = parseFloat((value + (up ? step : -step)).toFixed(digits));
    var min = parseFloat(box.getAttribute("min"));
    var max = parseFloat(box.getAttribute("max"));
    if (!isNaN(min)) next = Math.max(next, min);
    if (!isNaN(max)) next = Math.min(next, max);
    return next;
  }

  // write ``next`` into the box and send it as Dash does when a box is left: its input
  // handler keeps the text, its blur handler (debounce) sends the value
  function put(box, next) {
    var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(box, String(next));
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
  }

  function step(box, up) {
    if (!box || box.disabled || box.readOnly) return false;
    var next = stepped(box, up);
    if (next === null) return false;
    put(box, next);
    return true;
  }

  // ArrowUp / ArrowDown by the control's step, not the browser's 1 (step="any")
  function arrow(event) {
    var box = event.target;
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!box || !box.matches || !box.matches(SELECTOR)) return;
    if (step(box, event.key === "ArrowUp")) event.preventDefault();
  }

  // the - / + buttons: one step from the value, not Dash's rounding to the step grid
  function click(event) {
    var button = event.target && event.target.closest ? event.target.closest(STEPPER) : null;
    if (!button) return;
    var container = button.closest(".dash-input-container");
    var box = container ? container.querySelector(SELECTOR) : null;
    if (!box || !box.hasAttribute("data-step")) return; // Dash's handler, as it is
    event.stopPropagation();
    event.preventDefault();
    if (button.disabled) return;
    step(box, button.classList.contains("dash-stepper-increment"));
  }

  function sweep(root) {
    if (root.matches && root.matches(SELECTOR)) free(root);
    if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(free);
  }

  function start() {
    sweep(document);
    document.addEventListener("keydown", arrow, true);
    document.addEventListener("click", click, true);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") sweep(change.target);
        else change.addedNodes.forEach(sweep);
      });
    }).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["step"],
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
