/**
 * The frame protocol between a console page and its own frames.
 *
 * In the Unified Shell the page may render in an iframe while the shell's own URL
 * also names the route: a frame that shows the page tells its parent, and a parent
 * with such a child hides its own launcher, so there is only one. Nothing is said on
 * pagehide: the parent would drop it (its source is null after a navigation, and a
 * removed frame is no longer one of the parent's), and Firefox cancels a closing or
 * navigated page's script at that call ("Script terminated by timeout").
 */

const FRAME_MESSAGE = 'bulk-export-now:frame-route';
/** A parent whose script started late asks its frames to announce again. */
const FRAME_QUERY = 'bulk-export-now:frame-query';

export interface Frames {
  /** True while one of this page's own frames shows a console route. */
  childShowing(): boolean;
  /** Tells the parent (if any) whether this frame shows a route. */
  announce(active: boolean): void;
  /** Asks this page's frames to announce again. */
  ask(): void;
  /** Each route poll: forgets children that did not answer the last query, and asks again. */
  sweep(): void;
}

/**
 * `showing`: whether this frame shows a console route now (a parent's query is answered
 * then); `changed`: the frames showing a route changed (show or hide the launcher).
 * Stops listening with `signal`.
 */
export function watchFrames(win: Window, signal: AbortSignal, showing: () => boolean, changed: () => void): Frames {
  const activeChildren = new Set<unknown>();
  // A child that left (navigated away, removed) cannot say so: children answer a query on
  // each route poll, and one that missed a round stops hiding the launcher.
  let answered = new Set<unknown>();

  function announce(active: boolean): void {
    if (win.parent && win.parent !== win) {
      try {
        // To the console's own origin only: a frame of another site learns nothing.
        win.parent.postMessage({ type: FRAME_MESSAGE, active }, win.location.origin);
      } catch {
        // A parent we cannot reach has no launcher of ours to hide.
      }
    }
  }
  function ask(): void {
    for (let i = 0; i < win.frames.length; i++) {
      try {
        win.frames[i]?.postMessage({ type: FRAME_QUERY }, win.location.origin);
      } catch {
        // A frame that went away meanwhile has nothing to say.
      }
    }
  }
  /** One of this page's own frames: a third-party frame in the shell cannot hide our launcher. */
  function isOwnFrame(source: MessageEventSource | null): boolean {
    for (let i = 0; i < win.frames.length; i++) if (win.frames[i] === source) return true;
    return false;
  }
  function onMessage(event: MessageEvent): void {
    // The console's frames share its origin; anything else is not ours to listen to.
    if (event.origin !== win.location.origin) return;
    const data = event.data as { type?: unknown; active?: unknown } | null;
    if (data && data.type === FRAME_QUERY && event.source === win.parent && win.parent !== win) {
      if (showing()) announce(true);
      return;
    }
    if (!data || data.type !== FRAME_MESSAGE || !isOwnFrame(event.source)) return;
    if (data.active === true) {
      activeChildren.add(event.source);
      answered.add(event.source);
    } else activeChildren.delete(event.source);
    changed();
  }
  win.addEventListener('message', onMessage, { signal });

  return {
    childShowing: () => activeChildren.size > 0,
    announce,
    ask,
    sweep() {
      if (activeChildren.size === 0) return;
      for (const child of activeChildren) if (!answered.has(child)) activeChildren.delete(child);
      answered = new Set();
      changed();
      ask();
    },
  };
}
