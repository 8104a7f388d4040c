// Live anomaly list over server-sent events, and the oversight charts.
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    var live = document.getElementById('seal-live');
    if (live && window.EventSource) {
      var es = new EventSource(live.getAttribute('data-stream'));
      es.addEventListener('anomaly', function (ev) {
        var a = JSON.parse(ev.data);
        var li = document.createElement('li');
        li.className = 'anomaly live';
        var link = document.createElement('a');
        link.href = '/seal/anomalies/' + a.id;
        link.textContent = a.type + ' · ' + a.village + ' · ' + a.device + ' · ' + a.at;
        li.appendChild(link);
        live.insertBefore(li, live.firstChild);
      });
    }
    if (window.Chart) {
      document.querySelectorAll('canvas[data-chart]').forEach(function (c) {
        var data = JSON.parse(c.getAttribute('data-chart') || '{}');
        new Chart(c, { type: c.getAttribute('data-kind') || 'bar',
          data: { labels: Object.keys(data), datasets: [{ label: c.id, data: Object.values(data) }] },
          options: { responsive: true, plugins: { legend: { display: false } } } });
      });
    }
  });
})();
