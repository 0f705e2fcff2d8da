/** Background -> pages broadcasts (popup, options, console tabs), validated before they leave; pages hear them through ./client `onEvents`. */
import { browser } from 'wxt/browser';
import { CHANNEL, events, type EventPayload, type EventType } from './protocol';

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
