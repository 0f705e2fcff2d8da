// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { anchorDepth, anchorOf, BOX_WIDTH, chooseForm, ICON_WIDTH, MINI_ROOM, nameElement } from './fit';

describe('the form a badge takes (pure)', () => {
  // A name cell of 168 px shared by a name and a 120 px badge with our 6 px margin.
  // Measured with the full badge in place: the name overflows by some pixels unless it fits.
  const cell = { room: 168, need: 0, overflow: 1, spacing: 6, endPadding: 16 };

  it('full when the name shows whole beside the words', () => {
    expect(chooseForm({ ...cell, need: 42, overflow: 0 }, false).form).toBe('full');
    // A name cut by a pixel with the words beside it: the icon, not the words.
    expect(chooseForm({ ...cell, need: 43 }, false).form).toBe('icon');
  });

  it('the icon when the name leaves room for it but not for the words', () => {
    expect(chooseForm({ ...cell, need: 168 - 6 - ICON_WIDTH }, false).form).toBe('icon');
    // With our checkbox the icon needs 18 px more: not enough, so the mark in the end padding.
    expect(chooseForm({ ...cell, need: 168 - 6 - ICON_WIDTH - BOX_WIDTH + 1 }, true).form).toBe('mini');
  });

  it('the mini mark when there is no room at all, as long as the end padding holds it', () => {
    expect(chooseForm({ ...cell, need: 160 }, false).form).toBe('mini');
    // A name cut anyway gets the mark too: it costs the name nothing.
    expect(chooseForm({ ...cell, need: 400 }, false).form).toBe('mini');
    expect(chooseForm({ ...cell, need: 160, endPadding: MINI_ROOM - 1 }, false).form).toBe('icon');
  });

  it("counts the console's own gap before the badge, and takes it back in the mini form", () => {
    // An 8 px flex gap: the icon costs 8 + 6 + 20 = 34.
    const gapped = { ...cell, spacing: 14 };
    expect(chooseForm({ ...gapped, need: 168 - 33 }, false).form).toBe('mini');
    expect(chooseForm({ ...gapped, need: 168 - 34 }, false).form).toBe('icon');
    expect(chooseForm(gapped, false).miniMargin).toBe(-8);
    expect(chooseForm({ ...cell, overflow: 0 }, false).miniMargin).toBe(0);
  });
});

describe('where the badge goes in a name cell', () => {
  beforeEach(() => document.body.replaceChildren());

  function cell(html: string): HTMLElement {
    const el = document.createElement('div');
    el.setAttribute('role', 'rowheader');
    el.innerHTML = html;
    document.body.append(el);
    return el;
  }

  it('React Spectrum: after the clipping contents span, not inside it', () => {
    const c = cell('<span style="overflow-x:hidden;text-overflow:ellipsis"><a href="#/x">Alpha</a></span>');
    expect(nameElement(c).tagName).toBe('A');
    expect(anchorDepth(c, window)).toBe(1);
    expect(anchorOf(c, 1).tagName).toBe('SPAN');
  });

  it('React Spectrum without links: the contents span holds the text itself', () => {
    const c = cell('<span style="overflow-x:hidden">Alpha</span>');
    expect(nameElement(c).tagName).toBe('SPAN');
    expect(anchorOf(c, anchorDepth(c, window)).tagName).toBe('SPAN');
  });

  it("a plain table: after the clipping link, inside its flex wrapper with the console's checkbox", () => {
    const c = cell('<span class="name-cell"><input type="checkbox"><a href="#/x" style="overflow-x:hidden">Alpha</a></span>');
    expect(anchorDepth(c, window)).toBe(0);
    expect(anchorOf(c, 0).tagName).toBe('A');
  });

  it('text spread over several children: the cell itself', () => {
    const c = cell('<span>Al</span><span>pha</span>');
    expect(nameElement(c)).toBe(c);
  });
});
