import { t } from './i18n';
import { finishedOf, percentDone, totalOf } from '@/lib/history/actions';
import type { JobSummary } from './source';

/** Segments in colour, but the text below carries the same numbers (not colour only). */
export function ProgressBar({ job }: { job: JobSummary }) {
  const total = totalOf(job);
  const { success, failed, running, skipped, pending } = job.counts;
  // Only the segments with runs, each styled by one string: 50 jobs x 4 style objects
  // were a visible share of the popup's first render.
  const seg = (kind: string, n: number) => n > 0 && total > 0 && <span class={`seg ${kind}`} style={`width:${(n / total) * 100}%`} />;
  const summary = t('popup.job.progress', { done: finishedOf(job), total, percent: percentDone(job) });
  const counts = t('popup.job.counts', { success, failed, running, skipped });
  return (
    <div class="progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finishedOf(job)}
        aria-valuetext={`${summary}. ${counts}`}
      >
        {seg('success', success)}
        {seg('failed', failed)}
        {seg('skipped', skipped)}
        {seg('running', running)}
      </div>
      <p class="progress-text">
        {summary}
        <br />
        <span class="ben-muted">
          {counts}
          {pending > 0 && ` · ${t('popup.job.pending', { n: pending })}`}
        </span>
      </p>
    </div>
  );
}
