// The district-level summary layer of cymap maps (cymap/web/summary_layer.py): one count badge
// per district, built in the browser from the diamonds of the action layers switched on (their
// projects' names and statuses from the map's project data, projects.js).
window.cymapDistrictSummary = function (map, group, actions, places, badges, text) {
var index = {};
places.forEach(function (p, i) { index[p[0] + ',' + p[1]] = i; });
function classes(b) {
    return 'cymap-icon cymap-sum cymap-lt' + b.lt + (b.ge ? ' cymap-ge' + b.ge : '');
}
function zoomTo(b) {
    var bounds = L.latLngBounds(b.bounds);
    if (map.getBoundsZoom(bounds, false, L.point(text.padX, 24)) >= b.lt) {
        map.fitBounds(bounds, {paddingTopLeft: [12, 12], paddingBottomRight: [text.padX - 12, 12]});
    } else {
        map.setView(b.at, b.lt);
    }
}
var markers = badges.map(function (b) {
    var m = L.marker(b.at, {keyboard: false, zIndexOffset: 1000, icon: L.divIcon({className: classes(b), iconSize: [0, 0]})});
    m.on('click', function () { m.closeTooltip(); zoomTo(b); });
    return m;
});
function itemsByPlace() {
    var found = places.map(function () { return []; });
    actions.forEach(function (g) {
        if (!map.hasLayer(g)) { return; }
        (g.cymapDiamonds || []).forEach(function (l) {  // all of them, shown or not (projects.js)
            var at = l.getLatLng(), i = index[at.lat + ',' + at.lng];
            if (i === undefined || l.cymapProject === undefined) { return; }
            found[i].push(map.cymapProjectItem(l.cymapProject));  // projects.js: name, status, colour
        });
    });
    return found;
}
function badgeHtml(b, items) {
    var tally = {}, bar = '';
    items.forEach(function (e) { tally[e.colour] = (tally[e.colour] || 0) + 1; });
    text.colours.forEach(function (c) { if (tally[c]) { bar += '<i style="background:' + c + ';flex:' + tally[c] + '"></i>'; } });
    return '<div class="cymap-badge"><span>' + (b.region ? b.label + ' ' : '') +
        '<span class="dm"></span>' + items.length + '</span><span class="bar">' + bar + '</span></div>';
}
function tooltipHtml(b, items) {
    var rows = items.slice(0, text.max).map(function (e) {
        return '<div class="it"><i style="background:' + e.colour + '"></i>' + e.name +
            ' <span class="st">' + e.status + '</span></div>';
    });
    if (items.length > text.max) { rows.push('<div class="st">' + text.more.replace('{count}', items.length - text.max) + '</div>'); }
    return '<b>' + b.label + '</b> · ' + text.title.replace('{count}', items.length) + rows.join('') +
        '<div class="hint">' + text.hint + '</div>';
}
function refresh() {
    var found = itemsByPlace();
    badges.forEach(function (b, j) {
        var seen = {}, items = [], m = markers[j];
        b.places.forEach(function (i) {
            found[i].forEach(function (e) { if (!seen[e.key]) { seen[e.key] = 1; items.push(e); } });
        });
        if (!items.length) { group.removeLayer(m); return; }
        m.setIcon(L.divIcon({className: classes(b), html: badgeHtml(b, items), iconSize: [0, 0]}));
        m.unbindTooltip().bindTooltip(tooltipHtml(b, items), {direction: 'top', offset: [0, -22], className: 'cymap-sum-tip'});
        group.addLayer(m);
    });
}
// Keep every project symbol in sight: a badge that would cover symbols (or another
// badge) moves to the first free spot around its district's label point.
function shown(el) { return el && el.offsetParent !== null && el.style.visibility !== 'hidden'; }
function hits(r, boxes) {  // overlaps, and ten times over where a symbol's middle is covered
    var n = 0;
    boxes.forEach(function (b) {
        if (r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom) {
            var x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
            n += (r.left < x && x < r.right && r.top < y && y < r.bottom) ? 10 : 1;
        }
    });
    return n;
}
var RINGS = [];  // then farther out, on rings around the label point
[1, 2, 3].forEach(function (ring) {
    for (var k = 0; k < 12; k++) {
        var a = 2 * Math.PI * k / 12;
        RINGS.push([Math.round((40 + 36 * ring) * Math.cos(a)), Math.round((30 + 26 * ring) * Math.sin(a))]);
    }
});
function dodge() {
    var boxes = [];
    var pane = map.getPane('markerPane'), text = document.createRange();
    pane.querySelectorAll('.cymap-icon:not(.cymap-sum)').forEach(function (el) {  // as drawn (diamonds moved)
        if (shown(el)) { boxes.push((el.firstElementChild || el).getBoundingClientRect()); }
    });
    pane.querySelectorAll('.cymap-district-label').forEach(function (el) {  // the names, as written
        if (shown(el)) { text.selectNodeContents(el); boxes.push(text.getBoundingClientRect()); }
    });
    markers.forEach(function (m) {
        var el = m.getElement(), badge = el && el.firstChild;
        if (!shown(el) || !badge) { return; }
        badge.style.marginLeft = badge.style.marginTop = '0px';
        var r = badge.getBoundingClientRect(), w = r.width, h = r.height, best = null;
        var side = w / 2 + 14;
        [[0, 0], [0, -h], [-side, h / 2], [side, h / 2], [0, h + 26], [-side, -h / 2], [side, -h / 2],
         [-side, 1.5 * h], [side, 1.5 * h], [0, -2 * h], [-2 * side, h / 2], [2 * side, h / 2],
         [0, 2 * h + 26]].concat(RINGS).some(function (d) {
            var box = {left: r.left + d[0], right: r.right + d[0], top: r.top + d[1], bottom: r.bottom + d[1]};
            var n = hits(box, boxes);
            if (!best || n < best.n) { best = {n: n, d: d, box: box}; }
            return n === 0;
        });
        badge.style.marginLeft = best.d[0] + 'px';
        badge.style.marginTop = best.d[1] + 'px';
        boxes.push(best.box);
    });
}
// The layout script (declutter.js) runs dodge after the names have found their places, on every
// zoom, resize, cluster animation and layer switch, and once the fonts have loaded.
(map.cymapAfterLayout = map.cymapAfterLayout || []).push(dodge);
map.on('overlayadd overlayremove', function (e) {
    if (e.layer === group) {
        map.getContainer().classList.toggle('cymap-nosum', e.type === 'overlayremove');
        map.fire('cymap:diamonds');  // every diamond shows while the summary is off (projects.js)
    }
    else { refresh(); }
});
refresh();
};
