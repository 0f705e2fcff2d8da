/** The page UI's ConsoleApi, answered by the background over the message protocol. */
import type { ConsoleApi } from '@/lib/console/api';
import { onEvents, sendCommand } from '@/lib/messages/client';

export function backgroundApi(): ConsoleApi {
  return {
    strings: async (locale) => (await sendCommand('strings.get', { locale })).strings,
    styles: () => sendCommand('styles.get', {}),
    getView: (route, sandbox, locale, frames) => sendCommand('view.get', { route, sandbox, locale, ...(frames.length > 0 && { frames }) }),
    startExport: (pairs, sandbox, scope, later = {}) =>
      sendCommand('exports.start', {
        pairs,
        origin: 'page',
        sandbox,
        ...(scope && { scope }),
        ...((later.queue || later.holdSameData) && { queue: true }),
        ...(later.holdSameData && { holdSameData: true }),
      }),
    retry: (jobId) => sendCommand('exports.retry', { jobId }),
    jobStatus: async (jobId, locale) => (await sendCommand('jobs.get', { jobId, locale })).job,
    onViewChanged: (cb) => onEvents(['view.changed', 'runs.changed', 'session.changed'], cb),
    tableLines: async () => (await sendCommand('diagnostics.tables', {})).lines,
    openReport(route, sandbox, locale) {
      sendCommand('report.open', { route, sandbox, locale }).catch(() => undefined);
    },
    openHistory(jobId) {
      // Fire and forget: a failure here only means no tab opened.
      sendCommand('history.open', jobId ? { jobId } : {}).catch(() => undefined);
    },
  };
}
