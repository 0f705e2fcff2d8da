import type { BadgeModel } from '@/lib/present/badges';

/** The same pill as the row badges, for the panel's list (text, icon and colour; the icon is CSS content, as on the badges). */
export function VerdictPill({ model }: { model: BadgeModel }) {
  return (
    <span class={`pill ${model.tone}`} title={model.tip.join('\n')} aria-label={model.aria} role="img" tabIndex={0}>
      <span>{model.text}</span>
    </span>
  );
}
