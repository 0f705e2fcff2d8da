import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import type { MessageKey } from './i18n';
import type { StatusFilter } from '@/lib/history/types';
import type { HistoryFilter } from './source';

const STATUSES: StatusFilter[] = ['all', 'active', 'failed', 'done', 'cancelled'];
/** Typing pauses this long before the store is asked again. */
const SEARCH_DELAY_MS = 250;

export interface HistoryFiltersProps {
  filter: HistoryFilter;
  dataflows: { id: string; name: string }[];
  onChange: (filter: HistoryFilter) => void;
}

export function HistoryFilters({ filter, dataflows, onChange }: HistoryFiltersProps) {
  const [text, setText] = useState(filter.search ?? '');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const latest = useRef(filter);
  latest.current = filter;

  useEffect(() => () => clearTimeout(timer.current), []);

  const applySearch = (value: string) => {
    clearTimeout(timer.current);
    const search = value.trim() || undefined;
    if (search !== latest.current.search) onChange({ ...latest.current, search });
  };

  return (
    <form
      class="filters"
      role="search"
      aria-label={t('popup.filter.label')}
      onSubmit={(event) => {
        event.preventDefault();
        applySearch(text);
      }}
    >
      <label>
        <span>{t('popup.filter.status')}</span>
        <select
          name="status"
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: (e.currentTarget as HTMLSelectElement).value as StatusFilter })}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`popup.filter.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('popup.filter.dataflow')}</span>
        <select
          name="dataflow"
          value={filter.flowId ?? ''}
          onChange={(e) => onChange({ ...filter, flowId: (e.currentTarget as HTMLSelectElement).value || undefined })}
        >
          <option value="">{t('popup.filter.dataflow.all')}</option>
          {dataflows.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label class="search">
        <span>{t('popup.search')}</span>
        <input
          type="search"
          name="search"
          value={text}
          placeholder={t('popup.search.placeholder')}
          onInput={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            setText(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => applySearch(value), SEARCH_DELAY_MS);
          }}
        />
      </label>
    </form>
  );
}
