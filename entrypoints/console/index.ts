/**
 * The content script of the console's frames. An unlisted script that the manifest lists
 * itself (wxt.config.ts), not a WXT content script: WXT's content script context costs
 * about 1 kB of the page's 20 kB budget, and we use one thing of it, below. So route
 * changes are followed by our own watching (components/page/route.ts), not by the
 * context's `wxt:locationchange`, and our listeners and timers stop with our own destroy().
 */
import { startConsoleUi } from '@/components/page/console-ui';
import { backgroundApi } from './background-api';

/** Heard by the script of an earlier install of this extension still running in the page. */
const STARTED = 'bulk-export-now:started';

export default defineUnlistedScript(() => {
  // An update or a reload leaves the old script in open pages, cut off from the extension:
  // the new one says it started, and the old one takes everything it added off the page.
  document.dispatchEvent(new CustomEvent(STARTED));
  // Tells tests and bug reports that the script runs in this frame. Not OUR_ATTR:
  // everything carrying that is removed on route change.
  document.documentElement.dataset.bulkExportNowScript = 'ready';
  const ui = startConsoleUi({ api: backgroundApi() });
  const stop = () => {
    clearInterval(alive);
    document.removeEventListener(STARTED, stop);
    ui.destroy();
    delete document.documentElement.dataset.bulkExportNowScript;
  };
  // Disabled or removed with no successor: the runtime's id goes away.
  const alive = setInterval(() => browser.runtime?.id || stop(), 5_000);
  document.addEventListener(STARTED, stop);
});
