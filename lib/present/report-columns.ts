/** The eligibility report's fields, in order (CSV columns, JSON keys). No imports: the message protocol reads it. */
export const REPORT_COLUMNS = [
  'dataflowName',
  'dataflowId',
  'audienceName',
  'audienceId',
  'verdict',
  'rule',
  'reason',
  'untilLocal',
  'untilUtc',
  'warnings',
  'explanation',
] as const;

export type ReportRow = Record<(typeof REPORT_COLUMNS)[number], string>;
