import type { Catalog } from '../types';

const en = {
  'error.unknown': 'Something went wrong.',
} as const;

export default {
  en,
  pt_BR: {
    'error.unknown': 'Algo deu errado.',
  },
} satisfies Catalog<typeof en>;
