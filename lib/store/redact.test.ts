import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactSecrets } from './redact';

const tokenChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-~+/='.split(''));
const token = fc.string({ unit: tokenChars, minLength: 8, maxLength: 60 }).filter((s) => /[a-z0-9]{4}/i.test(s));

describe('redactSecrets', () => {
  it('removes a bearer token wherever it appears in a text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), token, fc.string({ maxLength: 40 }), (before, secret, after) => {
        const out = redactSecrets(`${before} Bearer ${secret} ${after}`);
        expect(out).not.toContain(secret);
      }),
    );
  });

  it('removes header values echoed as name: value or name=value', () => {
    expect(redactSecrets('x-api-key: acp_ui_platform, authorization=Bearer abc.def')).toBe('x-api-key: [redacted], authorization=[redacted]');
    expect(redactSecrets('Run already going on for audience a1 for order f1 with run id r1')).toBe(
      'Run already going on for audience a1 for order f1 with run id r1',
    );
  });
});
