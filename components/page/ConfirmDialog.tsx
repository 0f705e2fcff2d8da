import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/console/i18n';
import { groupByRule } from '@/lib/console/plan';
import { flowsInScope, type Store, type UiActions, type UiState } from '@/lib/console/store';
import type { Pair } from '@/lib/model';
import { pairKey } from '@/lib/pairs';
import type { PresentedAudience, PresentedDataflow } from '@/lib/present/view';
import { useStore } from './useStore';

/** Names listed under each reason; the rest are counted. */
const SHOWN_NAMES = 10;

/**
 * The confirmation before an export, a real modal: in its own host on the page's body (no
 * console ancestor can clip or transform it), the page behind covered, focus kept inside
 * (Tab and Shift+Tab cycle), Escape always closes it and focus goes back to the button that
 * opened it. It says where the export goes and names what is skipped under each reason.
 */
export function ConfirmDialog({ store, actions }: { store: Store<UiState>; actions: UiActions }) {
  const state = useStore(store);
  const dialog = useRef<HTMLDivElement>(null);
  const plan = state.confirm;
  // Off at each opening: leaving any for later is the user's choice, every time.
  const [queue, setQueue] = useState(false);
  const [holdSame, setHoldSame] = useState(false);
  useLayoutEffect(() => {
    setQueue(false);
    setHoldSame(false);
  }, [plan]);

  // A layout effect: the key listener goes with the dialog itself, not a frame later.
  useLayoutEffect(() => {
    const box = dialog.current;
    if (!box) return;
    const root = box.getRootNode() as ShadowRoot;
    const buttons = () => [...box.querySelectorAll<HTMLElement>('button, input')];
    buttons().at(-1)?.focus();
    // On the document, in the capture phase: keys reach us wherever focus went, and not the console.
    const onKey = (event: KeyboardEvent) => {
      // Closed meanwhile (a second Escape is the panel's): hands off.
      if (!store.get().confirm || (event.key !== 'Escape' && event.key !== 'Tab')) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.key === 'Escape') return actions.answerConfirm(false);
      const all = buttons();
      const at = all.indexOf(root.activeElement as HTMLElement);
      all[(at + (event.shiftKey ? -1 : 1) + all.length) % all.length]?.focus();
    };
    const doc = box.ownerDocument;
    doc.addEventListener('keydown', onKey, true);
    return () => doc.removeEventListener('keydown', onKey, true);
  }, [plan, store, actions]);

  if (!plan) return null;
  const count = plan.pairs.length;
  const waitingCount = plan.waiting.length;
  // Each pair's audience, by `flow|audience`: names, badge words and warnings.
  const found = new Map<string, { a: PresentedAudience; f: PresentedDataflow }>(
    flowsInScope(state).flatMap((f) => f.audiences.map((a) => [pairKey({ flowId: f.id, audienceId: a.id }), { a, f }] as const)),
  );
  const waiting = new Set(plan.waiting.map(pairKey));
  // A waiting pair is named with its badge's words, which say until when ("Wait · 12:20").
  const label = (pair: Pair) => {
    const { a, f } = found.get(pairKey(pair)) ?? {};
    return !a || !f ? pair.audienceId : waiting.has(pairKey(pair)) ? `${a.name} · ${(f.verdict.kind === 'wait' ? f : a).badge.text}` : a.name;
  };
  // Pairs that would send the same data as our last export of them, with the badge's words for it.
  const sameData = plan.pairs.flatMap((pair) => {
    const a = found.get(pairKey(pair))?.a;
    const at = a?.verdict.warnings.indexOf('sameData') ?? -1;
    return a && at >= 0 ? [`${a.name}: ${a.badge.tip[a.badge.tip.length - a.verdict.warnings.length + at]}`] : [];
  });
  const scope = state.view?.scope;
  const now = count - (holdSame ? sameData.length : 0);
  const later = (queue ? waitingCount : 0) + (holdSame ? sameData.length : 0);
  const go = now > 0 || later > 0;
  return (
    // Clicks on the page behind land on the overlay and do nothing; focus stays in the dialog.
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}>
      <div class="dialog" ref={dialog} role="dialog" aria-modal="true" aria-labelledby="ben-confirm-title">
        <h2 id="ben-confirm-title">{t('console.confirm.title')}</h2>
        <p data-testid="confirm-count">{now > 0 ? t('console.confirm.body', { n: now }) : t('console.confirm.nothing')}</p>
        {scope && (
          <p class="status" data-testid="confirm-scope">
            {t('console.confirm.scope', { org: scope.orgId, sandbox: scope.sandbox })}
          </p>
        )}
        {sameData.length > 0 && (
          <section data-warning="sameData">
            <p class="reason">{t('console.confirm.sameData', { n: sameData.length })}</p>
            <ul>
              {sameData.slice(0, SHOWN_NAMES).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
              {sameData.length > SHOWN_NAMES && <li>{t('console.confirm.more', { n: sameData.length - SHOWN_NAMES })}</li>}
            </ul>
            <label class="queue" data-testid="confirm-hold-same">
              <input type="checkbox" checked={holdSame} onChange={(e) => setHoldSame((e.currentTarget as HTMLInputElement).checked)} />
              <span>{t('console.confirm.holdSame', { n: sameData.length })}</span>
            </label>
          </section>
        )}
        {plan.skipped.length > 0 && (
          <>
            <p data-testid="confirm-skipped">{t('console.confirm.skipped', { n: plan.skipped.length })}</p>
            {groupByRule(plan.skipped).map((g) => {
              const skipped = plan.skipped.filter((s) => s.rule === g.rule).map((s) => label(s.pair));
              return (
                <section key={g.rule} data-rule={g.rule}>
                  <p class="reason">{state.view?.reasons[g.rule] ?? g.rule}</p>
                  <ul>
                    {skipped.slice(0, SHOWN_NAMES).map((name, i) => (
                      <li key={i}>{name}</li>
                    ))}
                    {skipped.length > SHOWN_NAMES && <li>{t('console.confirm.more', { n: skipped.length - SHOWN_NAMES })}</li>}
                  </ul>
                </section>
              );
            })}
          </>
        )}
        {waitingCount > 0 && (
          <label class="queue" data-testid="confirm-queue">
            <input type="checkbox" checked={queue} onChange={(e) => setQueue((e.currentTarget as HTMLInputElement).checked)} />
            <span>
              {t('console.confirm.queue', { n: waitingCount })}
              <small>{t('console.confirm.queueNote')}</small>
            </span>
          </label>
        )}
        <div class="actions">
          <button type="button" onClick={() => actions.answerConfirm(false)}>
            {t('common.cancel')}
          </button>
          {go && (
            <button type="button" class="primary" onClick={() => actions.answerConfirm(true, { queue, holdSameData: holdSame })}>
              {now > 0 ? t('console.confirm.yes', { n: now }) : t('console.confirm.queueYes', { n: later })}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
