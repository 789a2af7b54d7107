/**
 * The report's one stylesheet and one script, as constants: the page's Content-Security-Policy
 * allows exactly these (by their SHA-256), so no injected `<script>`, `style` or `on…=` handler
 * could run even if escaping ever failed.
 */

export const STYLE = `
:root{--ok:#1a7f37;--bad:#cf222e;--iso:#57606a;--unk:#7d4e00;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK JP",sans-serif;color:var(--fg);background:var(--bg);margin:0}
header.top{padding:12px 20px;border-bottom:1px solid var(--line);background:var(--panel)}
header.top h1{font-size:20px;margin:0 0 4px}
header.top dl{display:flex;flex-wrap:wrap;gap:4px 20px;margin:0;color:var(--muted)}
header.top dt{font-weight:600}header.top dd{margin:0 0 0 4px;overflow-wrap:anywhere}
header.top dl div{display:flex}
nav.views{display:flex;gap:12px;flex-wrap:wrap;margin-top:8px}
main{padding:12px 20px;max-width:1400px}
h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:18px 0 6px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:2px 0}
.muted{color:var(--muted)}
.name{overflow-wrap:anywhere}
.summary{display:flex;gap:16px;flex-wrap:wrap;margin:8px 0}
.badge{display:inline-block;padding:0 6px;border-radius:10px;border:1px solid currentColor;font-size:12px;font-weight:600;white-space:nowrap}
.sev-error,.st-fail,.st-broken{color:var(--bad)}.sev-warning,.st-unknown{color:var(--unk)}.sev-info{color:#0969da}.st-pass,.st-reachable{color:var(--ok)}.st-skipped,.st-isolated{color:var(--iso)}
.filters{display:flex;gap:16px;align-items:center;flex-wrap:wrap;padding:8px;background:var(--panel);border:1px solid var(--line);border-radius:6px}
.finding,.cause,.group{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:4px;padding:6px 10px;margin:8px 0}
.finding.sev-error,.cause{border-left-color:var(--bad)}.finding.sev-warning{border-left-color:var(--unk)}.finding.sev-info{border-left-color:#0969da}
.finding{color:var(--fg)}
.finding .head,.cause .head{display:flex;gap:10px;flex-wrap:wrap;align-items:baseline}
.ev{margin:4px 0 0;padding-left:10px;border-left:2px solid var(--line)}
.ev li{list-style:none;margin:2px 0}
.fix{margin:4px 0}
table{border-collapse:collapse}
td,th{border:1px solid var(--line);padding:2px 6px;text-align:left;vertical-align:top}
.counts td,.counts th{padding:2px 10px}
.legend{display:flex;gap:16px;flex-wrap:wrap;align-items:center;margin:8px 0}
.legend svg{vertical-align:middle;border:1px solid var(--line)}
.heat{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}
.grid{overflow:auto;max-width:100%}
.heat .grid{border:1px solid var(--line)}
.heat .groups{flex:1 1 380px;min-width:300px}
.grid svg text{font-size:11px;fill:var(--fg)}
.grid svg a:focus rect,.grid svg a:hover rect{stroke:#000;stroke-width:2}
rect.c-reachable{fill:url(#pat-reachable)}rect.c-broken{fill:url(#pat-broken)}rect.c-isolated{fill:url(#pat-isolated)}rect.c-unknown{fill:url(#pat-unknown)}rect.c-none{fill:#fff}
.trace{display:none;border:2px solid #0969da;border-radius:6px;padding:8px 12px;margin:12px 0}
.trace:target,.trace.open{display:block}
.lanes{display:flex;gap:10px;overflow-x:auto;align-items:flex-start}
.lane{flex:0 0 auto;min-width:260px;max-width:560px;border:1px solid var(--line);border-radius:6px;background:var(--panel)}
.lane h4{margin:0;padding:4px 8px;background:#eaeef2;border-bottom:1px solid var(--line)}
.lane ol{margin:0;padding:4px 8px 4px 28px}
.lane li{margin:3px 0}
.disp{font-weight:600;margin:6px 0}
.path svg text{font-size:12px;fill:var(--fg)}
.hop-pass{fill:#dafbe1;stroke:var(--ok)}.hop-fail{fill:#ffebe9;stroke:var(--bad)}.hop-unknown{fill:#fff8c5;stroke:var(--unk)}.hop-skipped{fill:#f6f8fa;stroke:var(--iso)}
.edge-ok{stroke:var(--ok);stroke-width:1.5;fill:none}.edge-bad{stroke:var(--bad);stroke-width:2.5;stroke-dasharray:6 4;fill:none}
.topo svg text{font-size:11px;fill:var(--fg)}
.topo .node-box{fill:#f6f8fa;stroke:#57606a}.topo .node-bad{fill:#ffebe9;stroke:var(--bad)}.topo .infra{fill:#ddf4ff;stroke:#0969da}
details>summary{cursor:pointer}
.step{border:1px solid var(--line);border-radius:4px;margin:6px 0;padding:4px 10px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
#grid-cell{min-height:1.5em;margin:6px 0}
canvas{image-rendering:pixelated;border:1px solid var(--line)}
@media print{
  header.top{background:none}
  .filters,nav.views,.skip{display:none}
  .trace{display:block;break-inside:avoid}
  details>*{display:block}
  .heat .grid{overflow:visible;max-width:none}
  .finding,.cause,.step,.lane{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
`;

/**
 * The page script: filters of the findings, details opened before printing, and the canvas of a
 * node × node grid too large for SVG (its cells as one byte each in a JSON block). Traces open
 * through plain `#trace-N` links (CSS :target), so they work without this script too.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var rank = { info: 0, warning: 1, error: 2 };
  var sev = document.getElementById('f-sev');
  var node = document.getElementById('f-node');
  var shown = document.getElementById('f-count');
  function applyFilters() {
    var min = sev ? rank[sev.value] : 0;
    var nd = node ? node.value : '';
    var n = 0;
    document.querySelectorAll('.finding').forEach(function (el) {
      var ok = rank[el.getAttribute('data-severity')] >= min && (!nd || el.getAttribute('data-node') === nd);
      el.hidden = !ok;
      if (ok) n++;
    });
    document.querySelectorAll('section.layer').forEach(function (s) {
      s.hidden = !s.querySelector('.finding:not([hidden])');
    });
    if (shown) shown.textContent = String(n);
  }
  if (sev) sev.addEventListener('change', applyFilters);
  if (node) node.addEventListener('change', applyFilters);
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });

  var canvas = document.getElementById('grid-canvas');
  var dataEl = document.getElementById('grid-data');
  if (canvas && dataEl) {
    var g = JSON.parse(dataEl.textContent);
    var n = g.nodes.length;
    var bin = atob(g.cells);
    var cell = g.cellPx;
    var ctx = canvas.getContext('2d');
    // strips left of the rows and above the columns mark a row or column where at least a tenth of
    // the cells are not reachable, in the colour of the most frequent such state: one broken node
    // stays visible however small its cells are drawn
    var S = g.strip;
    var size = n * cell + S;
    var img = ctx.createImageData(size, size);
    var rgb = [[255, 255, 255], [26, 127, 55], [207, 34, 46], [110, 119, 129], [191, 135, 0]];
    var rowCount = new Uint32Array(n * 5);
    var colCount = new Uint32Array(n * 5);
    function put(x, y, c, hatch) {
      var p = (y * size + x) * 4;
      img.data[p] = hatch ? 120 : c[0];
      img.data[p + 1] = hatch ? 0 : c[1];
      img.data[p + 2] = hatch ? 0 : c[2];
      img.data[p + 3] = 255;
    }
    function mark(counts, k) {
      var best = 1;
      for (var s = 2; s < 5; s++) if (counts[k * 5 + s] > counts[k * 5 + best]) best = s;
      return best !== 1 && counts[k * 5 + best] * 10 >= n ? best : 1;
    }
    for (var i = 0; i < n; i++) {
      for (var j = 0; j < n; j++) {
        var st = bin.charCodeAt(i * n + j);
        rowCount[i * 5 + st]++;
        colCount[j * 5 + st]++;
        var c = rgb[st] || rgb[0];
        for (var dy = 0; dy < cell; dy++) {
          for (var dx = 0; dx < cell; dx++) {
            // broken cells get a hatch (darker pixels) so colour is not the only cue
            put(S + j * cell + dx, S + i * cell + dy, c, st === 2 && cell > 2 && (dx + dy) % 3 === 0);
          }
        }
      }
    }
    for (var k = 0; k < n; k++) {
      var rc = rgb[mark(rowCount, k)];
      var cc = rgb[mark(colCount, k)];
      for (var d = 0; d < cell; d++) {
        for (var w = 0; w < S - 2; w++) {
          put(w, S + k * cell + d, rc, false);
          put(S + k * cell + d, w, cc, false);
        }
      }
    }
    ctx.putImageData(img, 0, 0);
    var out = document.getElementById('grid-cell');
    canvas.addEventListener('click', function (ev) {
      var r = canvas.getBoundingClientRect();
      var j = Math.floor((((ev.clientX - r.left) * canvas.width) / r.width - g.strip) / cell);
      var i = Math.floor((((ev.clientY - r.top) * canvas.height) / r.height - g.strip) / cell);
      if (i < 0 || j < 0 || i >= n || j >= n) return;
      var k = i * n + j;
      var st = g.stateText[bin.charCodeAt(k)] || '';
      var all = g.pods[i] * g.pods[j] - (i === j ? g.pods[i] : 0);
      var c = g.partial[k] || [bin.charCodeAt(k) === 1 ? all : 0, all];
      var text = g.nodes[i] + ' \\u2192 ' + g.nodes[j] + ': ' + st + ' (' + c[0] + '/' + c[1] + ' ' + g.reachableText + ')';
      out.textContent = text;
      var t = g.traces[k];
      if (t !== undefined) {
        var a = document.createElement('a');
        a.href = '#trace-' + t;
        a.textContent = ' ' + g.traceText;
        out.appendChild(a);
        location.hash = 'trace-' + t;
      }
    });
  }
})();
`;
