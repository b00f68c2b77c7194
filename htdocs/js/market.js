/* market.js: the bulk release's "select all" and live count; progressive enhancement only (the form
 * works without it: "all" is also read by the server, the count is shown after a submit). */
(function () {
  function update(group) {
    var boxes = document.querySelectorAll('input[data-pick="' + group + '"]:not([disabled])');
    var n = 0;
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) n++;
    var out = document.querySelector('output[data-count="' + group + '"]');
    if (out) out.textContent = String(n);
  }
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (!el.matches) return;
    if (el.matches('[data-select-all]')) {
      var group = el.getAttribute('data-select-all');
      var boxes = document.querySelectorAll('input[data-pick="' + group + '"]:not([disabled])');
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = el.checked;
      update(group);
    } else if (el.matches('[data-pick]')) {
      update(el.getAttribute('data-pick'));
    }
  });
  document.addEventListener('DOMContentLoaded', function () {
    var alls = document.querySelectorAll('[data-select-all]');
    for (var i = 0; i < alls.length; i++) update(alls[i].getAttribute('data-select-all'));
  });
})();
