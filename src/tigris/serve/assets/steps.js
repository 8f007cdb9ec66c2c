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
   before it is replaced, and ArrowUp / ArrowDown press the box's own + / - button
   (which adds the control's step, within min and max, and sends the value as a click
   would), or, on a box without them, add data-step themselves. */
(function () {
  "use strict";
  var SELECTOR = 'input[type="number"]';

  function free(box) {
    var step = box.getAttribute("step");
    if (step === "any") return;
    if (step !== null && step !== "") box.setAttribute("data-step", step);
    box.setAttribute("step", "any");
  }

  // ArrowUp / ArrowDown by the control's step, not the browser's 1 (step="any")
  function arrow(event) {
    var box = event.target;
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!box || !box.matches || !box.matches(SELECTOR) || box.disabled || box.readOnly) return;
    var up = event.key === "ArrowUp";
    var container = box.closest(".dash-input-container");
    var button = container
      ? container.querySelector(up ? ".dash-stepper-increment" : ".dash-stepper-decrement")
      : null;
    if (button) {
      event.preventDefault();
      if (!button.disabled) button.click();
      return;
    }
    var step = parseFloat(box.getAttribute("data-step"));
    if (!(step > 0)) return;
    event.preventDefault();
    var places = (String(step).split(".")[1] || "").length;
    var next = (parseFloat(box.value) || 0) + (up ? step : -step);
    var min = parseFloat(box.getAttribute("min"));
    var max = parseFloat(box.getAttribute("max"));
    if (!isNaN(min)) next = Math.max(next, min);
    if (!isNaN(max)) next = Math.min(next, max);
    var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(box, String(parseFloat(next.toFixed(places))));
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function sweep(root) {
    if (root.matches && root.matches(SELECTOR)) free(root);
    if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(free);
  }

  function start() {
    sweep(document);
    document.addEventListener("keydown", arrow, true);
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
