/** @jsxImportSource react */
/*
 * The simulated Platform app built with Adobe's own React Spectrum (v3) components, the
 * library Experience Cloud apps are most likely made of: the same pages, data and query
 * switches as the plain app (../app/app.js), rendered by the real TableView (always
 * virtualised, absolutely positioned cells, a checkbox column with `selection=multiple`,
 * ellipsis in every cell), Tabs and Link. Bundled by ./build.ts for the simulator only;
 * never part of the extension.
 *
 * Extra query switch: `selection=none|multiple` (unset: a selection column on the
 * Activation data tab only, as the console's own bulk "Export file now" suggests).
 */
import {
  Breadcrumbs,
  Button,
  Cell,
  Column,
  Flex,
  Heading,
  Item,
  Link,
  Provider,
  Row,
  SearchField,
  TableBody,
  TableHeader,
  TableView,
  TabList,
  View,
  TabPanels,
  Tabs,
  defaultTheme,
  type Selection,
} from '@adobe/react-spectrum';
import { useEffect, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  audienceHash,
  browseHash,
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
} from '../app/common.js';

type SortDescriptor = { column: string | number; direction: 'ascending' | 'descending' };
type Session = Awaited<ReturnType<typeof getSession>>;
type Api = ReturnType<typeof createApi>;
type Route = ReturnType<typeof parseRoute>;
// The API's shapes, as far as this page reads them (the simulator serves documented JSON).
type Flow = { id: string; name: string; createdAt?: number; lastRunDetails?: { state?: string } } & Record<string, unknown>;
type Selector = { value: { id: string; name: string; exportMode?: string } } & Record<string, unknown>;
type Run = { id: string; createdAt: number } & Record<string, unknown>;

document.documentElement.lang = opts.lang;
const TABLE_HEIGHT = opts.tableHeight || 'size-6000';

function selectionMode(table: 'browse' | 'activation'): 'none' | 'multiple' {
  if (opts.selection === 'none' || opts.selection === 'multiple') return opts.selection;
  return table === 'activation' ? 'multiple' : 'none';
}

/**
 * Rows "arrive" as in the plain app: `late` ms after the data, then `pageSize` at a time.
 * Marks sim:table-rendered once every row of the data is in the table's collection.
 */
function useArrivingRows<T>(records: T[] | null, keepShown: boolean): { rows: T[]; loading: boolean } {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (!records) return;
    if (keepShown || (!opts.late && !opts.pageSize)) return void setShown(records.length);
    const step = opts.pageSize || records.length;
    let n = 0;
    let timer = setTimeout(function more() {
      n = Math.min(records.length, n + step);
      setShown(n);
      if (n < records.length) timer = setTimeout(more, opts.late || 250);
    }, opts.late);
    return () => clearTimeout(timer);
  }, [records, keepShown]);
  const rows = useMemo(() => (records ?? []).slice(0, shown), [records, shown]);
  const complete = records !== null && shown >= records.length;
  useLayoutEffect(() => {
    // After React committed the rows: the bench's route -> table clock stops here.
    if (complete) performance.mark('sim:table-rendered');
  }, [complete]);
  return { rows, loading: !complete };
}

function sortBy<T>(rows: T[], descriptor: SortDescriptor, value: (row: T, column: string) => string | number): T[] {
  const dir = descriptor.direction === 'descending' ? -1 : 1;
  const column = String(descriptor.column);
  return [...rows].sort((a, b) => {
    const x = value(a, column);
    const y = value(b, column);
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}

/** Names as the console shows them: a Spectrum Link, or plain text with `links=0`. */
function NameCell({ href, name }: { href: string; name: string }): ReactNode {
  return opts.links ? <Link href={href}>{name}</Link> : name;
}

function Toast({ message }: { message: { text: string; negative: boolean } | null }) {
  useEffect(() => {
    const node = document.getElementById('sim-toast')!;
    if (!message) return;
    node.textContent = message.text;
    node.className = `toast${message.negative ? ' negative' : ''}`;
    node.hidden = false;
    const timer = setTimeout(() => (node.hidden = true), 5000);
    return () => clearTimeout(timer);
  }, [message]);
  return null;
}

function BrowsePage({ api, route, session }: { api: Api; route: Route; session: Session }) {
  const [flows, setFlows] = useState<Flow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [refreshed, setRefreshed] = useState(false);
  const [sort, setSort] = useState<SortDescriptor>({ column: 'name', direction: 'ascending' });
  const load = (refresh: boolean) =>
    api.flows().then(
      (items: Flow[]) => {
        setFlows(items);
        setRefreshed(refresh);
        firstFlowId = items[0]?.id ?? null;
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(false), []);
  const filtered = useMemo(
    () =>
      flows
        ? sortBy(
            flows.filter((f) => f.name.toLowerCase().includes(query.toLowerCase())),
            sort,
            (f) => f.name.toLowerCase(),
          )
        : null,
    [flows, query, sort],
  );
  const { rows, loading } = useArrivingRows(filtered, refreshed || query !== '');
  return (
    <>
      <Heading level={1} UNSAFE_className="title">
        {TEXT.destinations}
      </Heading>
      <Tabs aria-label={TEXT.destinations} defaultSelectedKey="browse" marginBottom="size-200">
        <TabList>
          <Item key="overview">{TEXT.overview}</Item>
          <Item key="catalog">{TEXT.catalog}</Item>
          <Item key="browse">{TEXT.browse}</Item>
          <Item key="accounts">{TEXT.accounts}</Item>
        </TabList>
        <TabPanels>
          <Item key="overview">{null}</Item>
          <Item key="catalog">{null}</Item>
          <Item key="browse">
            <Flex direction="column" gap="size-150" marginTop="size-200">
              <Flex gap="size-100" alignItems="center">
                <SearchField aria-label={TEXT.search} placeholder={TEXT.search} width="size-3400" value={query} onChange={setQuery} />
                <View flexGrow={1} />
                <Button variant="secondary" onPress={() => void load(true)}>
                  {TEXT.refresh}
                </Button>
              </Flex>
              {error ? (
                <div role="alert" className="grid-status">
                  {error}
                </div>
              ) : (
                <TableView
                  aria-label={TEXT.destinations}
                  selectionMode={selectionMode('browse')}
                  sortDescriptor={sort}
                  onSortChange={setSort}
                  height={TABLE_HEIGHT}
                  width="100%"
                >
                  <TableHeader>
                    <Column key="name" isRowHeader allowsSorting width="3fr" minWidth={160}>
                      {TEXT.name}
                    </Column>
                    <Column key="destination" width="2fr">
                      {TEXT.destination}
                    </Column>
                    <Column key="audiences" width="1fr">
                      {TEXT.activationData}
                    </Column>
                    <Column key="lastRun" width="2fr">
                      {TEXT.lastRun}
                    </Column>
                    <Column key="created" width="2fr">
                      {TEXT.created}
                    </Column>
                  </TableHeader>
                  <TableBody items={rows} loadingState={loading ? 'loading' : 'idle'}>
                    {(f: Flow) => (
                      <Row key={f.id}>
                        <Cell textValue={f.name}>
                          <NameCell href={`${browseHash(route, session)}/${f.id}`} name={f.name} />
                        </Cell>
                        <Cell>{destinationLabel(f)}</Cell>
                        <Cell>{tr('audiencesCount', { n: selectorsOf(f).length })}</Cell>
                        <Cell>{runStatusLabel(f.lastRunDetails?.state)}</Cell>
                        <Cell>{formatDate(f.createdAt)}</Cell>
                      </Row>
                    )}
                  </TableBody>
                </TableView>
              )}
            </Flex>
          </Item>
          <Item key="accounts">{null}</Item>
        </TabPanels>
      </Tabs>
      <Toast message={refreshed ? { text: TEXT.refreshed, negative: false } : null} />
    </>
  );
}

function ActivationTab({ api, route, flow, reload }: { api: Api; route: Route; flow: Flow | null; reload(): void }) {
  const [selected, setSelected] = useState<Selection>(new Set());
  const [sort, setSort] = useState<SortDescriptor>({ column: 'name', direction: 'ascending' });
  const [message, setMessage] = useState<{ text: string; negative: boolean } | null>(null);
  const [reloaded, setReloaded] = useState(false);
  const records = useMemo(() => (flow ? sortBy(selectorsOf(flow) as Selector[], sort, (s) => s.value.name.toLowerCase()) : null), [flow, sort]);
  const { rows, loading } = useArrivingRows(records, reloaded);
  const count = selected === 'all' ? (records?.length ?? 0) : selected.size;
  const exportNow = () => {
    if (!flow || !records) return;
    const ids = selected === 'all' ? records.map((s) => s.value.id) : [...selected].map(String);
    api
      .exportNow(flow.id, ids)
      .then(
        (res: { order: unknown[] }) => setMessage({ text: tr('exportStarted', { n: res.order.length }), negative: false }),
        (e: Error) => setMessage({ text: tr('exportFailed', { m: e.message }), negative: true }),
      )
      .then(() => setSelected(new Set()));
  };
  return (
    <Flex direction="column" gap="size-150" marginTop="size-200">
      <Flex gap="size-100" justifyContent="end">
        <Button
          variant="secondary"
          onPress={() => {
            setReloaded(true);
            reload();
          }}
        >
          {TEXT.refresh}
        </Button>
        <Button variant="accent" isDisabled={count === 0} onPress={exportNow}>
          {TEXT.exportNow}
        </Button>
      </Flex>
      <TableView
        aria-label={TEXT.activationTab}
        selectionMode={selectionMode('activation')}
        selectedKeys={selected}
        onSelectionChange={setSelected}
        sortDescriptor={sort}
        onSortChange={setSort}
        height={TABLE_HEIGHT}
        width="100%"
      >
        <TableHeader>
          <Column key="name" isRowHeader allowsSorting width="3fr" minWidth={160}>
            {TEXT.audienceName}
          </Column>
          <Column key="frequency" width="1fr">
            {TEXT.frequency}
          </Column>
          <Column key="start" width="1fr">
            {TEXT.startDate}
          </Column>
          <Column key="end" width="1fr">
            {TEXT.endDate}
          </Column>
          <Column key="mode" width="2fr">
            {TEXT.exportMode}
          </Column>
        </TableHeader>
        <TableBody items={rows} loadingState={loading ? 'loading' : 'idle'}>
          {(s: Selector) => (
            <Row key={s.value.id}>
              <Cell textValue={s.value.name}>
                <NameCell href={audienceHash(route, s.value.id)} name={s.value.name} />
              </Cell>
              <Cell>{schedule(s, 'frequency')}</Cell>
              <Cell>{schedule(s, 'startDate')}</Cell>
              <Cell>{schedule(s, 'endDate')}</Cell>
              <Cell>{s.value.exportMode || '—'}</Cell>
            </Row>
          )}
        </TableBody>
      </TableView>
      <Toast message={message} />
    </Flex>
  );
}

function RunsTab({ api, flowId }: { api: Api; flowId: string }) {
  const [runs, setRuns] = useState<Run[] | null>(null);
  useEffect(() => void api.runs(flowId).then(setRuns, () => setRuns([])), [flowId]);
  const { rows, loading } = useArrivingRows(runs, false);
  return (
    <TableView aria-label={TEXT.runsTab} height={TABLE_HEIGHT} width="100%" marginTop="size-200">
      <TableHeader>
        <Column key="start" isRowHeader width="2fr">
          {TEXT.runStart}
        </Column>
        <Column key="status" width="1fr">
          {TEXT.status}
        </Column>
        <Column key="duration" width="1fr">
          {TEXT.duration}
        </Column>
        <Column key="records" width="1fr">
          {TEXT.records}
        </Column>
      </TableHeader>
      <TableBody items={rows} loadingState={loading ? 'loading' : 'idle'}>
        {(r: Run) => (
          <Row key={r.id}>
            <Cell>{formatDate(r.createdAt)}</Cell>
            <Cell>{runStatus(r)}</Cell>
            <Cell>{runDuration(r)}</Cell>
            <Cell>{runRecords(r)}</Cell>
          </Row>
        )}
      </TableBody>
    </TableView>
  );
}

function DetailPage({ api, route, session }: { api: Api; route: Route; session: Session }) {
  const [flow, setFlow] = useState<Flow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.flow(route.flowId!).then(setFlow, (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  // The tab changes in place; the hash stays (tab routes of the real console are unknown).
  const initial = /runs/.test(route.rest ?? '') ? 'runs' : 'activation';
  return (
    <>
      <Breadcrumbs onAction={() => (location.hash = browseHash(route, session))}>
        <Item key="destinations">{TEXT.destinations}</Item>
        <Item key="browse">{TEXT.browse}</Item>
      </Breadcrumbs>
      <Heading level={1} UNSAFE_className="title">
        {flow?.name ?? '…'}
      </Heading>
      {error && (
        <div role="alert" className="grid-status">
          {error}
        </div>
      )}
      <Tabs aria-label={flow?.name ?? TEXT.destinations} defaultSelectedKey={initial}>
        <TabList>
          <Item key="activation">{TEXT.activationTab}</Item>
          <Item key="runs">{TEXT.runsTab}</Item>
        </TabList>
        <TabPanels>
          <Item key="activation">
            <ActivationTab api={api} route={route} flow={flow} reload={() => void load()} />
          </Item>
          <Item key="runs">
            <RunsTab api={api} flowId={route.flowId!} />
          </Item>
        </TabPanels>
      </Tabs>
    </>
  );
}

function App({ session, route, generation }: { session: Session; route: Route; generation: number }) {
  const api = useMemo(() => createApi(session, () => route.sandbox), [session, route.sandbox]);
  const page =
    route.page === 'browse' ? (
      <BrowsePage key={generation} api={api} route={route} session={session} />
    ) : route.page === 'detail' ? (
      <DetailPage key={generation} api={api} route={route} session={session} />
    ) : (
      <Heading level={1} UNSAFE_className="title">
        {TEXT.notFound}
      </Heading>
    );
  return (
    <Provider theme={defaultTheme} colorScheme="light" locale={opts.lang} UNSAFE_style={{ background: 'transparent' }}>
      {page}
    </Provider>
  );
}

let firstFlowId: string | null = null;
let switched = false;

void getSession().then((session: Session) => {
  wireRail(session);
  const root = createRoot(document.getElementById('main')!);
  let generation = 0;
  const onRoute = () => {
    generation += 1;
    routeChanged();
    const route = parseRoute(location.hash);
    root.render(<App session={session} route={route} generation={generation} />);
    if (opts.switchAfter && !switched) {
      switched = true;
      setTimeout(() => {
        if (route.page === 'detail') location.hash = browseHash(route, session);
        else if (firstFlowId) location.hash = `${browseHash(route, session)}/${firstFlowId}`;
      }, opts.switchAfter);
    }
  };
  if (!location.hash) history.replaceState(null, '', browseHash({}, session));
  window.addEventListener('hashchange', onRoute);
  onRoute();
});
