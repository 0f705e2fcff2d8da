/**
 * Bundle sizes as a browser loads them: the content script file, and for the popup
 * every file popup.html references plus every chunk those import statically.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, normalize } from 'node:path';

export const gzipSize = (bytes: Uint8Array): number => gzipSync(bytes, { level: 9 }).length;

/** Files (root-relative) an HTML page loads: module scripts, modulepreloads, stylesheets. */
export function htmlAssets(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const rel = /\brel=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (!isScript && rel !== 'stylesheet' && rel !== 'modulepreload') continue;
    const url = (isScript ? /\bsrc=["']([^"']+)/i : /\bhref=["']([^"']+)/i).exec(tag)?.[1];
    if (url && !/^[a-z]+:/i.test(url)) out.push(url.replace(/^\//, ''));
  }
  return out;
}

/** Relative specifiers a minified ES module imports statically (`import ... from"./x.js"`, `import"./x.js"`). */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) out.add(m[1]!);
  return [...out];
}

/** Every file a page loads, following static imports from its scripts (paths relative to `dir`). */
export function pageFiles(dir: string, htmlFile: string): string[] {
  const seen = new Set<string>();
  const queue = htmlAssets(readFileSync(join(dir, htmlFile), 'utf8'));
  while (queue.length) {
    const file = normalize(queue.shift()!);
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    for (const spec of staticImports(readFileSync(join(dir, file), 'utf8'))) queue.push(join(dirname(file), spec));
  }
  return [...seen].sort();
}

export interface BundleSizes {
  content: { file: string; gzip: number };
  popup: { files: { file: string; gzip: number }[]; gzip: number };
}

export function bundleSizes(dir: string): BundleSizes {
  const size = (file: string) => ({ file, gzip: gzipSize(readFileSync(join(dir, file))) });
  const files = pageFiles(dir, 'popup.html').map(size);
  return {
    content: size('console.js'),
    popup: { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) },
  };
}
