/** The popup's browser side effects (clipboard, file download). */
import type { PopupEffects } from './source';

export const browserEffects: PopupEffects = {
  copy: (text) => navigator.clipboard.writeText(text),
  save(fileName, mime, text) {
    // A BOM so spreadsheet apps read the CSV's accents as UTF-8.
    const body = mime.startsWith('text/csv') ? `\uFEFF${text}` : text;
    const url = URL.createObjectURL(new Blob([body], { type: mime }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  now: () => Date.now(),
};
