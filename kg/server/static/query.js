// The query page: YASGUI on our endpoint, plus the catalogue of stored questions.
// Everything is served by this server; nothing is fetched from elsewhere.
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
  });
  var queries = {};
  var select = document.getElementById("stored");
  var form = document.getElementById("params");
  var description = document.getElementById("description");
  var run = document.getElementById("run");

  fetch("/api/queries").then(function (r) { return r.json(); }).then(function (list) {
    list.forEach(function (q) { queries[q.name] = q; });
  });

  function showParams(q) {
    form.textContent = "";
    q.params.forEach(function (p) {
      var label = document.createElement("label");
      label.textContent = p.name + " (" + p.type + ")";
      var input = document.createElement("input");
      input.name = p.name;
      input.value = p.default || "";
      input.type = p.type === "date" ? "date" : "text";
      label.appendChild(input);
      form.appendChild(label);
    });
  }

  select.addEventListener("change", function () {
    var q = queries[select.value];
    run.disabled = !q;
    description.textContent = q ? q.description : "";
    form.textContent = "";
    if (q) { showParams(q); load(q.name); }
  });

  // the stored text with the parameters bound as VALUES by the server, never pasted here
  function load(name) {
    var params = new URLSearchParams(new FormData(form));
    return fetch("/api/queries/" + encodeURIComponent(name) + "?" + params.toString())
      .then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
        return r.json();
      })
      .then(function (q) { yasgui.getTab().setQuery(q.sparql); return q; });
  }

  run.addEventListener("click", function () {
    if (!select.value) { return; }
    load(select.value).then(function () { yasgui.getTab().query(); })
      .catch(function (err) { description.textContent = String(err.message || err); });
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); run.click(); });
})();
