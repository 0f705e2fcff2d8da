/**
 * Putting our CSS into our shadow roots. The CSS itself (styles.ts) comes from the
 * background at start, like the page's strings: until then it is empty, and nothing is shown.
 */

import type { CommandResponse } from '@/lib/messages/protocol';

/** Our shadow roots' CSS, by what they hold: the shape `styles.get` answers with (its schema in protocol.ts). */
export type PageCss = CommandResponse<'styles.get'>;

let loaded: PageCss = { badge: '', ui: '', tip: '' };

export function loadPageCss(css: PageCss): void {
  loaded = css;
}

export const pageCss = (): PageCss => loaded;

/** One shared constructable sheet per CSS text and document, where the browser allows it. */
const sheets = new WeakMap<Document, Map<string, CSSStyleSheet | null>>();

export function applyCss(root: ShadowRoot, css: string): void {
  const doc = root.ownerDocument;
  let perDoc = sheets.get(doc);
  if (!perDoc) sheets.set(doc, (perDoc = new Map()));
  let sheet = perDoc.get(css);
  if (sheet === undefined) {
    sheet = null;
    try {
      const Ctor = doc.defaultView?.CSSStyleSheet;
      if (Ctor && 'adoptedStyleSheets' in root) {
        const s = new Ctor();
        s.replaceSync(css);
        sheet = s;
      }
    } catch {
      sheet = null;
    }
    perDoc.set(css, sheet);
  }
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Firefox content scripts may refuse sheets from the isolated world: use a <style>.
      perDoc.set(css, null);
    }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.appendChild(style);
}
