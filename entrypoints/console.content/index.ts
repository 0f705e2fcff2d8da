import { startConsoleUi } from '@/components/page/console-ui';
import { CONSOLE_MATCHES } from '@/lib/origins';
import { backgroundApi } from './background-api';

export default defineContentScript({
  matches: [...CONSOLE_MATCHES],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    // Tells tests and bug reports that the script runs in this frame. Not OUR_ATTR:
    // everything carrying that is removed on route change.
    document.documentElement.dataset.bulkExportNowScript = 'ready';
    const ui = startConsoleUi({ api: backgroundApi() });
    // An extension update or reload invalidates this script: take everything we added off the page.
    ctx.onInvalidated(() => {
      ui.destroy();
      delete document.documentElement.dataset.bulkExportNowScript;
    });
  },
});
