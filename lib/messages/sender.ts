/**
 * Who may talk to the background: this extension's own pages, and content scripts
 * running in console frames. Everything else (other extensions, web pages, frames of
 * other sites) is refused.
 */
import { browser } from 'wxt/browser';
import { isConsoleUrl, type OriginPolicy } from '@/lib/session/console-frames';
import type { SenderKind } from './protocol';

/** The fields of `runtime.MessageSender` we read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface ExtensionIdentity {
  id: string;
  /** `chrome-extension://<id>` / `moz-extension://<uuid>` */
  origin: string;
}

/** `scheme://host`, built by hand: URL.origin is "null" for extension schemes outside browsers. */
function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

export function classifySender(sender: SenderInfo, self: ExtensionIdentity, policy: OriginPolicy = {}): SenderKind | null {
  if (!sender.id || sender.id !== self.id) return null;
  // One of our own pages, in the popup or opened in a tab (history link, options tab).
  const origin = originOf(sender.url);
  if (origin !== null && origin === originOf(self.origin)) return 'extension';
  // Otherwise a content script: trusted only inside a console frame.
  return sender.tab && isConsoleUrl(sender.url, policy) ? 'console' : null;
}

/** This extension as the dispatcher should recognise it. */
export function selfIdentity(): ExtensionIdentity {
  return { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
}
