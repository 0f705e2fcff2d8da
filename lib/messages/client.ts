/**
 * Every page's side of the protocol (the content script, the popup, options and report),
 * without zod: the content script must stay under 20 kB and the popup under 35 kB, and
 * the protocol's schemas are most of a page's share of zod. Nothing is lost: the
 * background's dispatcher validates every request against the protocol's schemas and
 * every answer against its response schema before it leaves, and a page only listens
 * to its own extension's background (never to a tab).
 */
import { browser } from 'wxt/browser';
import { CHANNEL } from './channel';
import { CommandError, errorText, isErrorInfo } from './errors';
import type { CommandRequest, CommandResponse, CommandType, EventType } from './protocol';

export async function sendCommand<T extends CommandType>(type: T, payload: CommandRequest<T>): Promise<CommandResponse<T>> {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage({ channel: CHANNEL, kind: 'command', type, payload });
  } catch (error) {
    // The worker was restarting or the extension was reloaded under the page.
    throw new CommandError({ kind: 'network', message: errorText(error) });
  }
  const r = reply as { ok?: unknown; data?: unknown; error?: unknown } | null;
  if (r && r.ok === true && 'data' in r) return r.data as CommandResponse<T>;
  if (r && r.ok === false && isErrorInfo(r.error)) throw new CommandError(r.error);
  throw new CommandError({ kind: 'malformed', message: `No valid answer to ${type}` });
}

/** Calls `cb` when this extension's background broadcasts one of `types`. Returns unsubscribe. */
export function onEvents(types: readonly EventType[], cb: () => void): () => void {
  const listener = (message: unknown, sender: { id?: string; tab?: unknown }): undefined => {
    const m = message as { channel?: unknown; kind?: unknown; type?: unknown } | null;
    if (sender.tab || sender.id !== browser.runtime.id) return undefined;
    if (m?.channel === CHANNEL && m.kind === 'event' && types.includes(m.type as EventType)) cb();
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
