import type { BadgeModel } from '@/lib/present/badges';

/**
 * The same pill as the row badges, for the panel's list (text, icon and colour; the icon is
 * CSS content, as on the badges), with its reason written under it, not kept in a title.
 */
export function VerdictPill({ model }: { model: BadgeModel }) {
  return (
    <>
      <span class={`pill ${model.tone}`}>{model.text}</span>
      {model.tone !== 'eligible' && model.tip[0] && <span class="reason">{model.tip[0]}</span>}
    </>
  );
}
