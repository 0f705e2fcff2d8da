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

  it("removes a bare JWT in a server's text, as the exporter always did (one redactor for both)", () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    expect(redactSecrets(`The token ${jwt} has expired`)).not.toContain('eyJzdWIiOiJ1c2VyIn0');
    expect(redactSecrets(`invalid: ${jwt}`)).toBe('invalid: [redacted]');
  });

  it('keeps long names that are words, and removes long opaque strings', () => {
    const name = 'High_value_customers_who_purchased_in_the_last_90_days';
    expect(redactSecrets(`Audience ${name} failed`)).toBe(`Audience ${name} failed`);
    expect(redactSecrets('key 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b')).toBe('key [redacted]');
    expect(redactSecrets('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789aBcDeFgHiJkLmN')).toBe('[redacted]');
  });
});
