import { describe, expect, it } from 'vitest';
import { isBrowseList, isDataflowDetail, isDestinationsRoute, parseRoute } from './routes';

const FLOW = '0b8c3a6e-1d2f-4a5b-9c8d-7e6f5a4b3c2d';
const base = 'https://experience.adobe.com/#/@acme/sname:prod/platform/destination';

const browse = [
  `${base}/browse`,
  `${base}/browse/`,
  `${base}/browse?filter=active&page=2`,
  `#/@acme/sname:dev-sandbox/platform/destination/browse`,
  `http://127.0.0.1:5173/app.html#/@t%20x/sname:s/platform/destination/browse?x=1`,
];
const detail = [
  `${base}/browse/${FLOW}`,
  `${base}/browse/${FLOW}/activation`,
  `${base}/browse/${FLOW}/runs?sort=desc`,
  `${base}/browse/${FLOW.toUpperCase()}`,
  `${base}/browse/${FLOW}?tab=runs`,
];
const neither = [
  'https://experience.adobe.com/',
  'https://experience.adobe.com/#/@acme/sname:prod/platform/home',
  `${base}/catalog`,
  `${base}/browsex`,
  `${base}/browse/not-a-uuid`,
  `${base}/browse/${FLOW}x`,
  `https://experience.adobe.com/platform/destination/browse/${FLOW}`,
  `#/@acme/platform/destination/browse`,
  `#/acme/sname:prod/platform/destination/browse`,
  `${base}/browse/${FLOW.slice(0, 30)}`,
];

describe('route predicates', () => {
  it.each(browse)('Browse list: %s', (url) => {
    expect(isBrowseList(url)).toBe(true);
    expect(isDataflowDetail(url)).toBe(false);
    expect(isDestinationsRoute(url)).toBe(true);
  });
  it.each(detail)('dataflow detail: %s', (url) => {
    expect(isDataflowDetail(url)).toBe(true);
    expect(isBrowseList(url)).toBe(false);
    expect(isDestinationsRoute(url)).toBe(true);
    expect(parseRoute(url)).toMatchObject({ kind: 'dataflow', flowId: FLOW });
  });
  it.each(neither)('neither: %s', (url) => {
    expect(isBrowseList(url)).toBe(false);
    expect(isDataflowDetail(url)).toBe(false);
    expect(isDestinationsRoute(url)).toBe(false);
  });
  it('reads tenant and sandbox, decoded', () => {
    expect(parseRoute(browse[4]!)).toEqual({ kind: 'browse', tenant: 't x', sandbox: 's' });
    expect(parseRoute(detail[0]!)).toEqual({ kind: 'dataflow', tenant: 'acme', sandbox: 'prod', flowId: FLOW });
  });
});
