/** Background -> pages broadcasts (popup, options, console tabs), validated on arrival. */
import { browser } from 'wxt/browser';
import { CHANNEL, eventEnvelopeSchema, events, type EventPayload, type EventType } from './protocol';
import type { SenderInfo } from './sender';

export interface SendEventOptions {
  /** Console tabs to reach too (content scripts do not hear runtime broadcasts). */
  tabIds?: number[];
}

/** Fire and forget: a context that is not open simply does not hear it. */
export async function sendEvent<T extends EventType>(type: T, payload: EventPayload<T>, options: SendEventOptions = {}): Promise<void> {
  const parsed = events[type].parse(payload);
  const envelope = { channel: CHANNEL, kind: 'event', type, payload: parsed };
  // Wrapped so a synchronous throw (no such tab, API missing) is settled like the rest.
  const sends: Promise<unknown>[] = [Promise.resolve().then(() => browser.runtime.sendMessage(envelope))];
  for (const tabId of options.tabIds ?? []) sends.push(Promise.resolve().then(() => browser.tabs.sendMessage(tabId, envelope)));
  // "Receiving end does not exist" is normal when no popup or tab listens.
  await Promise.allSettled(sends);
}

/**
 * Calls `cb` for each valid `type` event sent by this extension's background (not by a
 * content script, whose runtime messages also reach extension pages). Returns unsubscribe.
 */
export function onEvent<T extends EventType>(type: T, cb: (payload: EventPayload<T>) => void): () => void {
  const listener = (message: unknown, sender: SenderInfo): undefined => {
    if (sender.tab || (sender.id && sender.id !== browser.runtime.id)) return undefined;
    const envelope = eventEnvelopeSchema.safeParse(message);
    if (!envelope.success || envelope.data.type !== type) return undefined;
    const payload = events[type].safeParse(envelope.data.payload);
    if (payload.success) cb(payload.data as EventPayload<T>);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
