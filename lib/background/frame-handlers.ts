/**
 * Console frames on Adobe hosts we cannot read yet (lib/frame-origins): what the page and
 * the extension pages are told, and the grant and its removal. A grant takes effect only
 * when the browser holds the host permission: the extension page asks for it in the
 * user's click, and this side checks it was given before trusting the origin.
 */
import { t } from '@/lib/i18n';
import type { Locale } from '@/lib/i18n/types';
import { CommandError } from '@/lib/messages/errors';
import type { Handlers } from '@/lib/messages/dispatcher';
import type { FrameOrigins } from '@/lib/frame-origins/store';
import { originPattern, syncConsoleScript, type ScriptingApi } from '@/lib/frame-origins/registration';
import { isConsoleUrl, type OriginPolicy } from '@/lib/session/console-frames';

export interface FrameHandlerDeps {
  frames: FrameOrigins;
  permissions: {
    contains(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  scripting: ScriptingApi;
  /** The live policy the capture and the sender check read; its `consoleOrigins` follow the grants. */
  policy: OriginPolicy;
  now?: () => number;
}

/** Keeps the live policy and the registered content script in line with the granted list. */
export async function applyGranted(deps: Pick<FrameHandlerDeps, 'scripting' | 'policy'>, granted: string[]): Promise<void> {
  deps.policy.consoleOrigins = granted;
  await syncConsoleScript(deps.scripting, granted);
}

/**
 * The page's notice: the frames the shell page reported that we cannot read (noted for
 * the popup and the options page), else, with no session at all, any noted before.
 */
export async function frameNotice(
  deps: Pick<FrameHandlerDeps, 'frames' | 'policy' | 'now'>,
  sources: readonly string[],
  sessionSeen: boolean,
  locale: Locale,
): Promise<string | undefined> {
  const now = (deps.now ?? Date.now)();
  let origin: string | undefined;
  for (const source of sources) {
    if (isConsoleUrl(source, deps.policy)) continue;
    if (await deps.frames.notice(source, 'frame', now)) origin ??= deps.frames.grantable(source) ?? undefined;
  }
  if (!origin && !sessionSeen) origin = (await deps.frames.noticed())[0]?.origin;
  return origin && `${t('frames.unreadable', { origin }, locale)} ${t('frames.pageAction', undefined, locale)}`;
}

export function frameHandlers(deps: FrameHandlerDeps): Required<Pick<Handlers, 'frames.list' | 'frames.grant' | 'frames.revoke'>> {
  return {
    'frames.list': async () => ({ noticed: await deps.frames.noticed(), granted: await deps.frames.granted() }),
    'frames.grant': async ({ origin }) => {
      if (deps.frames.grantable(origin) !== origin) throw new CommandError({ kind: 'refused', message: `Not an Adobe console host: ${origin.slice(0, 200)}` });
      if (!(await deps.permissions.contains({ origins: [originPattern(origin)] }))) {
        throw new CommandError({ kind: 'refused', message: t('frames.denied', { origin }) });
      }
      const granted = await deps.frames.grant(origin);
      await applyGranted(deps, granted);
      return { granted };
    },
    'frames.revoke': async ({ origin }) => {
      const granted = await deps.frames.revoke(origin);
      await applyGranted(deps, granted);
      // The trust is ours and is gone already; the browser's permission follows when it can
      // (a permission the manifest requires cannot be removed: test builds only).
      await deps.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
      return { granted };
    },
  };
}
