// Progressive enhancement of the day checklist: tick and untick without a reload.
// Without this script the same forms post and redirect back to the action.
(function () {
  "use strict";

  function setProgress(name, data) {
    var box = document.querySelector('[data-progress="' + name + '"]');
    if (!box) { return; }
    box.querySelector("[data-progress-text]").textContent = data.label;
    var bar = box.querySelector("progress");
    bar.max = data.total_minutes || 1;
    bar.value = data.done_minutes;
    bar.textContent = data.done_minutes + " of " + data.total_minutes + " minutes";
  }

  function render(form, done) {
    var item = form.closest(".check-item");
    var button = form.querySelector("button");
    form.querySelector('input[name="done"]').value = done ? "0" : "1";
    button.setAttribute("aria-pressed", done ? "true" : "false");
    button.classList.toggle("tick--done", done);
    button.querySelector(".tick__text").textContent = done ? "Done" : "Mark as done";
    item.classList.toggle("check-item--done", done);
    var stamp = item.querySelector("[data-done-at]");
    if (stamp && !done) { stamp.remove(); }
  }

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("tick-form") || !window.fetch) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      render(form, data.done);
      // The day's last tick: the page says so and offers the next step, as without
      // this script (the server renders that part; it holds no one else's data).
      var slot = document.querySelector("[data-day-done]");
      if (slot) {
        slot.innerHTML = data.day_done_html || "";
        if (window.advocacyShare) { window.advocacyShare(slot); }
      }
      setProgress("day-progress", data.day);
      setProgress("week-progress", data.week);
      status.textContent = (data.done ? "Marked as done. " : "Marked as not done. ") + data.day.label;
      button.disabled = false;
      button.focus();
    }).catch(function () {
      button.disabled = false;
      form.submit();  // fall back to the plain form
    });
  });
}());
