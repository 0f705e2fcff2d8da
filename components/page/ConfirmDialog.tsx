import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/console/i18n';
import { groupByRule, type ExportPlan } from '@/lib/console/plan';
import type { RuleId } from '@/lib/model';

interface Props {
  plan: ExportPlan;
  /** Each rule in plain words (the view's, in the page's language). */
  reasons: Partial<Record<RuleId, string>>;
  onConfirm(): void;
  onCancel(): void;
}

/** Confirmation before an export: how many go, how many are skipped and why. Esc cancels. */
export function ConfirmDialog({ plan, reasons, onConfirm, onCancel }: Props) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The user opened this dialog: moving focus into it is expected.
    first.current?.focus();
  }, []);
  const groups = groupByRule(plan.skipped);
  const count = plan.pairs.length;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <div class="overlay" onKeyDown={onKeyDown}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="ben-confirm-title">
        <h2 id="ben-confirm-title">{t('console.confirm.title')}</h2>
        <p data-testid="confirm-count">
          {count > 0 ? t('console.confirm.body', { n: count }) : t('console.confirm.nothing')}
        </p>
        {plan.skipped.length > 0 && (
          <>
            <p data-testid="confirm-skipped">{t('console.confirm.skipped', { n: plan.skipped.length })}</p>
            <ul>
              {groups.map((g) => (
                <li key={g.rule} data-rule={g.rule}>
                  {t('console.confirm.skipGroup', { n: g.count, reason: reasons[g.rule] ?? g.rule })}
                </li>
              ))}
            </ul>
          </>
        )}
        <div class="actions">
          <button type="button" ref={count > 0 ? undefined : first} onClick={onCancel}>
            {t('common.cancel')}
          </button>
          {count > 0 && (
            <button type="button" class="primary" ref={first} onClick={onConfirm}>
              {t('console.confirm.yes', { n: count })}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
