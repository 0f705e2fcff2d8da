import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { realOptionsSource } from './real-source';

/** The background, as far as the options page sees it: one answer per command type. */
function background(answers: Record<string, unknown>) {
  const seen: { type: string; payload: unknown }[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: { type: string; payload: unknown }) => {
    seen.push({ type: message.type, payload: message.payload });
    return answers[message.type];
  }) as never);
  return seen;
}

const input = { orgId: 'O@AdobeOrg', sandbox: 'prod', apiKey: 'key', token: 'Bearer t' };

describe('options page manual credentials go through the background', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('saves through session.setManual and removes through session.clearManual', async () => {
    const session = { orgId: 'O@AdobeOrg', sandbox: 'prod', seenAt: 1, stale: false, source: 'manual' };
    const seen = background({ 'session.setManual': { ok: true, data: { session } }, 'session.clearManual': { ok: true, data: { cleared: true } } });
    const source = realOptionsSource();
    expect(await source.saveManualCredentials(input)).toEqual({ ok: true });
    await source.clearManualCredentials();
    expect(seen).toEqual([
      { type: 'session.setManual', payload: input },
      { type: 'session.clearManual', payload: {} },
    ]);
  });

  it('says which fields to check when the background refuses them, and fails loudly on anything else', async () => {
    background({ 'session.setManual': { ok: false, error: { kind: 'badRequest', message: 'invalid' } } });
    expect(await realOptionsSource().saveManualCredentials(input)).toEqual({ ok: false, reason: 'options.creds.invalid' });
    vi.restoreAllMocks();
    background({ 'session.setManual': { ok: false, error: { kind: 'unknown', message: 'storage failed' } } });
    await expect(realOptionsSource().saveManualCredentials(input)).rejects.toThrow('storage failed');
  });
});
