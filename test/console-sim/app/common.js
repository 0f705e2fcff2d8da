/*
 * What both simulated Platform apps share (the plain one in app.js and the React
 * Spectrum one in ../spectrum/): query switches, words, routes, and the API as the
 * console calls it. An ES module, loaded as is by the plain app and bundled into
 * the Spectrum one. It is the console, not our code: nothing here is imported by lib/.
 */

const params = new URLSearchParams(location.search);

/** Query switches, documented in ../README.md. */
export const opts = {
  lang: params.get('lang') === 'pt-BR' ? 'pt-BR' : 'en',
  late: Number(params.get('late')) || 0,
  pageSize: Number(params.get('pageSize')) || 0,
  virtual: params.get('virtual') === '1',
  links: params.get('links') !== '0',
  switchAfter: Number(params.get('switchAfter')) || 0,
  api: params.get('api') || location.origin,
  scenario: params.get('scenario'),
  /** Spectrum app only: `none` or `multiple`; unset = a selection column on Activation data only. */
  selection: params.get('selection'),
  /** Spectrum app only: the tables' height in px (default 480; the bench shows 50 rows). */
  tableHeight: Number(params.get('tableHeight')) || 0,
};

const WORDS = {
  en: {
    destinations: 'Destinations',
    overview: 'Overview',
    catalog: 'Catalog',
    browse: 'Browse',
    accounts: 'Accounts',
    name: 'Name',
    destination: 'Destination',
    activationData: 'Activation Data',
    lastRun: 'Last Dataflow Run Status',
    created: 'Created',
    audiencesCount: '{n} audiences',
    activationTab: 'Activation data',
    runsTab: 'Dataflow runs',
    audienceName: 'Audience name',
    frequency: 'Frequency',
    startDate: 'Start date',
    endDate: 'End date',
    exportMode: 'Export type',
    runStart: 'Dataflow run start',
    status: 'Status',
    duration: 'Processing duration',
    records: 'Profiles exported',
    exportNow: 'Export file now',
    refresh: 'Refresh',
    search: 'Search dataflows',
    loading: 'Loading…',
    exportStarted: 'Export file now started for {n} audiences.',
    exportFailed: 'Export failed: {m}',
    refreshed: 'Refreshed.',
    none: 'No results',
    notFound: 'Page not found',
    sortBy: 'Sort by {c}',
    select: 'Select {n}',
    processing: 'Processing',
    success: 'Success',
    failed: 'Failed',
  },
  'pt-BR': {
    destinations: 'Destinos',
    overview: 'Visão geral',
    catalog: 'Catálogo',
    browse: 'Procurar',
    accounts: 'Contas',
    name: 'Nome',
    destination: 'Destino',
    activationData: 'Dados de ativação',
    lastRun: 'Status da última execução do fluxo de dados',
    created: 'Criado em',
    audiencesCount: '{n} públicos-alvo',
    activationTab: 'Dados de ativação',
    runsTab: 'Execuções de fluxo de dados',
    audienceName: 'Nome do público-alvo',
    frequency: 'Frequência',
    startDate: 'Data de início',
    endDate: 'Data de término',
    exportMode: 'Tipo de exportação',
    runStart: 'Início da execução',
    status: 'Status',
    duration: 'Duração do processamento',
    records: 'Perfis exportados',
    exportNow: 'Exportar arquivo agora',
    refresh: 'Atualizar',
    search: 'Pesquisar fluxos de dados',
    loading: 'Carregando…',
    exportStarted: 'Exportação iniciada para {n} públicos-alvo.',
    exportFailed: 'Falha na exportação: {m}',
    refreshed: 'Atualizado.',
    none: 'Nenhum resultado',
    notFound: 'Página não encontrada',
    sortBy: 'Ordenar por {c}',
    select: 'Selecionar {n}',
    processing: 'Processando',
    success: 'Sucesso',
    failed: 'Falha',
  },
};

/** The console's words in the page's language. */
export const TEXT = WORDS[opts.lang];

export function tr(key, values) {
  return TEXT[key].replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
}

// ---- Session and API, called like the real console: bearer token + api key + org + sandbox ----

/** Stands in for IMS: the app learns its token from the simulator. */
export function getSession() {
  const q = opts.scenario ? `?scenario=${encodeURIComponent(opts.scenario)}` : '';
  return fetch(`/__sim/session${q}`).then((r) => r.json());
}

/** An API caller for one session; `sandbox()` is read per call (the route names it). */
export function createApi(session, sandbox) {
  function api(path, init = {}) {
    const headers = {
      Authorization: `Bearer ${session.accessToken}`,
      'x-api-key': session.apiKey,
      'x-gw-ims-org-id': session.orgId,
      'x-sandbox-name': sandbox() || session.sandbox,
      Accept: 'application/json',
      ...init.headers,
    };
    return fetch(opts.api + path, { method: init.method || 'GET', headers, body: init.body }).then((r) =>
      r.text().then((text) => {
        let body;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = text;
        }
        if (!r.ok) throw new Error((body && (body.message || body.detail || body.title)) || `HTTP ${r.status}`);
        return body;
      }),
    );
  }
  function allPages(path) {
    return api(path).then((page) => {
      const next = page._links && page._links.next && page._links.next.href;
      return next ? allPages(next).then((rest) => page.items.concat(rest)) : page.items;
    });
  }
  return {
    flows: () => allPages('/data/foundation/flowservice/flows?property=inheritedAttributes.properties.isDestinationFlow%3D%3Dtrue&limit=50'),
    flow: (id) =>
      api(`/data/foundation/flowservice/flows?property=id%3D%3D${id}`).then((page) => {
        if (!page.items[0]) throw new Error(TEXT.notFound);
        return page.items[0];
      }),
    runs: (flowId) => allPages(`/data/foundation/flowservice/runs?property=flowId%3D%3D${flowId}`),
    exportNow: (flowId, audienceIds) =>
      api('/data/core/activation/disflowprovider/adhocrun', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.adobe.adhoc.activation+json; version=2' },
        body: JSON.stringify({ activationInfo: { [flowId]: audienceIds } }),
      }),
  };
}

// ---- Routes ----

const ROUTE = /^#\/@([^/]+)\/sname:([^/]+)\/platform\/destination\/browse(?:\/([0-9a-f-]{36}))?(?:\/([^?]*))?(?:\?.*)?$/i;

export function parseRoute(hash) {
  const m = ROUTE.exec(hash);
  if (!m) return { page: 'unknown' };
  return { page: m[3] ? 'detail' : 'browse', tenant: m[1], sandbox: m[2], flowId: m[3], rest: m[4] || '' };
}

export function browseHash(route, session) {
  return `#/@${route.tenant || session.tenant}/sname:${route.sandbox || session.sandbox}/platform/destination/browse`;
}

export function audienceHash(route, id) {
  return `#/@${route.tenant}/sname:${route.sandbox}/platform/segment/browse/${id}`;
}

/** Points the rail's links at the session's org and sandbox. */
export function wireRail(session) {
  for (const a of document.querySelectorAll('.rail-item')) {
    const page = a.dataset.nav === 'destinations' ? 'destination/browse' : a.dataset.nav;
    a.setAttribute('href', `#/@${session.tenant}/sname:${session.sandbox}/platform/${page}`);
  }
}

/** Keeps the shell's URL in step when the app is in its iframe; the bench's route clock starts here. */
export function routeChanged() {
  performance.mark('sim:route'); // bench: route change -> table rendered (sim:table-rendered)
  if (window.parent !== window) window.parent.postMessage({ simRoute: location.hash }, location.origin);
}

// ---- What the columns show ----

export function formatDate(ms) {
  if (!ms) return '—';
  return `${new Date(ms).toLocaleString(opts.lang, { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })} UTC`;
}

export function runStatusLabel(state) {
  const s = String(state || '').toLowerCase();
  if (s === 'inprogress' || s === 'processing') return TEXT.processing;
  if (s === 'success') return TEXT.success;
  if (s === 'failed') return TEXT.failed;
  return s || '—';
}

export function selectorsOf(flow) {
  const out = [];
  for (const t of flow.transformations || []) {
    const s = t && t.params && t.params.segmentSelectors && t.params.segmentSelectors.selectors;
    if (s) out.push(...s);
  }
  return out;
}

export function destinationLabel(flow) {
  return flow.flowSpec && flow.flowSpec.id === '71471eba-b620-49e4-90fd-23f1fa0174d8' ? 'Amazon S3' : 'Streaming';
}

export function runDuration(run) {
  const d = run.metrics && run.metrics.durationSummary;
  return d && d.completedAtUTC ? `${Math.round((d.completedAtUTC - d.startedAtUTC) / 60000)} min` : '—';
}

export function runRecords(run) {
  const n = run.metrics && run.metrics.recordSummary && run.metrics.recordSummary.outputRecordCount;
  return n === undefined ? '—' : String(n);
}

export function runStatus(run) {
  return runStatusLabel(run.metrics && run.metrics.statusSummary && run.metrics.statusSummary.status);
}

export function schedule(selector, key) {
  return (selector.value.schedule && selector.value.schedule[key]) || '—';
}
