// Readable names at every zoom (cymap/web/controls.py): after each zoom, cluster animation or
// layer switch, district names step aside from the symbols — or hide when there is no room —,
// then other layout steps (the summary badges' dodge) run. Also sizes the legend to the room
// the layer control leaves, and collapses both on laptop screens.
window.cymapLayout = function (map, text) {
var container = map.getContainer();
function shown(el) { return el && el.offsetParent !== null && el.style.visibility !== 'hidden'; }
function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
function labels() {
    var pane = map.getPane('markerPane'), range = document.createRange(), boxes = [];
    pane.querySelectorAll('.cymap-icon:not(.cymap-sum)').forEach(function (el) {  // as drawn (diamonds moved)
        if (shown(el)) { boxes.push((el.firstElementChild || el).getBoundingClientRect()); }
    });
    var all = Array.prototype.slice.call(pane.querySelectorAll('.cymap-district-label'));
    all.sort(function (a, b) { return (b.classList.contains('cymap-label-focus') ? 1 : 0) - (a.classList.contains('cymap-label-focus') ? 1 : 0); });
    all.forEach(function (el) {
        el.style.visibility = '';
        el.style.transform = '';
        if (el.offsetParent === null) { return; }
        range.selectNodeContents(el);
        var r = range.getBoundingClientRect(), w = r.width, h = r.height, placed = false;
        [[0, 0], [0, -h - 4], [0, h + 4], [w / 2 + 14, 0], [-w / 2 - 14, 0], [0, -2 * h - 10], [0, 2 * h + 10]]
            .some(function (d) {
                var box = {left: r.left + d[0] - 1, right: r.right + d[0] + 1, top: r.top + d[1] - 1, bottom: r.bottom + d[1] + 1};
                if (boxes.some(function (b) { return overlaps(box, b); })) { return false; }
                el.style.transform = 'translate(' + d[0] + 'px,' + d[1] + 'px)';
                boxes.push(box);
                placed = true;
                return true;
            });
        if (!placed) { el.style.visibility = 'hidden'; }
    });
}
// District-level diamonds mark a district, not a site: one that would cover a symbol, a cluster
// or another diamond moves to the nearest free spot on rings around its place.
var RINGS = [];
[1, 2, 3, 4].forEach(function (ring) {
    for (var k = 0; k < 8 * ring; k++) {
        var a = 2 * Math.PI * k / (8 * ring);
        RINGS.push([Math.round(30 * ring * Math.cos(a)), Math.round(30 * ring * Math.sin(a))]);
    }
});
function diamonds() {
    var pane = map.getPane('markerPane'), boxes = [], moved = [];
    pane.querySelectorAll('.cymap-icon:not(.cymap-sum):not(.cymap-dd)').forEach(function (el) {
        if (shown(el)) { boxes.push((el.firstElementChild || el).getBoundingClientRect()); }
    });
    pane.querySelectorAll('.cymap-dd').forEach(function (el) {
        var sym = el.firstElementChild;
        if (!sym) { return; }
        sym.style.marginLeft = sym.style.marginTop = '0px';
        if (!shown(el)) { return; }
        moved.push(sym);
    });
    moved.forEach(function (sym) {
        var r = sym.getBoundingClientRect(), best = null;
        [[0, 0]].concat(RINGS).some(function (d) {
            var box = {left: r.left + d[0], right: r.right + d[0], top: r.top + d[1], bottom: r.bottom + d[1]};
            var n = boxes.filter(function (b) { return overlaps(box, b); }).length;
            if (!best || n < best.n) { best = {n: n, d: d, box: box}; }
            return n === 0;
        });
        sym.style.marginLeft = best.d[0] + 'px';
        sym.style.marginTop = best.d[1] + 'px';
        boxes.push(best.box);
    });
}
function legendRoom() {
    var legend = container.querySelector('.cymap-legend'), control = container.querySelector('.leaflet-control-layers');
    if (!legend) { return; }
    var top = control ? control.getBoundingClientRect().bottom - container.getBoundingClientRect().top : 0;
    legend.style.maxHeight = Math.max(60, map.getSize().y - top - 40) + 'px';
}
function run() {
    diamonds();
    labels();
    (map.cymapAfterLayout || []).forEach(function (f) { f(); });
    legendRoom();
    map.cymapLaidOut = (map.cymapLaidOut || 0) + 1;  // tests wait for the count to settle
}
var timer = null;
function later() { clearTimeout(timer); timer = setTimeout(run, 30); setTimeout(run, 450); setTimeout(run, 1000); }
map.on('zoomend moveend resize overlayadd overlayremove cymap:layout', later);
map.whenReady(later);
if (document.fonts) { document.fonts.ready.then(later); }
var control = container.querySelector('.leaflet-control-layers');
if (control && window.ResizeObserver) { new ResizeObserver(legendRoom).observe(control); }
map.cymapLayoutNow = run;
};
// Laptop-sized controls: below text.wide px of screen the layer control and the legend start
// collapsed (the page's own width, or the app's when the map sits in the app's iframe).
window.cymapNarrow = function (wide) {
    var w = window.innerWidth;
    try { if (window.top && window.top !== window) { w = window.top.innerWidth; } } catch (e) { /* other origin */ }
    return w < wide;
};
