/*
 * The plain simulated Platform app: Destinations Browse list and a dataflow's detail page
 * (Activation data, Dataflow runs), rendering console-contract.md with hand-made markup.
 * Query string switches (common.js): lang=pt-BR, late=<ms> (rows appear that long after the
 * data), pageSize=<n> (rows arrive in pages), virtual=1 (virtualised rows reused on
 * scroll), links=0 (no audience links: name matching only), switchAfter=<ms> (the
 * route changes while the table renders), api=<origin> (API on another origin),
 * scenario=<name> (reseed the simulator).
 * Plain browser JS, no build step: it is the console, not our code.
 */
import {
  audienceHash,
  browseHash as browseHashOf,
  createApi,
  destinationLabel,
  formatDate,
  getSession,
  opts,
  parseRoute,
  routeChanged,
  runDuration,
  runRecords,
  runStatus,
  runStatusLabel,
  schedule,
  selectorsOf,
  TEXT,
  tr,
  wireRail,
} from './common.js';

document.documentElement.lang = opts.lang;

var main = document.getElementById('main');
var session = null;
var generation = 0; // bumped on every route change: stale async work checks it and stops
var switched = false;

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === 'text') node.textContent = attrs[k];
    else if (k === 'onclick') node.addEventListener('click', attrs[k]);
    else node.setAttribute(k, attrs[k]);
  });
  (children || []).forEach(function (c) {
    if (c) node.appendChild(c);
  });
  return node;
}

var route = {};
var api = null; // the console's API caller, once the session is known

function browseHash() {
  return browseHashOf(route, session);
}

function onRoute() {
  generation += 1;
  routeChanged();
  route = parseRoute(location.hash);
  main.replaceChildren();
  if (route.page === 'browse') renderBrowse(generation);
  else if (route.page === 'detail') renderDetail(generation);
  else main.appendChild(el('h1', { class: 'title', text: TEXT.notFound }));
  if (opts.switchAfter && !switched) {
    switched = true;
    var from = route;
    setTimeout(function () {
      if (from.page === 'detail') location.hash = browseHash();
      else if (firstFlowId) location.hash = browseHash() + '/' + firstFlowId;
    }, opts.switchAfter);
  }
}

var firstFlowId = null;

// ---- Grid: role=grid, reused row elements, late rows, pages, virtual scroll, in-place sort ----

var ROW_HEIGHT = 48;

function createGrid(columns, gen) {
  var records = [];
  var shown = 0; // how many records have "arrived" (paging)
  var sort = { key: columns[0].key, dir: 1 };
  var headerRow = el('div', { role: 'row', 'aria-rowindex': '1', class: 'grid-row grid-head' });
  columns.forEach(function (col) {
    var header = el('div', { role: 'columnheader', class: 'grid-cell', style: col.width ? 'flex:' + col.width : '' });
    if (col.sortable) {
      header.setAttribute('aria-sort', 'ascending');
      header.appendChild(
        el(
          'button',
          {
            type: 'button',
            class: 'sort-button',
            'aria-label': tr('sortBy', { c: col.label }),
            onclick: function () {
              sort = { key: col.key, dir: sort.key === col.key ? -sort.dir : 1 };
              header.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
              applySort();
              paint();
            },
          },
          [document.createTextNode(col.label), el('span', { class: 'sort-icon', 'aria-hidden': 'true', text: '↕' })],
        ),
      );
    } else {
      header.textContent = col.label;
    }
    headerRow.appendChild(header);
  });
  var body = el('div', { role: 'rowgroup', class: 'grid-body' });
  var spacer = el('div', { class: 'grid-spacer' });
  var scroller = el('div', { class: opts.virtual ? 'grid-scroller virtual' : 'grid-scroller' }, [opts.virtual ? spacer : null, body]);
  var grid = el('div', { role: 'grid', class: 'grid', 'aria-rowcount': '1' }, [el('div', { role: 'rowgroup' }, [headerRow]), scroller]);
  var status = el('div', { class: 'grid-status', role: 'progressbar', 'aria-label': TEXT.loading }, [
    el('span', { class: 'spinner' }),
    document.createTextNode(TEXT.loading),
  ]);
  var wrap = el('div', { class: 'table-wrap' }, [grid, status]);
  var pool = [];

  // A row element owns its cells for life; filling patches only the nodes it made,
  // as React would, so anything else put into a cell stays where it was put.
  function makeRow() {
    var row = el('div', { role: 'row', class: 'grid-row' });
    row._cells = columns.map(function (col, i) {
      var cell = el('div', { role: i === 0 ? 'rowheader' : 'gridcell', class: 'grid-cell', style: col.width ? 'flex:' + col.width : '' });
      cell._own = col.make();
      cell.appendChild(cell._own.root);
      row.appendChild(cell);
      return cell;
    });
    return row;
  }

  function fill(row, record, index) {
    row.setAttribute('aria-rowindex', String(index + 2));
    if (opts.virtual) row.style.transform = 'translateY(' + index * ROW_HEIGHT + 'px)';
    columns.forEach(function (col, i) {
      col.fill(row._cells[i]._own, record, index);
    });
  }

  function visible() {
    return records.slice(0, shown);
  }

  function applySort() {
    records.sort(function (a, b) {
      var x = columns
        .find(function (c) {
          return c.key === sort.key;
        })
        .value(a);
      var y = columns
        .find(function (c) {
          return c.key === sort.key;
        })
        .value(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
    });
  }

  function ensurePool(n) {
    while (pool.length < n) {
      var row = makeRow();
      pool.push(row);
      body.appendChild(row);
    }
    while (pool.length > n) pool.pop().remove();
  }

  function paint() {
    if (gen !== generation) return;
    var list = visible();
    grid.setAttribute('aria-rowcount', String(list.length + 1));
    if (!opts.virtual) {
      ensurePool(list.length);
      list.forEach(function (record, i) {
        fill(pool[i], record, i);
      });
      return;
    }
    // Virtualised: a fixed pool; record i lives in slot i % pool size, so scrolling
    // hands a row element that left the viewport to a different record.
    spacer.style.height = list.length * ROW_HEIGHT + 'px';
    var size = Math.min(list.length, Math.ceil(scroller.clientHeight / ROW_HEIGHT) + 4 || 12);
    ensurePool(size);
    var first = Math.max(0, Math.min(Math.floor(scroller.scrollTop / ROW_HEIGHT) - 2, list.length - size));
    for (var i = first; i < first + size; i++) fill(pool[i % size], list[i], i);
  }
  if (opts.virtual) scroller.addEventListener('scroll', paint);
  // For the bench: every row of the data is in the DOM.
  function rendered() {
    if (gen === generation) performance.mark('sim:table-rendered');
  }

  return {
    element: wrap,
    rowCount: function () {
      return records.length;
    },
    /** Rows appear `late` ms after the data, then page by page. */
    setRecords: function (list, keepShown) {
      records = list.slice();
      applySort();
      status.hidden = false;
      var reveal = function () {
        if (gen !== generation) return;
        var step = opts.pageSize || records.length;
        shown = keepShown ? records.length : Math.min(records.length, step);
        paint();
        var more = function () {
          if (gen !== generation || shown >= records.length) {
            status.hidden = true;
            rendered();
            return;
          }
          shown = Math.min(records.length, shown + step);
          paint();
          setTimeout(more, opts.late || 250);
        };
        if (shown < records.length) setTimeout(more, opts.late || 250);
        else {
          status.hidden = true;
          rendered();
        }
      };
      if (keepShown || !opts.late) reveal();
      else setTimeout(reveal, opts.late);
    },
    showError: function (message) {
      status.hidden = false;
      status.replaceChildren(document.createTextNode(message));
      status.setAttribute('role', 'alert');
    },
  };
}

function textColumn(key, label, value, width) {
  return {
    key: key,
    label: label,
    value: value,
    width: width,
    sortable: false,
    make: function () {
      var span = el('span');
      return { root: span, span: span };
    },
    fill: function (own, record) {
      own.span.textContent = value(record);
    },
  };
}

function linkColumn(label, hrefOf, nameOf, checkbox) {
  return {
    key: 'name',
    label: label,
    value: function (r) {
      return nameOf(r).toLowerCase();
    },
    sortable: true,
    width: '3 1 0',
    make: function () {
      var box = checkbox ? el('input', { type: 'checkbox', class: 'row-check' }) : null;
      var link = el('a', { class: 'name-link' });
      var plain = el('span', { class: 'name-text' });
      var root = el('span', { class: 'name-cell' }, [box, opts.links ? link : plain]);
      return { root: root, box: box, link: link, plain: plain };
    },
    fill: function (own, record) {
      own.link.textContent = nameOf(record);
      own.link.setAttribute('href', hrefOf(record));
      own.plain.textContent = nameOf(record);
      if (own.box) {
        own.box.checked = checkbox.isSelected(record);
        own.box.setAttribute('aria-label', tr('select', { n: nameOf(record) }));
        own.box.onchange = function () {
          checkbox.toggle(record, own.box.checked);
        };
      }
    },
  };
}

// ---- Pages ----

function header(title, crumbs) {
  return el('div', { class: 'page-header' }, [
    crumbs ? el('nav', { class: 'crumbs', 'aria-label': 'Breadcrumbs' }, crumbs) : null,
    el('h1', { class: 'title', text: title }),
  ]);
}

function tabs(labels, selected, onSelect) {
  var list = el('div', { role: 'tablist', class: 'tabs' });
  labels.forEach(function (label, i) {
    var tab = el('button', {
      type: 'button',
      role: 'tab',
      class: 'tab',
      'aria-selected': String(i === selected),
      tabindex: i === selected ? '0' : '-1',
      text: label,
    });
    tab.addEventListener('click', function () {
      Array.prototype.forEach.call(list.children, function (t, j) {
        t.setAttribute('aria-selected', String(j === i));
        t.tabIndex = j === i ? 0 : -1;
      });
      if (onSelect) onSelect(i);
    });
    list.appendChild(tab);
  });
  return list;
}

function toolbar(children) {
  return el('div', { class: 'toolbar' }, children);
}

function button(label, onClick, variant) {
  return el('button', { type: 'button', class: 'btn ' + (variant || 'secondary'), text: label, onclick: onClick });
}

function renderBrowse(gen) {
  var grid = createGrid(
    [
      linkColumn(
        TEXT.name,
        function (f) {
          return browseHash() + '/' + f.id;
        },
        function (f) {
          return f.name;
        },
      ),
      textColumn('destination', TEXT.destination, destinationLabel, '2 1 0'),
      textColumn(
        'audiences',
        TEXT.activationData,
        function (f) {
          return tr('audiencesCount', { n: selectorsOf(f).length });
        },
        '1 1 0',
      ),
      textColumn(
        'lastRun',
        TEXT.lastRun,
        function (f) {
          return runStatusLabel(f.lastRunDetails && f.lastRunDetails.state);
        },
        '2 1 0',
      ),
      textColumn(
        'created',
        TEXT.created,
        function (f) {
          return formatDate(f.createdAt);
        },
        '2 1 0',
      ),
    ],
    gen,
  );
  var flows = [];
  var search = el('input', { type: 'search', class: 'search', placeholder: TEXT.search, 'aria-label': TEXT.search });
  search.addEventListener('input', function () {
    var q = search.value.toLowerCase();
    grid.setRecords(
      flows.filter(function (f) {
        return f.name.toLowerCase().indexOf(q) >= 0;
      }),
      true,
    );
  });
  function load(refresh) {
    return api.flows().then(
      function (items) {
        if (gen !== generation) return;
        flows = items;
        firstFlowId = items[0] ? items[0].id : null;
        grid.setRecords(items, refresh);
        if (refresh) toast(TEXT.refreshed);
      },
      function (e) {
        grid.showError(e.message);
      },
    );
  }
  main.append(
    header(TEXT.destinations),
    tabs([TEXT.overview, TEXT.catalog, TEXT.browse, TEXT.accounts], 2),
    toolbar([
      search,
      el('span', { class: 'spacer' }),
      button(TEXT.refresh, function () {
        load(true);
      }),
    ]),
    grid.element,
  );
  load(false);
}

function renderDetail(gen) {
  var flowId = route.flowId;
  var title = header('…', [el('a', { href: browseHash(), text: TEXT.destinations }), el('span', { text: ' / ' }), el('span', { text: TEXT.browse })]);
  var panel = el('div', { class: 'tab-panel', role: 'tabpanel' });
  var initial = /runs/.test(route.rest) ? 1 : 0;
  main.append(
    title,
    tabs([TEXT.activationTab, TEXT.runsTab], initial, function (i) {
      showTab(i);
    }),
    panel,
  );
  var flowPromise = api.flow(flowId).then(function (flow) {
    if (gen === generation) title.querySelector('h1').textContent = flow.name;
    return flow;
  });

  // The tab changes in place; the hash stays (tab routes of the real console are unknown).
  function showTab(i) {
    if (gen !== generation) return;
    panel.replaceChildren();
    if (i === 0) activationTab(gen, panel, flowPromise);
    else runsTab(gen, panel, flowId);
  }
  showTab(initial);
}

function activationTab(gen, panel, flowPromise) {
  var selected = {};
  var exportButton = button(TEXT.exportNow, onExport, 'accent');
  exportButton.disabled = true;
  var selection = {
    isSelected: function (s) {
      return !!selected[s.value.id];
    },
    toggle: function (s, on) {
      if (on) selected[s.value.id] = true;
      else delete selected[s.value.id];
      exportButton.disabled = Object.keys(selected).length === 0;
    },
  };
  var grid = createGrid(
    [
      linkColumn(
        TEXT.name,
        function (s) {
          return audienceHash(route, s.value.id);
        },
        function (s) {
          return s.value.name;
        },
        selection,
      ),
      textColumn(
        'frequency',
        TEXT.frequency,
        function (s) {
          return schedule(s, 'frequency');
        },
        '1 1 0',
      ),
      textColumn(
        'start',
        TEXT.startDate,
        function (s) {
          return schedule(s, 'startDate');
        },
        '1 1 0',
      ),
      textColumn(
        'end',
        TEXT.endDate,
        function (s) {
          return schedule(s, 'endDate');
        },
        '1 1 0',
      ),
      textColumn(
        'mode',
        TEXT.exportMode,
        function (s) {
          return s.value.exportMode || '—';
        },
        '2 1 0',
      ),
    ],
    gen,
  );
  var flow = null;
  function onExport() {
    exportButton.disabled = true;
    api
      .exportNow(flow.id, Object.keys(selected))
      .then(
        function (res) {
          toast(tr('exportStarted', { n: res.order.length }));
        },
        function (e) {
          toast(tr('exportFailed', { m: e.message }), true);
        },
      )
      .then(function () {
        selected = {};
        grid.setRecords(selectorsOf(flow), true);
      });
  }
  panel.append(
    toolbar([
      el('span', { class: 'spacer' }),
      button(TEXT.refresh, function () {
        load(true);
      }),
      exportButton,
    ]),
    grid.element,
  );
  function load(refresh) {
    var p = refresh ? api.flow(route.flowId) : flowPromise;
    p.then(
      function (f) {
        if (gen !== generation) return;
        flow = f;
        grid.setRecords(selectorsOf(f), refresh);
        if (refresh) toast(TEXT.refreshed);
      },
      function (e) {
        grid.showError(e.message);
      },
    );
  }
  load(false);
}

function runsTab(gen, panel, flowId) {
  var grid = createGrid(
    [
      {
        key: 'start',
        label: TEXT.runStart,
        sortable: true,
        width: '2 1 0',
        value: function (r) {
          return r.createdAt;
        },
        make: function () {
          var s = el('span');
          return { root: s, span: s };
        },
        fill: function (own, r) {
          own.span.textContent = formatDate(r.createdAt);
        },
      },
      textColumn('status', TEXT.status, runStatus, '1 1 0'),
      textColumn('duration', TEXT.duration, runDuration, '1 1 0'),
      textColumn('records', TEXT.records, runRecords, '1 1 0'),
    ],
    gen,
  );
  panel.append(
    toolbar([
      el('span', { class: 'spacer' }),
      button(TEXT.refresh, function () {
        load(true);
      }),
    ]),
    grid.element,
  );
  function load(refresh) {
    api.runs(flowId).then(
      function (runs) {
        if (gen === generation) grid.setRecords(runs, refresh);
      },
      function (e) {
        grid.showError(e.message);
      },
    );
  }
  load(false);
}

var toastTimer = null;
function toast(message, negative) {
  var node = document.getElementById('sim-toast');
  node.textContent = message;
  node.className = 'toast' + (negative ? ' negative' : '');
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(function () {
    node.hidden = true;
  }, 5000);
}

window.addEventListener('hashchange', onRoute);
getSession().then(function (s) {
  session = s;
  api = createApi(s, function () {
    return route.sandbox;
  });
  wireRail(s);
  if (!location.hash) history.replaceState(null, '', browseHash());
  onRoute();
});
