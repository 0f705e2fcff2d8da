import { expect, test } from 'vitest';
import { command } from './export-kit';
import { useHarness } from './harness';

// Power users type credentials in the options page: the background keeps and uses them,
// with no console tab open, and "Remove" takes them away again.
const h = useHarness({ scenario: 'bulk' });

test('manual credentials typed in the options page are used for API calls and can be removed', async () => {
  const { orgId, sandbox, apiKey, token } = h.state.scenario;
  const options = await h.openOptions();
  await options.getByLabel('Organization ID (…@AdobeOrg)').fill(orgId);
  await options.getByLabel('Sandbox name').fill(sandbox);
  await options.getByLabel('API key (client id)').fill(apiKey);
  await options.getByLabel('Access token').fill(`Bearer ${token}`);
  await options.getByRole('button', { name: 'Use these credentials' }).click();
  await options.getByTestId('creds-in-use').waitFor();
  // The secret left the form once stored.
  expect(await options.getByLabel('Access token').inputValue()).toBe('');

  const listed = await command<{ sessions: { source: string; sandbox: string }[] }>(h, 'session.list', {});
  expect(listed.ok && listed.data?.sessions.map((s) => `${s.sandbox}:${s.source}`)).toEqual([`${sandbox}:manual`]);

  // No console page was ever opened: only the typed token can have reached the simulator.
  h.clearRequests();
  const view = await command<{ sessionSeen: boolean; dataflows: unknown[] }>(h, 'view.get', { route: { kind: 'browse' }, scope: { orgId, sandbox } });
  expect(view.ok && view.data?.sessionSeen).toBe(true);
  expect(view.ok && view.data?.dataflows.length).toBeGreaterThan(0);
  const apiCalls = h.requests('/data/');
  expect(apiCalls.length).toBeGreaterThan(0);
  expect(apiCalls.every((r) => r.headers.authorization === `Bearer ${token}` && r.headers['x-sandbox-name'] === sandbox)).toBe(true);

  await options.getByRole('button', { name: 'Remove manual credentials' }).click();
  await options.getByText('Manual credentials removed.').waitFor();
  expect(await options.getByTestId('creds-in-use').count()).toBe(0);
  const after = await command<{ sessions: unknown[] }>(h, 'session.list', {});
  expect(after.ok && after.data?.sessions).toEqual([]);
  await options.close();
});
