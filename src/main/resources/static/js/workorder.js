// The place picker on /requests/new: a tap on the map sets the hidden lat/lng fields.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.querySelector('[data-pick-map]');
  if (!el || typeof L === 'undefined') { return; }
  var lat = document.getElementById('lat'), lng = document.getElementById('lng');
  var map = L.map(el).setView([30.274, 120.155], 12);
  L.tileLayer(el.getAttribute('data-tiles'), { maxZoom: 19, attribution: el.getAttribute('data-attribution') }).addTo(map);
  var marker = null;
  function place(p) {
    lat.value = p.lat.toFixed(6); lng.value = p.lng.toFixed(6);
    if (marker) { marker.setLatLng(p); } else { marker = L.marker(p).addTo(map); }
    document.getElementById('picked').textContent = lat.value + ', ' + lng.value;
  }
  if (lat.value && lng.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lng.value))); map.setView(marker.getLatLng(), 16); }
  map.on('click', function (e) { place(e.latlng); });
  if (navigator.geolocation && !lat.value) {
    navigator.geolocation.getCurrentPosition(function (pos) { map.setView([pos.coords.latitude, pos.coords.longitude], 16); }, function () {});
  }
});

// The category's extra questions: show (and enable) only the chosen category's inputs.
document.addEventListener('DOMContentLoaded', function () {
  var select = document.getElementById('categoryCode');
  if (!select) { return; }
  function show() {
    document.querySelectorAll('fieldset.attributes').forEach(function (f) {
      var on = f.getAttribute('data-category') === select.value;
      f.hidden = !on; f.disabled = !on;
    });
  }
  select.addEventListener('change', show);
  show();
});
