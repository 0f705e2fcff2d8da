import { t } from './i18n';
import { finishedOf, percentDone, totalOf } from '@/lib/history/actions';
import type { JobSummary } from './source';

/** Segments in colour, but the text below carries the same numbers (not colour only). */
export function ProgressBar({ job }: { job: JobSummary }) {
  const total = totalOf(job);
  const { success, failed, running, skipped, pending } = job.counts;
  const width = (n: number) => `${total === 0 ? 0 : (n / total) * 100}%`;
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
        <span class="seg success" style={{ width: width(success) }} />
        <span class="seg failed" style={{ width: width(failed) }} />
        <span class="seg skipped" style={{ width: width(skipped) }} />
        <span class="seg running" style={{ width: width(running) }} />
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
