/** The page UI's ConsoleApi, answered by the background over the message protocol. */
import type { ConsoleApi } from '@/lib/console/api';
import { onPageEvents, sendPageCommand } from '@/lib/messages/page-client';

export function backgroundApi(): ConsoleApi {
  return {
    strings: async (locale) => (await sendPageCommand('strings.get', { locale })).strings,
    getView: (route, sandbox, locale, frames) => sendPageCommand('view.get', { route, sandbox, locale, ...(frames.length > 0 && { frames }) }),
    startExport: (pairs, sandbox, scope, later = {}) =>
      sendPageCommand('exports.start', {
        pairs,
        origin: 'page',
        sandbox,
        ...(scope && { scope }),
        ...((later.queue || later.holdSameData) && { queue: true }),
        ...(later.holdSameData && { holdSameData: true }),
      }),
    retry: (jobId) => sendPageCommand('exports.retry', { jobId }),
    jobStatus: async (jobId, locale) => (await sendPageCommand('jobs.get', { jobId, locale })).job,
    onViewChanged: (cb) => onPageEvents(['view.changed', 'runs.changed', 'session.changed'], cb),
    openReport(route, sandbox, locale) {
      sendPageCommand('report.open', { route, sandbox, locale }).catch(() => undefined);
    },
    openHistory(jobId) {
      // Fire and forget: a failure here only means no tab opened.
      sendPageCommand('history.open', jobId ? { jobId } : {}).catch(() => undefined);
    },
  };
}
