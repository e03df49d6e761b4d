// Story form: a live character counter and a draft kept in this browser
// (localStorage) so that nothing typed is lost on a reload. Progressive only.
(function () {
  "use strict";
  var KEY = "advocacy.story.draft";
  var done = document.querySelector('[data-clear-draft="story"]');
  if (done) { try { localStorage.removeItem(KEY); } catch (e) { /* storage off */ } return; }
  var form = document.querySelector('form[data-draft="story"]');
  if (!form) { return; }
  var body = form.querySelector("textarea[data-counter]");
  var counter = document.getElementById("body-counter");
  var SKIP = { csrf_token: true, website: true };

  function count() {
    if (!body || !counter) { return; }
    var n = body.value.length;
    counter.hidden = false;
    counter.textContent = n + " of 5,000 characters" + (n < 50 ? " (at least 50)" : "");
  }

  function save() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "password") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else { data[el.name] = el.value; }
    });
    try { localStorage.setItem(KEY, JSON.stringify(data)); } catch (e) { /* full or off */ }
  }

  function restore() {
    var raw;
    try { raw = localStorage.getItem(KEY); } catch (e) { return; }
    if (!raw) { return; }
    var data = JSON.parse(raw);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || !(el.name in data)) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = data[el.name].indexOf(el.value) !== -1;
      } else if (!el.value) { el.value = data[el.name]; }  // the server's values win
    });
  }

  restore();
  count();
  form.addEventListener("input", function () { count(); save(); });
  form.addEventListener("change", save);
}());
