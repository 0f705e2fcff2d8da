import { CONSOLE_MATCHES } from '@/lib/origins';

export default defineContentScript({
  matches: [...CONSOLE_MATCHES],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.bulkExportNow = 'ready';
  },
});
