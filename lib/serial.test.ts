import { describe, expect, it } from 'vitest';
import { createKeyedSerial } from './serial';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createKeyedSerial', () => {
  it("runs one key's work in call order, other keys alongside, and goes on after a failure", async () => {
    const serial = createKeyedSerial();
    const log: string[] = [];
    const step =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`${name}>`);
        await later(ms);
        log.push(`<${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const a1 = serial('a', step('a1', 20, true));
    const a2 = serial('a', step('a2', 1));
    const b1 = serial('b', step('b1', 1));
    await expect(a1).rejects.toThrow('a1');
    await expect(a2).resolves.toBe('a2');
    await expect(b1).resolves.toBe('b1');
    // b1 ran while a1 was waiting; a2 only after a1 ended.
    expect(log.indexOf('<b1')).toBeLessThan(log.indexOf('<a1'));
    expect(log.indexOf('a2>')).toBeGreaterThan(log.indexOf('<a1'));
  });
});
