/**
 * The extension service worker's JS heap through CDP. Playwright gives no CDP session on
 * a worker, so a page's session attaches to the worker's target (Target.attachToTarget,
 * not flattened) and speaks to it through Target.sendMessageToTarget.
 */
import type { Harness } from '../test/e2e/harness';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/**
 * Runtime.getHeapUsage's usedSize in bytes, as found (`before`) and after a forced GC
 * (`retained`: what the worker keeps, e.g. its caches; `before` swings with GC timing).
 */
export async function workerHeapUsed(h: Harness): Promise<{ before: number; retained: number }> {
  await h.serviceWorker(); // started if Chrome stopped it
  const page = await h.context.newPage();
  try {
    const cdp = await h.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${h.extensionId}/`));
    if (!worker) throw new Error('no service worker target for the extension');
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
    const waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
    cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
      const call = message.id === undefined ? undefined : waiting.get(message.id);
      if (!call) return;
      if (message.error) call.reject(new Error(JSON.stringify(message.error)));
      else call.resolve(message.result);
    });
    let nextId = 0;
    const call = async <R>(method: string): Promise<R> => {
      const id = ++nextId;
      const result = new Promise<R>((resolve, reject) => waiting.set(id, { resolve: resolve as (r: unknown) => void, reject }));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      return result;
    };
    const before = (await call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
    await call('HeapProfiler.collectGarbage');
    const retained = (await call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    return { before, retained };
  } finally {
    await page.close();
  }
}
