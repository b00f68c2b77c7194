/* wagenbuch.js: progressive enhancement only; every page works without it. */
document.addEventListener('change', function (e) {
  var el = e.target;
  if (el.matches && el.matches('[data-autosubmit]') && el.form) el.form.submit();
});
document.addEventListener('submit', function (e) {
  var b = e.submitter || e.target.querySelector('[data-confirm]');
  if (b && b.dataset && b.dataset.confirm && !window.confirm(b.dataset.confirm)) e.preventDefault();
});
