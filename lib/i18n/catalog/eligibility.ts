import type { Catalog } from '../types';

const en = {
  'verdict.eligible': 'Eligible',
} as const;

export default {
  en,
  pt_BR: {
    'verdict.eligible': 'Elegível',
  },
} satisfies Catalog<typeof en>;
