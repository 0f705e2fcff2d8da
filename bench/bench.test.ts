import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUDGETS, METRIC_NAMES } from './budgets';
import { clockOffset, ourTime, type CpuProfile } from './cpu-profile';
import { evaluate, failures, formatTable, median, passes } from './report';
import { bundleSizes, gzipSize, htmlAssets, pageFiles, staticImports } from './sizes';

describe('report', () => {
  test('median of odd and even counts, NaN for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  test('a budget passes at its limit, fails above it, and an exact count must match', () => {
    expect(passes(BUDGETS['badges.1000.ms'], 25)).toBe(true);
    expect(passes(BUDGETS['badges.1000.ms'], 25.01)).toBe(false);
    expect(passes(BUDGETS['bulk.posts'], 13)).toBe(true);
    expect(passes(BUDGETS['bulk.posts'], 12)).toBe(false);
    expect(passes(BUDGETS['badges.1000.ms'], Number.NaN)).toBe(false);
  });

  test('every budgeted metric gets a result; one not measured fails and says so', () => {
    const results = evaluate({ 'bulk.posts': { value: 13 }, 'badges.1000.ms': { value: 80, note: 'slow' } });
    expect(Object.keys(results)).toEqual(METRIC_NAMES);
    expect(results['bulk.posts']).toEqual({ value: 13, unit: 'count', budget: 13, pass: true });
    expect(results['badges.1000.ms']).toMatchObject({ pass: false, note: 'slow' });
    expect(results['idle.script.ms']).toMatchObject({ pass: false, note: 'not measured' });
    expect(failures(results)).not.toContain('bulk.posts');
    expect(failures(results)).toContain('badges.1000.ms');
  });

  test('a share reads in per cent, against its budget', () => {
    const table = formatTable(evaluate({ 'spectrum.overhead.script.share': { value: 0.0123 } }));
    expect(table).toContain('| 1.2 % | ≤ 5.0 % | pass |');
  });

  test('the table has a row per metric with value, budget and result', () => {
    const table = formatTable(evaluate({ 'bundle.content.gzip': { value: 19_500 } }));
    const lines = table.split('\n');
    expect(lines).toHaveLength(METRIC_NAMES.length + 2);
    expect(lines.find((l) => l.includes('content script'))).toMatch(/19\.50 kB \| ≤ 20\.00 kB \| pass/);
    expect(table).toContain('**FAIL**');
  });
});

describe('sizes', () => {
  test('html assets: module scripts, modulepreloads and stylesheets, not icons or external urls', () => {
    const html = `<script type="module" crossorigin src="/chunks/popup-1.js"></script>
      <link rel="modulepreload" crossorigin href="/chunks/store-2.js"><link rel="stylesheet" href="/assets/popup.css">
      <link rel="icon" href="/icon.png"><script src="https://cdn.example/x.js"></script>`;
    expect(htmlAssets(html)).toEqual(['chunks/popup-1.js', 'chunks/store-2.js', 'assets/popup.css']);
  });

  test('static imports of minified modules, not dynamic ones', () => {
    const code = 'import{a as b}from"./store-2.js";import"./side.js";const x=import("./lazy.js");export{b}';
    expect(staticImports(code)).toEqual(['./store-2.js', './side.js']);
  });

  test('a page weighs everything it loads, following chunk imports once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'popup.html'), '<script type="module" src="/chunks/popup.js"></script>');
    writeFileSync(join(dir, 'chunks/popup.js'), 'import{s}from"./store.js";import"./shared.js";s()');
    writeFileSync(join(dir, 'chunks/store.js'), 'import"./shared.js";export const s=()=>1');
    writeFileSync(join(dir, 'chunks/shared.js'), 'console.log(1)'.repeat(50));
    writeFileSync(join(dir, 'console.js'), 'x'.repeat(5000));
    expect(pageFiles(dir, 'popup.html')).toEqual(['chunks/popup.js', 'chunks/shared.js', 'chunks/store.js']);
    const sizes = bundleSizes(dir);
    expect(sizes.popup.files).toHaveLength(3);
    expect(sizes.popup.gzip).toBe(sizes.popup.files.reduce((s, f) => s + f.gzip, 0));
    expect(sizes.content.gzip).toBe(gzipSize(Buffer.from('x'.repeat(5000))));
    expect(sizes.content.gzip).toBeLessThan(5000);
  });
});

describe('cpu profile', () => {
  // root -> app -> ours -> querySelectorAll | getBoundingClientRect (natives: no URL); root -> (garbage collector)
  const node = (id: number, url: string, functionName = '', children?: number[]) => ({ id, callFrame: { url, functionName }, children });
  const profile: CpuProfile = {
    nodes: [
      node(1, '', '(root)', [2, 6]),
      node(2, 'http://127.0.0.1/app.js', 'render', [3]),
      node(3, 'chrome-extension://abc/console.js', 'process', [4, 5]),
      node(4, '', 'querySelectorAll'),
      node(5, '', 'getBoundingClientRect'),
      node(6, '', '(garbage collector)'),
    ],
    samples: [2, 3, 4, 5, 6, 2, 3],
    timeDeltas: [0, 100, 200, 400, 800, 1600, 3200],
  };
  const ours = (url: string) => url.startsWith('chrome-extension://abc/');

  test('our samples, DOM calls included, each for the time until the next; layout forced by our reads apart', () => {
    // process (200 µs) + querySelectorAll (400 µs); getBoundingClientRect (800 µs); the last sample has no end.
    expect(ourTime(profile, ours)).toEqual({ script: 0.6, layout: 0.8 });
    expect(ourTime(profile, (url) => url.startsWith('http://127.0.0.1/'))).toEqual({ script: 3.9, layout: 0.8 });
    expect(ourTime({ nodes: profile.nodes }, ours)).toEqual({ script: 0, layout: 0 });
  });

  test("a frame's clock maps onto the profile's from the first sample in the clock spin; only samples in given spans count", () => {
    const spin: CpuProfile = {
      nodes: [node(1, '', '(root)', [2, 3]), node(2, 'http://127.0.0.1/', 'benchClockSpin'), node(3, 'chrome-extension://abc/console.js', 'process')],
      startTime: 1_000_000,
      samples: [1, 2, 2, 3, 3, 1],
      timeDeltas: [0, 200, 200, 200, 200, 200],
    };
    // The spin began at the frame's 150 ms; its first sample is at 1,000,200 µs on the profile's clock.
    expect(clockOffset(spin, 150)).toBe(1_000_200 - 150_000);
    expect(clockOffset({ ...spin, samples: [1, 3, 3, 3, 3, 1] }, 150)).toBeNull();
    // Our two samples are at 1,000,600 and 1,000,800 µs: a span holding the first alone counts 200 µs.
    expect(ourTime(spin, ours, [[1_000_500, 1_000_700]]).script).toBe(0.2);
    expect(ourTime(spin, ours, [[0, 1]]).script).toBe(0);
  });

  test('a stall of the sampler after our sample counts as ours only when the next sample is ours too', () => {
    // Samples every 200 µs, then a 9 ms stall after `process` that ends in the app, and one that ends in ours.
    const stalled: CpuProfile = { ...profile, samples: [3, 2, 2, 3, 3, 2], timeDeltas: [0, 9000, 200, 200, 9000, 200] };
    // 200 µs (the usual interval) for the first stall, 9 ms for the second, 200 µs for the sample after it.
    expect(ourTime(stalled, ours)).toEqual({ script: 9.4, layout: 0 });
  });
});
