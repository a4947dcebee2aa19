// Point symbols of cymap maps (cymap/web/cluster.py) gathered by Leaflet.markercluster: the
// symbols of every action layer switched on share ONE cluster group, so symbols of different
// actions never pile up either; a cluster is a ring coloured by the statuses inside it.
window.cymapCluster = function (map, actions, points, text) {
function colourOf(marker) {
    var icon = marker.options.icon;
    return ((icon && /--c:([^;"']+)/.exec(icon.options.html || '')) || [])[1] || '#555';
}
function clusterIcon(cluster) {
    var tally = {}, markers = cluster.getAllChildMarkers(), n = markers.length, stops = [], at = 0;
    markers.forEach(function (m) { var c = colourOf(m); tally[c] = (tally[c] || 0) + 1; });
    text.colours.concat(Object.keys(tally).filter(function (c) { return text.colours.indexOf(c) < 0; }))
        .forEach(function (c) {
            if (!tally[c]) { return; }
            var end = at + 360 * tally[c] / n;
            stops.push(c + ' ' + at.toFixed(1) + 'deg ' + end.toFixed(1) + 'deg');
            at = end;
        });
    var size = n < 10 ? 28 : n < 100 ? 32 : 36;
    return L.divIcon({
        className: 'cymap-icon cymap-cluster',
        iconSize: [size, size],
        html: '<div class="cymap-cl" style="background:conic-gradient(' + stops.join(',') + ')" title="' +
              text.title.replace('{count}', n) + '"><span>' + n + '</span></div>'
    });
}
if (!map.options.maxZoom) { map.options.maxZoom = text.maxZoom; }  // the plugin needs one; no tiles may set it
var cluster = L.markerClusterGroup({
    maxClusterRadius: text.radius, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    disableClusteringAtZoom: text.disableAt, chunkedLoading: true, iconCreateFunction: clusterIcon
});
// Each action's point symbols wait in a layer group off the map (cluster.PointList).
var members = points.map(function (p) { return p.getLayers(); });
function sync() {
    var on = [], off = [];
    actions.forEach(function (g, i) { (map.hasLayer(g) ? on : off).push.apply(map.hasLayer(g) ? on : off, members[i]); });
    cluster.removeLayers(off.filter(function (l) { return cluster.hasLayer(l); }));
    cluster.addLayers(on.filter(function (l) { return !cluster.hasLayer(l); }));
}
map.on('overlayadd overlayremove', function (e) { if (actions.indexOf(e.layer) >= 0) { sync(); } });
cluster.on('animationend spiderfied unspiderfied', function () { map.fire('cymap:layout'); });
sync();
cluster.addTo(map);
map.cymapClusterGroup = cluster;
return cluster;
};
