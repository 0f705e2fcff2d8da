import { startConsoleUi } from '@/components/page/console-ui';
import { CONSOLE_MATCHES } from '@/lib/origins';
import { backgroundApi } from './background-api';

export default defineContentScript({
  matches: [...CONSOLE_MATCHES],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    document.documentElement.dataset.bulkExportNow = 'ready';
    const ui = startConsoleUi({ api: backgroundApi() });
    // An extension update or reload invalidates this script: take everything we added off the page.
    ctx.onInvalidated(() => {
      ui.destroy();
      delete document.documentElement.dataset.bulkExportNow;
    });
  },
});
