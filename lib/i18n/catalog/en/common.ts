/** English strings of the common area: the source; ../pt_BR/common.ts has the same keys. */
export default {
  'app.name': 'Bulk Export Now',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.confirm': 'Confirm',
} as const;
