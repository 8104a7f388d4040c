// 三率 trend: data-trend is JSON [{day, response, resolution, satisfaction, received}].
document.addEventListener('DOMContentLoaded', function () {
  var el = document.querySelector('canvas[data-trend]');
  if (!el || typeof Chart === 'undefined') { return; }
  var rows = JSON.parse(el.getAttribute('data-trend') || '[]');
  var names = (el.getAttribute('data-labels') || 'response|resolution|satisfaction').split('|');
  function pct(k) { return rows.map(function (r) { return r[k] == null ? null : Math.round(r[k] * 1000) / 10; }); }
  new Chart(el, {
    type: 'line',
    data: { labels: rows.map(function (r) { return r.day; }), datasets: [
      { label: names[0], data: pct('response') }, { label: names[1], data: pct('resolution') },
      { label: names[2], data: pct('satisfaction') }] },
    options: { scales: { y: { min: 0, max: 100 } } }
  });
});
