/**
 * The Unified Shell's own page (experience.adobe.com, the top frame): the Platform app runs
 * in one of its iframes, most likely the largest (console-contract.md). Its `src` tells the
 * background whether the content script can read that frame, and if not, what to do.
 */
export function appFrameSources(win: Window): string[] {
  if (win.parent !== win) return [];
  let best: HTMLIFrameElement | undefined;
  let area = 0;
  for (const frame of win.document.querySelectorAll('iframe')) {
    const box = frame.getBoundingClientRect();
    if (box.width * box.height > area) [best, area] = [frame, box.width * box.height];
  }
  return best?.src ? [best.src] : [];
}
