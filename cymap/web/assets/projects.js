// The projects of cymap maps, drawn from ONE data element (cymap/web/project_data.py): point
// symbols into their action's point list (the cluster group shows them), district diamonds, route
// lines and zone outlines into the action layers, lines and outlines on one canvas renderer.
// Tooltips and popups are made when first shown, from the project's fields, every text escaped.
(function () {
var ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;',
               '\\': '&#92;', '`': '&#96;', '$': '&#36;'};
// As popup.html_text: HTML-escaped, and backtick, dollar and backslash as entities too.
function esc(value) {
    return String(value === null || value === undefined ? '' : value).replace(/[&<>"'\\`$]/g, function (c) {
        return ESCAPES[c];
    });
}
// The tooltip and popup HTML of project i (popup.tooltip_html / popup_html write the same).
function texts(data) {
    var S = data.strings, W = data.words;
    function name(p) { return data.lang === 'zh' || !esc(S[p[2]]) ? S[p[1]] : S[p[2]]; }
    function tooltip(i) {
        var p = data.projects[i];
        return '<b>' + esc(name(p)) + '</b><br>' + esc(data.statuses[p[3]][0]) + W.idSeparator +
            "<span class='cymap-id'>" + esc(p[0]) + '</span>';
    }
    function popup(i) {
        var p = data.projects[i], status = data.statuses[p[3]], nameEn = esc(S[p[2]]), target = esc(S[p[8]]);
        var districts = p[10].map(function (d) { return data.districts[d][0]; }).join(W.join) || W.none;
        var lines = [
            '<b>' + esc(S[p[1]]) + '</b>',
            nameEn ? '<i>' + nameEn + '</i>' : '',
            esc(W.action) + ': ' + esc(data.groups[p[5]]) + ' · ' + esc(W.task) + ' ' + esc(p[6]),
            esc(W.category) + ': ' + esc(data.categories[p[4]][1]),
            esc(W.status) + ": <b style='color:" + (status[1] || '#333') + "'>" + esc(status[0]) + '</b> (' +
                esc(p[7]) + ')',
            target || esc(p[9]) ? esc(W.target) + ': ' + target + ' ' + esc(p[9]) : '',
            esc(W.districts) + ': ' + esc(districts),
            esc(W.precision) + ': ' + esc(data.precisions[p[11]]),
            "<span style='color:#555'>" + esc(S[p[12]]) + '</span>',
            "<span class='cymap-id'>" + esc(p[0]) + '</span>'
        ];
        return "<div class='cymap-popup'>" + lines.filter(Boolean).join('<br>') + '</div>';
    }
    // What the district summary lists of a diamond: its name and status as the tooltip shows them.
    function item(i) {
        var p = data.projects[i], status = data.statuses[p[3]];
        return {key: i, name: esc(name(p)), status: esc(status[0]), colour: status[1] || '#555'};
    }
    return {esc: esc, tooltip: tooltip, popup: popup, item: item};
}
window.cymapProjectTexts = texts;

window.cymapProjects = function (map, groups, points, data) {
    var T = texts(data), canvas = L.canvas(), size = data.size, places = {};
    function bind(layer, i) {
        layer.cymapProject = i;
        layer.bindTooltip(function () { return T.tooltip(i); }, {sticky: true});
        layer.bindPopup(function () { return T.popup(i); }, {maxWidth: 360});
        // A click hands the tooltip's text to streamlit-folium (app: click -> detail panel), which
        // reads the tooltip content as HTML: from the first click on it is the text itself.
        layer.on('click', function () { if (typeof layer.getTooltip().getContent() === 'function') {
            layer.setTooltipContent(T.tooltip(i)); } });
        return layer;
    }
    function symbol(at, shape, colour, glyph, ax, ay, className, side) {
        var sized = side ? ';width:' + side + 'px;height:' + side + 'px' : '';  // by investment
        return L.marker(at, {icon: L.divIcon({
            html: '<div class="cymap-sym cymap-' + shape + '" style="--c:' + colour + sized + '"><span>' +
                  esc(glyph) + '</span></div>',
            iconSize: [side || size, side || size], iconAnchor: [ax, ay], className: className})});
    }
    data.items.forEach(function (it) {
        var i = it[0], p = data.projects[i], group = groups[p[5]], status = data.statuses[p[3]];
        var category = data.categories[p[4]], colour = status[1] || '#555', style;
        if (it[1] === 0) {
            bind(symbol([it[2], it[3]], data.shapes[it[4]], colour, category[0], it[5], it[6],
                        'cymap-icon ' + data.pointClass, it[7]), i).addTo(points[p[5]]);
        } else if (it[1] === 1) {
            var d = data.districts[it[2]], place = places[it[2]] || (places[it[2]] = {
                at: L.latLng(d[1], d[2]), zoom: it[5], markers: [], on: false});
            var diamond = bind(symbol([d[1], d[2]], 'district', colour, category[0], it[3], it[4],
                                      'cymap-icon cymap-dd cymap-ge' + it[5]), i);
            place.markers.push([group, diamond]);
            (group.cymapDiamonds = group.cymapDiamonds || []).push(diamond);
        } else if (it[1] === 2) {
            style = L.extend({color: colour, weight: category[2], renderer: canvas}, data.lineStyle);
            if (!status[2]) { style.dashArray = (category[2] * 2) + ' ' + (category[2] * 1.5); }
            bind(L.polyline(it[2], style), i).addTo(group);
        } else {
            style = L.extend({color: colour, fillColor: colour, renderer: canvas}, data.zoneStyle);
            bind(L.polygon(it[2], style), i).addTo(group);
        }
    });
    // A district's diamonds join their action layers only while they can show: from their zoom on
    // (below it the summary badge stands for them; CSS class cymap-ge{zoom}), or everywhere with
    // the summary layer off (cymap-nosum), and only near the view — so the whole-city view does not
    // build thousands of hidden elements. Each action layer lists all of its diamonds (the summary
    // counts them); in the layer they pass their clicks on to it like every other symbol.
    function showDiamonds() {
        var zoom = map.getZoom(), all = map.getContainer().classList.contains('cymap-nosum');
        var view = map.getBounds().pad(0.5);
        Object.keys(places).forEach(function (k) {
            var place = places[k], on = (all || zoom >= place.zoom) && view.contains(place.at);
            if (on === place.on) { return; }
            place.on = on;
            place.markers.forEach(function (e) { if (on) { e[0].addLayer(e[1]); } else { e[0].removeLayer(e[1]); } });
        });
    }
    map.on('zoomend moveend cymap:diamonds', showDiamonds);
    map.whenReady(showDiamonds);
    map.cymapProjectItem = T.item;
    map.cymapProjectTexts = T;
    return T;
};
})();
