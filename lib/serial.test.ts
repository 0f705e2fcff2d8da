import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './serial';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createKeyedLock', () => {
  const stepper =
    (log: string[]) =>
    (name: string, ms: number, fail = false) =>
    async () => {
      log.push(`${name}>`);
      await later(ms);
      log.push(`<${name}`);
      if (fail) throw new Error(name);
      return name;
    };

  it("runs one key's exclusive work in call order, other keys alongside, and goes on after a failure", async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const step = stepper(log);
    const a1 = lock.exclusive('a', step('a1', 20, true));
    const a2 = lock.exclusive('a', step('a2', 1));
    const b1 = lock.exclusive('b', step('b1', 1));
    await expect(a1).rejects.toThrow('a1');
    await expect(a2).resolves.toBe('a2');
    await expect(b1).resolves.toBe('b1');
    // b1 ran while a1 was waiting; a2 only after a1 ended.
    expect(log.indexOf('<b1')).toBeLessThan(log.indexOf('<a1'));
    expect(log.indexOf('a2>')).toBeGreaterThan(log.indexOf('<a1'));
  });

  it('overlaps shared work, which waits for the exclusive work called before it and holds back the exclusive work called after', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const step = stepper(log);
    const all = [
      lock.exclusive('a', step('x1', 10)),
      lock.shared('a', step('s1', 20)),
      lock.shared('a', step('s2', 5)),
      lock.exclusive('a', step('x2', 1)),
      lock.shared('a', step('s3', 1)),
    ];
    await Promise.all(all);
    expect(log.indexOf('s1>')).toBeGreaterThan(log.indexOf('<x1'));
    // s2 started before s1 ended: they overlap.
    expect(log.indexOf('s2>')).toBeLessThan(log.indexOf('<s1'));
    expect(log.indexOf('x2>')).toBeGreaterThan(Math.max(log.indexOf('<s1'), log.indexOf('<s2')));
    expect(log.indexOf('s3>')).toBeGreaterThan(log.indexOf('<x2'));
  });
});
