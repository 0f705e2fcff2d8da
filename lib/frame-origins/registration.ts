/**
 * The content script on granted console frame origins, registered at run time (the
 * manifest's content_scripts cover only the built-in console origins). Brought in line with
 * the granted list at every worker start, on a grant and on a removal.
 */
import { CONSOLE_SCRIPT, originPattern } from '@/lib/origins';

export { originPattern };

export const REGISTERED_ID = 'console-granted-frames';

/** The slice of `browser.scripting` used here. */
export interface ScriptingApi {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string; matches?: string[] }[]>;
  registerContentScripts(scripts: { id: string; matches: string[]; js: string[]; allFrames: boolean; runAt: 'document_idle' }[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

export async function syncConsoleScript(scripting: ScriptingApi, granted: readonly string[]): Promise<void> {
  const matches = [...new Set(granted.map(originPattern))].sort();
  const [current] = await scripting.getRegisteredContentScripts({ ids: [REGISTERED_ID] });
  if (current && JSON.stringify([...(current.matches ?? [])].sort()) === JSON.stringify(matches)) return;
  if (current) await scripting.unregisterContentScripts({ ids: [REGISTERED_ID] });
  if (matches.length === 0) return;
  // As the manifest's own entry (wxt.config.ts): every frame, once the page is idle.
  await scripting.registerContentScripts([{ id: REGISTERED_ID, matches, js: [CONSOLE_SCRIPT], allFrames: true, runAt: 'document_idle' }]);
}
