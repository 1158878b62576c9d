// The access matrix's search and pages, over window.SNOWTENANT_MATRIX (matrix-data.js).
// Vanilla JS, no network: it works from file:// and any static host.
(function () {
  "use strict";
  var data = window.SNOWTENANT_MATRIX;
  if (!data) { return; }
  var PAGE = 100;
  var start = 0;
  var shown = data.rows;
  var body = document.getElementById("rows");
  var label = document.getElementById("page");
  var query = document.getElementById("q");
  var words = { "-": "denied", "p": "grant \u00b7 policy", "g": "grant \u00b7 guard", "o": "GRANT \u00b7 UNPROTECTED" };
  function td(text, cls) {
    var c = document.createElement("td");
    c.textContent = text;
    if (cls) { c.className = cls; }
    return c;
  }
  function cell(code) {
    var i = code.indexOf(":");
    var kind = i < 0 ? code : code.slice(0, i);
    var text = words[kind] || words.o;
    if (i >= 0) { text += " \u00b7 saw " + code.slice(i + 1); }
    return td(text, "cell " + (kind === "-" ? "n" : kind));
  }
  function render() {
    var frag = document.createDocumentFragment();
    var end = Math.min(start + PAGE, shown.length);
    for (var i = start; i < end; i++) {
      var r = shown[i];
      var tr = document.createElement("tr");
      var role = document.createElement("td");
      var code = document.createElement("code");
      code.textContent = r.role;
      role.appendChild(code);
      tr.appendChild(role);
      var tenant = document.createElement("td");
      if (r.page) {
        var a = document.createElement("a");
        a.href = r.page;
        a.textContent = r.tenant;
        tenant.appendChild(a);
      } else {
        var note = document.createElement("small");
        note.textContent = r.note;
        tenant.appendChild(note);
      }
      tr.appendChild(tenant);
      for (var j = 0; j < r.cells.length; j++) { tr.appendChild(cell(r.cells[j])); }
      tr.appendChild(td(String(r.own), "num"));
      tr.appendChild(r.foreign === 0 ? td("none", "cell n") : td(String(r.foreign), "cell o"));
      frag.appendChild(tr);
    }
    body.replaceChildren(frag);
    label.textContent = shown.length === 0 ? "no match" :
      "rows " + (start + 1) + "-" + end + " of " + shown.length;
  }
  query.addEventListener("input", function () {
    var q = query.value.trim().toUpperCase();
    shown = q === "" ? data.rows : data.rows.filter(function (r) {
      return r.role.toUpperCase().indexOf(q) >= 0 || r.tenant.toUpperCase().indexOf(q) >= 0;
    });
    start = 0;
    render();
  });
  document.getElementById("next").addEventListener("click", function () {
    if (start + PAGE < shown.length) { start += PAGE; render(); }
  });
  document.getElementById("prev").addEventListener("click", function () {
    if (start > 0) { start = Math.max(0, start - PAGE); render(); }
  });
  label.textContent = "rows 1-" + Math.min(PAGE, shown.length) + " of " + shown.length;
})();
