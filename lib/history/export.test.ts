import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, historyRows, REDACTED, scrubSecrets, toCsv, toJson } from './export';
import { aJob, aRun } from './fixtures';
import { parseCsv } from '@/test/csv';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('csvCell', () => {
  it('quotes cells with quotes, commas and newlines, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
  });

  it('guards cells that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('guards a formula behind leading blanks or in full-width signs, as a spreadsheet reads them', () => {
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('\u00a0=1+1')).toBe("'\u00a0=1+1");
    expect(csvCell('\u200b+1')).toBe("'\u200b+1");
    expect(csvCell('＝1+1')).toBe("'＝1+1");
    expect(csvCell('＠SUM(A1)')).toBe("'＠SUM(A1)");
  });

  it('quotes cells with a semicolon: spreadsheets in Brazilian Portuguese split on it', () => {
    expect(csvCell('Clientes; São Paulo')).toBe('"Clientes; São Paulo"');
  });
});

describe('historyRows / toCsv', () => {
  const job = aJob();
  const runs = [
    aRun({ audienceId: 'a1', audienceName: 'Gold, "VIP"\nmembers' }),
    aRun({
      audienceId: 'a2',
      audienceName: '=cmd|calc',
      status: 'failed',
      runId: undefined,
      recordCount: undefined,
      error: { kind: 'outOfSchedule', message: 'Segments X are not part of this dataflow or out of schedule range!' },
    }),
    { unreadable: true as const, id: 'job-1|flow-1|a3', reason: 'status: invalid value' },
  ];

  it('writes one row per run with the header first, round-tripping awkward text', () => {
    const parsed = parseCsv(toCsv(historyRows([{ job, runs }])));
    expect(parsed[0]).toEqual([...CSV_COLUMNS]);
    expect(parsed).toHaveLength(4);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(parsed[1]![col('audienceName')]).toBe('Gold, "VIP"\nmembers');
    expect(parsed[1]![col('recordCount')]).toBe('1200');
    expect(parsed[2]![col('audienceName')]).toBe("'=cmd|calc");
    expect(parsed[2]![col('status')]).toBe('failed');
    expect(parsed[2]![col('errorKind')]).toBe('outOfSchedule');
    expect(parsed[2]![col('recordCount')]).toBe('');
    expect(parsed[3]![col('status')]).toBe('unreadable');
    expect(parsed[3]![col('jobId')]).toBe('job-1');
    expect(parsed.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('says which failures a retry sent again, and in which job, in CSV and JSON', () => {
    const entries = [{ job, runs: [aRun({ audienceId: 'a1', status: 'failed', retriedIn: 'job-2' }), aRun({ audienceId: 'a2', status: 'failed' })] }];
    const parsed = parseCsv(toCsv(historyRows(entries)));
    const col = CSV_COLUMNS.indexOf('retriedIn');
    expect(parsed[0]![col]).toBe('retriedIn');
    expect(parsed.slice(1).map((r) => r[col])).toEqual(['job-2', '']);
    const json = JSON.parse(toJson([{ job: aJob({ counts: { ...job.counts, retried: 1 } }), runs: entries[0]!.runs }], 0));
    expect(json.jobs[0].runs.map((r: { retriedIn?: string }) => r.retriedIn)).toEqual(['job-2', undefined]);
    expect(json.jobs[0].counts.retried).toBe(1);
  });

  it('still lists a job whose runs were not loaded, and an unreadable job', () => {
    const rows = historyRows([
      {
        job: aJob({
          id: 'j2',
          dataflows: [
            { id: 'f1', name: 'A' },
            { id: 'f2', name: 'B' },
          ],
        }),
        runs: [],
      },
      { job: { unreadable: true, id: 'j3', reason: 'bad' }, runs: [] },
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ jobId: 'j2', dataflowId: 'f1 f2', dataflowName: 'A | B' });
    expect(rows[1]).toMatchObject({ jobId: 'j3', status: 'unreadable', errorMessage: 'bad' });
  });
});

describe('no credentials in exports', () => {
  it('scrubs bearer tokens, JWTs, key=value secrets and long opaque strings', () => {
    expect(scrubSecrets(`sent Authorization: Bearer ${TOKEN} to host`)).not.toContain(TOKEN);
    expect(scrubSecrets(`token ${TOKEN}`)).toBe(`token ${REDACTED}`);
    expect(scrubSecrets('x-api-key=acp_ui_platform failed')).toBe(`x-api-key=${REDACTED} failed`);
    expect(scrubSecrets('A'.repeat(60))).toBe(REDACTED);
    // An ordinary long audience name is a name, not a secret.
    expect(scrubSecrets('High_value_customers_who_purchased_in_the_last_90_days')).toBe('High_value_customers_who_purchased_in_the_last_90_days');
    expect(scrubSecrets('Oauth token is not valid')).toBe('Oauth token is not valid');
    expect(scrubSecrets('run 3f2504e0-4f89-11d3-9a0c-0305e82c3301 failed')).toContain('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
  });

  it('never carries token-looking fields or values into CSV or JSON', () => {
    const leaky = {
      ...aRun({ status: 'failed', error: { kind: 'auth', status: 401, message: `401 with Bearer ${TOKEN}` } }),
      // Fields a careless store could add: the export must not copy unknown keys.
      authorization: `Bearer ${TOKEN}`,
      apiKey: 'secret-key',
      statusURL: 'https://platform.adobe.io/data/foundation/flowservice/runs/r1',
    };
    const job = { ...aJob({ pauseReason: { kind: 'auth', message: `token=${TOKEN}` } }), authorization: `Bearer ${TOKEN}` };
    const entries = [{ job, runs: [leaky] }];
    const csv = toCsv(historyRows(entries));
    const json = toJson(entries, Date.UTC(2026, 10, 28));
    for (const text of [csv, json]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('secret-key');
      expect(text).not.toMatch(/authorization|apiKey|bearer|statusURL/i);
    }
    const parsed = JSON.parse(json);
    expect(parsed.jobs[0].runs[0]).toMatchObject({ status: 'failed', error: { kind: 'auth', status: 401 } });
    expect(parsed.jobs[0].counts).toEqual(aJob().counts);
  });
});
