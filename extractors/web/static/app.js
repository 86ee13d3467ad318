// restrack review page: keyboard shortcuts and adding a row by selecting text.
// Plain JavaScript, no build step, nothing from elsewhere. Document text is never inserted
// as HTML here: only textContent and form values are set.
(function () {
  "use strict";

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName));
  }

  function go(id) {
    var a = document.getElementById(id);
    if (a) { window.location.href = a.getAttribute("href"); }
  }

  function press(id) {
    var b = document.getElementById(id);
    if (b) { b.click(); }
  }

  // The queue: j/k move a cursor over the rows, Enter opens the row.
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr[data-href]"));
  var cursor = -1;
  function moveCursor(step) {
    if (!rows.length) { return; }
    if (cursor >= 0) { rows[cursor].classList.remove("cursor"); }
    cursor = Math.max(0, Math.min(rows.length - 1, cursor + step));
    rows[cursor].classList.add("cursor");
    rows[cursor].scrollIntoView({block: "nearest"});
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) {
      if (ev.key === "Escape" && typing(ev.target)) { ev.target.blur(); }
      return;
    }
    var onRow = document.body.classList.contains("row-page");
    if (onRow) {
      if (ev.key === "a") { ev.preventDefault(); press("btn-accept"); }
      else if (ev.key === "r") { ev.preventDefault(); press("btn-reject"); }
      else if (ev.key === "j") { ev.preventDefault(); go("next"); }
      else if (ev.key === "k") { ev.preventDefault(); go("prev"); }
      else if (ev.key === "e") {
        ev.preventDefault();
        var first = document.querySelector("#row-form input:not([type=hidden]), #row-form select");
        var value = document.getElementById("f-value");
        (value || first).focus();
      }
    } else if (rows.length) {
      if (ev.key === "j") { ev.preventDefault(); moveCursor(1); }
      else if (ev.key === "k") { ev.preventDefault(); moveCursor(-1); }
      else if (ev.key === "Enter" && cursor >= 0) { window.location.href = rows[cursor].dataset.href; }
    }
  });

  // The whole document: show the row in focus; selecting words fills the form to add a row.
  var doc = document.getElementById("doctext");
  if (!doc) { return; }
  var current = doc.querySelector(".current");
  if (current) { current.scrollIntoView({block: "center"}); }

  // Offsets are in code points, as the run's texts are; JavaScript counts UTF-16 units.
  function codePoints(s) { var n = 0; for (var ch of s) { n += 1; } return n; }
  function pieceOf(node) { return node.nodeType === 1 && node.dataset.s !== undefined ? node : null; }
  function offset(node, off) {
    if (node.nodeType === 3) {
      var host = node.parentElement.closest("[data-s]");
      return host ? Number(host.dataset.s) + codePoints(node.data.slice(0, off)) : null;
    }
    var piece = pieceOf(node);
    if (piece) { return Number(piece.dataset.s) + (off === 0 ? 0 : codePoints(piece.textContent)); }
    var child = node.childNodes[off];
    if (child) {
      var p = child.nodeType === 1 ? (pieceOf(child) || child.querySelector("[data-s]")) : child.parentElement.closest("[data-s]");
      return p ? Number(p.dataset.s) : null;
    }
    var last = node.lastElementChild;
    while (last && !pieceOf(last)) { last = last.lastElementChild; }
    return last ? Number(last.dataset.s) + codePoints(last.textContent) : null;
  }

  doc.addEventListener("mouseup", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { return; }
    var range = sel.getRangeAt(0);
    if (!doc.contains(range.startContainer) || !doc.contains(range.endContainer)) { return; }
    var start = offset(range.startContainer, range.startOffset);
    var end = offset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) { return; }
    var text = sel.toString();
    document.getElementById("add-start").value = String(start);
    document.getElementById("add-end").value = String(end);
    document.getElementById("add-selected").value = text;
    document.getElementById("add-quote").textContent = text;
    document.getElementById("add-form").hidden = false;
    document.getElementById("add-hint").hidden = true;
  });
})();
