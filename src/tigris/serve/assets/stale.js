/* tigris serve: say so in the page when the server stops answering (UT-DASH #1).

   Dash's renderer posts every callback to _dash-update-component with fetch; when the
   server is gone the request fails and Dash only logs "Callback failed: the server did
   not respond." to the console, leaving the previous what-if's numbers beside the new
   value in the controls. This wraps fetch for those requests only: a network failure
   or a 5xx answer writes a line into the page's error box (#error-net) and the status
   line (#status: "no answer: the server did not respond"), and marks the main column
   stale (class "stale": dimmed, the stale note shown; tigris.css); the next
   answer that fills the headline (a fresh what-if) clears both. Nothing else changes:
   the request and its answer pass through untouched. */
(function () {
  "use strict";
  var PATH = "_dash-update-component";
  var FRESH = "headline-unmet-share";
  var NO_ANSWER =
    "the server did not respond (stopped, or the network is down): the numbers and " +
    "figures shown are for the last what-if it answered, not for the values now in " +
    "the controls. Restart tigris serve and press Apply.";
  var orig = window.fetch.bind(window);

  // the status line too: it said "cached" (the last answer's) with the server gone
  // (user test s50 #5); the next answer writes its own status over this
  var STATUS_NO_ANSWER = "no answer: the server did not respond";

  function mark(text, status) {
    var main = document.getElementById("main");
    if (main) main.classList.add("stale");
    var box = document.getElementById("error-net");
    if (box) box.textContent = text;
    var line = document.getElementById("status");
    if (line) line.textContent = status;
  }

  function clear() {
    var box = document.getElementById("error-net");
    if (box && box.textContent) {
      box.textContent = "";
      var main = document.getElementById("main");
      if (main) main.classList.remove("stale");
    }
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (url.indexOf(PATH) < 0) return orig(input, init);
    return orig(input, init).then(
      function (resp) {
        if (resp.status >= 500) {
          var said = "answered with an error (" + resp.status + ")";
          mark(
            NO_ANSWER.replace("did not respond", said),
            STATUS_NO_ANSWER.replace("did not respond", said)
          );
        } else if (resp.ok) {
          resp.clone().json().then(
            function (body) {
              if (body && body.response && FRESH in body.response) clear();
            },
            function () {} // 204: no update, nothing to read
          );
        }
        return resp;
      },
      function (err) {
        mark(NO_ANSWER, STATUS_NO_ANSWER);
        throw err;
      }
    );
  };
})();
