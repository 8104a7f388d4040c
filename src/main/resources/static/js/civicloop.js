// htmx requests carry the CSRF token that Spring Security expects on every unsafe method.
document.addEventListener('htmx:configRequest', function (evt) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) { evt.detail.headers[header.content] = token.content; }
});
// Maps: any element with data-map gets a Leaflet map; data-points is JSON [{lat,lng,label,href}].
function civicMaps() {
  if (typeof L === 'undefined') { return; }
  document.querySelectorAll('[data-map]:not([data-map-ready])').forEach(function (el) {
    el.setAttribute('data-map-ready', '1');
    var points = JSON.parse(el.getAttribute('data-points') || '[]');
    var map = L.map(el);
    L.tileLayer(el.getAttribute('data-tiles'), { maxZoom: 19, attribution: el.getAttribute('data-attribution') }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var m = L.marker([p.lat, p.lng]).addTo(map);
      if (p.label) { m.bindPopup(p.href ? '<a href="' + p.href + '">' + p.label.replace(/</g, '&lt;') + '</a>' : p.label.replace(/</g, '&lt;')); }
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 14); }
    else { map.setView([30.274, 120.155], 10); }
  });
}
document.addEventListener('DOMContentLoaded', civicMaps);
document.addEventListener('htmx:afterSettle', civicMaps);
// A fragment request whose session has expired is redirected to the login page: show that page
// whole instead of inserting it into the fragment's place.
document.addEventListener('htmx:beforeSwap', function (evt) {
  var url = (evt.detail.xhr && evt.detail.xhr.responseURL) || '';
  if (/\/login(\?|$)/.test(url)) { evt.detail.shouldSwap = false; window.location.href = url; }
});
