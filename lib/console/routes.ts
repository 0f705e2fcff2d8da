/** Page detection as pure functions of a URL (or just its hash): no DOM, easy to table-test. */
import { ROUTE_BROWSE, ROUTE_DATAFLOW, SELECTED_TAB, TAB_LABELS } from './selectors';

export type PageRoute = { kind: 'browse'; tenant: string; sandbox: string } | { kind: 'dataflow'; tenant: string; sandbox: string; flowId: string };

function hashOf(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? '' : url.slice(at);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The Destinations route of `url`, or null on any other page. */
export function parseRoute(url: string): PageRoute | null {
  const hash = hashOf(url);
  const browse = ROUTE_BROWSE.exec(hash);
  if (browse) return { kind: 'browse', tenant: decode(browse[1]!), sandbox: decode(browse[2]!) };
  const flow = ROUTE_DATAFLOW.exec(hash);
  if (flow) {
    return { kind: 'dataflow', tenant: decode(flow[1]!), sandbox: decode(flow[2]!), flowId: flow[3]!.toLowerCase() };
  }
  return null;
}

export function isBrowseList(url: string): boolean {
  return parseRoute(url)?.kind === 'browse';
}

export function isDataflowDetail(url: string): boolean {
  return parseRoute(url)?.kind === 'dataflow';
}

export function isDestinationsRoute(url: string): boolean {
  return parseRoute(url) !== null;
}

/** Same page for our purposes: a change of query string alone is not a new route. */
export function sameRoute(a: PageRoute | null, b: PageRoute | null): boolean {
  if (!a || !b) return a === b;
  return a.kind === b.kind && a.tenant === b.tenant && a.sandbox === b.sandbox && (a.kind === 'browse' || (b.kind === 'dataflow' && a.flowId === b.flowId));
}

export type DetailTab = 'activation' | 'runs';

/** Header and tab text as compared: case, spacing and symbols (sort arrows, icons) ignored. */
function norm(text: string | null): string {
  return (text ?? '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** Which tab of the dataflow detail is selected, or null if none we know. */
export function activeTab(root: ParentNode): DetailTab | null {
  for (const tab of root.querySelectorAll(SELECTED_TAB)) {
    const text = norm(tab.textContent);
    for (const kind of ['activation', 'runs'] as const) {
      if (TAB_LABELS[kind].some((label) => norm(label) === text)) return kind;
    }
  }
  return null;
}

export { norm as normaliseText };
