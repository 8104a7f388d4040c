// 三率 trend: data-trend is JSON [{day, response, resolution, satisfaction, received, href}]; a click opens href.
// Hotspots: data-hotspots + data-points JSON [{lat,lng,label,href}] as small circles (up to 500 of them:
// circle markers stay light on a phone where 500 icon markers would not).
document.addEventListener('DOMContentLoaded', function () {
  var el = document.querySelector('canvas[data-trend]');
  if (el && typeof Chart !== 'undefined') {
    var rows = JSON.parse(el.getAttribute('data-trend') || '[]');
    var names = (el.getAttribute('data-labels') || 'response|resolution|satisfaction').split('|');
    var pct = function (k) { return rows.map(function (r) { return r[k] == null ? null : Math.round(r[k] * 1000) / 10; }); };
    new Chart(el, {
      type: 'line',
      data: { labels: rows.map(function (r) { return r.day; }), datasets: [
        { label: names[0], data: pct('response') }, { label: names[1], data: pct('resolution') },
        { label: names[2], data: pct('satisfaction') }] },
      options: { spanGaps: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } },
        // a click on a point (or near it on the same day) opens that day's orders
        interaction: { mode: 'index', intersect: false },
        onHover: function (e, els) { e.native.target.style.cursor = els.length ? 'pointer' : 'default'; },
        onClick: function (e, els) {
          var r = els.length ? rows[els[0].index] : null;
          if (r && r.href && r.href.charAt(0) === '/' && r.href.charAt(1) !== '/') { window.location.href = r.href; }
        } }
    });
  }
  var m = document.querySelector('[data-hotspots]');
  if (m && typeof L !== 'undefined') {
    var points = JSON.parse(m.getAttribute('data-points') || '[]');
    var map = L.map(m);
    L.tileLayer(m.getAttribute('data-tiles'), { maxZoom: 19, attribution: m.getAttribute('data-attribution') }).addTo(map);
    var bounds = [];
    var esc = function (s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'); };
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lng], { radius: 6, weight: 1, color: '#b91c1c', fillOpacity: 0.5 })
        .bindPopup('<a href="' + esc(p.href) + '">' + esc(p.label) + '</a>').addTo(map);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 14); }
    else { map.setView([30.274, 120.155], 10); }
  }
});
