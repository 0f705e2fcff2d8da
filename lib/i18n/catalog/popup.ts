import type { Catalog } from '../types';

const en = {
  'popup.title': 'Recent exports',
} as const;

export default {
  en,
  pt_BR: {
    'popup.title': 'Exportações recentes',
  },
} satisfies Catalog<typeof en>;
