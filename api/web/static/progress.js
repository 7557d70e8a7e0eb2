/* sq-opt: live progress of a computation (progressive enhancement; without JavaScript the page
   refreshes itself). Polls the task's small JSON endpoint and opens the result when it is done. */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-progress");
  var fields = ["status_text", "best", "bound", "elapsed"];
  function show(data) {
    fields.forEach(function (name) {
      var cell = document.getElementById("p-" + name);
      if (cell && data[name] !== undefined) { cell.textContent = data[name]; }
    });
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 2000); return; }
        show(data);
        if (data.done) { window.location.assign(data.url); } else { window.setTimeout(poll, 400); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 200);
}());
