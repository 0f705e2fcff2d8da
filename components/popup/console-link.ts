/**
 * Console addresses for the popup's links. The console's URL needs the IMS tenant,
 * which no API of ours returns, so it is borrowed from an open console tab.
 */
import type { Scope } from '@/lib/model';

export const CONSOLE_HOME = 'https://experience.adobe.com/';

/** `#/@<tenant>/sname:<sandbox>/...` -> tenant and sandbox of a console tab's URL. */
export function consoleTenantOf(url: string): { origin: string; tenant: string; sandbox?: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const match = /^#\/@([^/?#]+)(?:\/sname:([^/?#]+))?/.exec(parsed.hash);
  if (!match) return null;
  return { origin: parsed.origin, tenant: match[1]!, sandbox: match[2] };
}

/**
 * The dataflow's detail page, preferring a tab already on the job's sandbox. Without
 * any console tab, the shell's home: it signs the user in and picks the org.
 */
export function dataflowConsoleUrl(tabUrls: readonly string[], scope: Scope, flowId: string): string {
  const tabs = tabUrls.map(consoleTenantOf).filter((t): t is NonNullable<typeof t> => t !== null);
  const best = tabs.find((t) => t.sandbox === scope.sandbox) ?? tabs[0];
  if (!best) return CONSOLE_HOME;
  const sandbox = encodeURIComponent(scope.sandbox);
  return `${best.origin}/#/@${best.tenant}/sname:${sandbox}/platform/destination/browse/${encodeURIComponent(flowId)}`;
}
