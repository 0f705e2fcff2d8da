import type { Catalog } from '../types';

const en = {
  'console.launcher': 'Bulk Export Now',
} as const;

export default {
  en,
  pt_BR: {
    'console.launcher': 'Bulk Export Now',
  },
} satisfies Catalog<typeof en>;
