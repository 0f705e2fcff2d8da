import { describe, expect, it } from 'vitest';
import { createTabScopes, TAB_SCOPES_KEY } from './tab-scopes';

function memoryArea() {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key: string) => ({ [key]: data[key] }),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
    remove: async (key: string) => void delete data[key],
  };
}

describe('tab scopes', () => {
  it("remembers the org and sandbox of each tab's own requests, the latest one, until the tab closes", async () => {
    const area = memoryArea();
    const tabs = createTabScopes(area);
    await tabs.record(7, { orgId: 'A@AdobeOrg', sandbox: 'prod' });
    await tabs.record(8, { orgId: 'B@AdobeOrg', sandbox: 'prod' });
    expect(await tabs.get(7)).toEqual({ orgId: 'A@AdobeOrg', sandbox: 'prod' });
    await tabs.record(7, { orgId: 'A@AdobeOrg', sandbox: 'dev' });
    expect(await tabs.get(7)).toEqual({ orgId: 'A@AdobeOrg', sandbox: 'dev' });
    await tabs.forget(7);
    expect(await tabs.get(7)).toBeNull();
    expect(await tabs.get(8)).toEqual({ orgId: 'B@AdobeOrg', sandbox: 'prod' });
    // Only scopes are kept: no credential in this key.
    expect(JSON.stringify(area.data[TAB_SCOPES_KEY])).not.toMatch(/Bearer|token/i);
  });

  it('reads a damaged entry as none', async () => {
    const area = memoryArea();
    area.data[TAB_SCOPES_KEY] = { 7: { orgId: 42 } };
    expect(await createTabScopes(area).get(7)).toBeNull();
  });
});
