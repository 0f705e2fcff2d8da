import { ERROR_KINDS } from '@/lib/store/schemas';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allTables } from '@/lib/i18n';
import type { ErrorKind } from '@/lib/model';
import { errorFromResponse, errorTexts, parseAlreadyRunning, parseOutOfSchedule, PlatformError } from './errors';
import { explainError, loadExplanations } from './explain';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../test/fixtures/platform/${name}`, import.meta.url), 'utf8'));

// Portuguese explanations come in a chunk of their own: loaded once, as the popup does before it renders.
beforeAll(() => loadExplanations('pt_BR'));

describe('error bodies', () => {
  it('reads the documented "already running" rejection with its ids', () => {
    const error = errorFromResponse(400, fixture('adhocrun-400-running.json'));
    expect(error.kind).toBe('alreadyRunning');
    expect(error.alreadyRunning).toEqual({
      audienceId: '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a01',
      flowId: '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01',
      runId: '4e5f6a7b-0000-4000-8000-0000000000b1',
    });
    expect(parseAlreadyRunning('RUN ALREADY GOING ON FOR SEGMENT segment:a1 for order f1 with run id r1.')).toEqual({
      audienceId: 'a1',
      flowId: 'f1',
      runId: 'r1',
    });
  });

  it('reads the "out of schedule range" rejection with the names, for segments and audiences', () => {
    const error = errorFromResponse(400, fixture('adhocrun-400-schedule.json'));
    expect(error.kind).toBe('outOfSchedule');
    expect(error.outOfScheduleNames).toEqual(['Black Friday 2026']);
    expect(parseOutOfSchedule('audiences Gold, Silver are not part of this dataflow or out of schedule range!')).toEqual(['Gold', 'Silver']);
  });

  it('reads a gateway 401 as an expired token', () => {
    const error = errorFromResponse(401, fixture('gateway-401.json'));
    expect(error).toMatchObject({ kind: 'auth', status: 401, authReason: 'expired', message: 'Oauth token is not valid' });
    expect(error.toInfo()).toEqual({ kind: 'auth', message: 'Oauth token is not valid', status: 401 });
    expect(errorFromResponse(401, { error_code: '401026', message: 'User does not have permission' }).authReason).toBe('permission');
  });

  it.each<[number, unknown, ErrorKind, string]>([
    [403, { error_code: '403003', message: 'Api Key is invalid' }, 'forbidden', 'Api Key is invalid'],
    [404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Flow not found' }, 'notFound', 'Flow not found'],
    [400, { type: 'x', title: 'Bad', status: 400, report: { 'detailed-message': 'Invalid property filter' } }, 'badRequest', 'Invalid property filter'],
    [
      400,
      { errorMessage: 'Number of audiences exceeds the maximum of 80 audiences' },
      'tooManyAudiences',
      'Number of audiences exceeds the maximum of 80 audiences',
    ],
    [500, { message: 'Internal error' }, 'server', 'Internal error'],
    [503, '<html>down</html>', 'server', '<html>down</html>'],
    [429, undefined, 'quota', 'HTTP 429'],
    [422, { report: { message: 'Unprocessable' } }, 'badRequest', 'Unprocessable'],
  ])('HTTP %i %j -> %s', (status, body, kind, message) => {
    const error = errorFromResponse(status, body);
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(message);
    expect(error.status).toBe(status);
  });

  it('keeps messages single-line and bounded', () => {
    const error = new PlatformError('server', `a\nb\u0000c${'x'.repeat(2000)}`);
    expect(error.message.startsWith('a b c')).toBe(true);
    expect(error.message.length).toBeLessThanOrEqual(500);
    expect(errorTexts({ errors: [{ message: 'one' }, { message: 'two' }] })).toEqual(['one', 'two']);
  });
});

describe('explainError', () => {
  // Every kind the store and the protocol know.
  const kinds: readonly ErrorKind[] = ERROR_KINDS;

  it('has a title and an action in en and pt_BR for every kind', () => {
    const { en, pt_BR } = allTables();
    for (const kind of [...kinds, 'authExpired']) {
      for (const part of ['title', 'action']) {
        expect(en[`error.${kind}.${part}`], `${kind}.${part}`).toBeTruthy();
        expect(pt_BR[`error.${kind}.${part}`], `${kind}.${part}`).toBeTruthy();
      }
    }
    for (const kind of kinds) expect(explainError({ kind, message: '' }, 'en').title).not.toMatch(/^error\./);
  });

  it('names the four permissions for 401/403 without an expired token, and says reload for an expired one', () => {
    for (const info of [
      { kind: 'auth' as const, message: 'User does not have permission' },
      { kind: 'forbidden' as const, message: '' },
    ]) {
      for (const locale of ['en', 'pt_BR'] as const) {
        const { action } = explainError(info, locale);
        for (const permission of ['View Destinations', 'Activate Destinations', 'View Profiles', 'View Segments']) expect(action).toContain(permission);
      }
    }
    expect(explainError({ kind: 'auth', message: 'Oauth token is not valid' }, 'en').action).toMatch(/Reload/);
    expect(explainError({ kind: 'auth', message: 'Oauth token is not valid' }, 'pt_BR').title).toBe('Sua sessão do console expirou');
  });
});
