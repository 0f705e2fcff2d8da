/** The report page's ReportSource: the background builds the rows (lib/present/report). */
import { sendCommand } from '@/lib/messages/client';
import type { ReportSource } from './Report';

export function realReportSource(): ReportSource {
  return {
    load: (route, scope, locale) => sendCommand('report.get', { route, scope, locale }),
    copy: (text) => navigator.clipboard.writeText(text),
    save(fileName, mime, text) {
      const url = URL.createObjectURL(new Blob([text], { type: mime }));
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
