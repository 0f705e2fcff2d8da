/**
 * The console frame origins we know of beyond the built-in ones (lib/origins
 * CONSOLE_MATCHES): those the user granted, kept in `storage.local` so they survive a
 * restart, and those we noticed but cannot read yet, kept in `storage.session` (they are
 * about this browser session's console). Only Adobe hosts (`isAdobeFrameOrigin`) ever
 * get in: a noticed or granted origin becomes a console origin for the session capture
 * and the message sender check, so nothing else may.
 */
import { isAdobeFrameOrigin, isTestBuild } from '@/lib/origins';
import { createSerial } from '@/lib/serial';
import type { SessionArea } from '@/lib/session/session-store';

export const GRANTED_KEY = 'consoleOrigins';
const NOTICED_KEY = 'noticedFrameOrigins';

/** How we learnt of an origin: a console frame's `src`, or a request to the Platform host it made. */
export type NoticedVia = 'frame' | 'request';

export interface NoticedOrigin {
  origin: string;
  via: NoticedVia;
  at: number;
}

/** Kept to the most recent few: one console shows one or two app frames. */
const MAX_NOTICED = 8;

export interface FrameOriginsOptions {
  local: SessionArea;
  session: SessionArea;
  /** Test builds accept the simulator's stand-in host; defaults to `isTestBuild()`. */
  allowTest?: boolean;
}

export interface FrameOrigins {
  /** The origin of `url` when it is one a user may grant (an Adobe host), else null. */
  grantable(url: string): string | null;
  granted(): Promise<string[]>;
  /** Adds a grantable origin; the noticed entry goes. Returns the granted list. */
  grant(origin: string): Promise<string[]>;
  revoke(origin: string): Promise<string[]>;
  /** Noticed and not granted, newest first. */
  noticed(): Promise<NoticedOrigin[]>;
  /** Notes a grantable, not yet granted origin; anything else is ignored. True when noted. */
  notice(url: string, via: NoticedVia, at: number): Promise<boolean>;
}

export function createFrameOrigins(options: FrameOriginsOptions): FrameOrigins {
  const allowTest = options.allowTest ?? isTestBuild();
  const serial = createSerial();
  const grantable = (url: string): string | null => {
    try {
      const parsed = new URL(url);
      return isAdobeFrameOrigin(parsed, allowTest) ? parsed.origin : null;
    } catch {
      return null;
    }
  };
  const readGranted = async (): Promise<string[]> => {
    const value = (await options.local.get(GRANTED_KEY))[GRANTED_KEY];
    // A damaged or hand-edited value keeps only what the rule accepts.
    return Array.isArray(value) ? [...new Set(value.flatMap((v) => (typeof v === 'string' && grantable(v) === v ? [v] : [])))] : [];
  };
  const readNoticed = async (): Promise<NoticedOrigin[]> => {
    const value = (await options.session.get(NOTICED_KEY))[NOTICED_KEY];
    if (!Array.isArray(value)) return [];
    return value.filter(
      (v): v is NoticedOrigin =>
        !!v && typeof v.origin === 'string' && grantable(v.origin) === v.origin && (v.via === 'frame' || v.via === 'request') && typeof v.at === 'number',
    );
  };
  const withoutNoticed = (origin: string) =>
    serial(async () => {
      const noticed = await readNoticed();
      if (noticed.some((n) => n.origin === origin)) await options.session.set({ [NOTICED_KEY]: noticed.filter((n) => n.origin !== origin) });
    });

  return {
    grantable,
    granted: readGranted,
    async grant(url) {
      const origin = grantable(url);
      if (!origin || origin !== url) throw new Error(`Not an Adobe console host: ${url.slice(0, 200)}`);
      const granted = await serial(async () => {
        const list = await readGranted();
        const next = list.includes(origin) ? list : [...list, origin];
        await options.local.set({ [GRANTED_KEY]: next });
        return next;
      });
      await withoutNoticed(origin);
      return granted;
    },
    revoke: (origin) =>
      serial(async () => {
        const next = (await readGranted()).filter((o) => o !== origin);
        await options.local.set({ [GRANTED_KEY]: next });
        return next;
      }),
    async noticed() {
      const granted = new Set(await readGranted());
      return (await readNoticed()).filter((n) => !granted.has(n.origin)).sort((a, b) => b.at - a.at);
    },
    async notice(url, via, at) {
      const origin = grantable(url);
      if (!origin || (await readGranted()).includes(origin)) return false;
      return serial(async () => {
        const noticed = (await readNoticed()).filter((n) => n.origin !== origin);
        await options.session.set({ [NOTICED_KEY]: [{ origin, via, at }, ...noticed].slice(0, MAX_NOTICED) });
        return true;
      });
    },
  };
}
