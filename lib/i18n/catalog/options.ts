import type { Catalog } from '../types';

const en = {
  'options.title': 'Bulk Export Now settings',
} as const;

export default {
  en,
  pt_BR: {
    'options.title': 'Configurações do Bulk Export Now',
  },
} satisfies Catalog<typeof en>;
