/* tigris serve: a number box's step is what its - and + buttons add, not a rule on
   what may be typed (user test s48 #3, docs/serve.md "Controls").

   Dash's number input gives its step both to its own - / + buttons and to the HTML
   input's step attribute, by which the browser marks a value off the steps (8.3 in
   steps of 0.5) invalid and Dash then sends the box as empty. The server takes any
   value within a control's range, so this sets every number box's step attribute to
   "any" (the buttons keep the control's step: Dash reads it from its own props), on
   boxes drawn later too (a new upload, Reset). The range (min, max) is still the
   browser's check. */
(function () {
  "use strict";
  var SELECTOR = 'input[type="number"]';

  function free(box) {
    if (box.getAttribute("step") !== "any") box.setAttribute("step", "any");
  }

  function sweep(root) {
    if (root.matches && root.matches(SELECTOR)) free(root);
    if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(free);
  }

  function start() {
    sweep(document);
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
