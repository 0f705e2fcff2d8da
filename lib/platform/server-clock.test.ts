import { describe, expect, it } from 'vitest';
import { createServerClock } from './server-clock';

describe('server clock', () => {
  const at = (iso: string) => Date.parse(iso);
  const header = (ms: number) => new Date(ms).toUTCString();

  it('reads the offset from a Date header, ahead and behind', () => {
    let browser = at('2026-11-30T10:00:00Z');
    const clock = createServerClock(() => browser);
    expect(clock.offset()).toBe(0);
    clock.observe(header(browser + 10 * 60_000), browser);
    expect(clock.offset()).toBe(10 * 60_000 + 500);
    browser += 1_000;
    expect(clock.now()).toBe(browser + 10 * 60_000 + 500);
    clock.observe(header(browser - 10 * 60_000), browser);
    expect(clock.offset()).toBe(-10 * 60_000 + 500);
  });

  it('does not flap on the header second: differences of a second or two are kept as they were', () => {
    const browser = at('2026-11-30T10:00:00.900Z');
    const clock = createServerClock(() => browser);
    clock.observe(header(browser + 60_000), browser);
    const first = clock.offset();
    clock.observe(header(browser + 61_000), browser);
    clock.observe(header(browser + 59_500), browser);
    expect(clock.offset()).toBe(first);
  });

  it('ignores a missing or unreadable header', () => {
    const clock = createServerClock(() => 0);
    clock.observe(null, 0);
    clock.observe('yesterday-ish', 0);
    clock.observe('', 0);
    expect(clock.offset()).toBe(0);
  });
});
