import type { Catalog } from '../types';

const en = {
  'app.name': 'Bulk Export Now',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.confirm': 'Confirm',
} as const;

export default {
  en,
  pt_BR: {
    'app.name': 'Bulk Export Now',
    'common.loading': 'Carregando…',
    'common.retry': 'Tentar novamente',
    'common.cancel': 'Cancelar',
    'common.close': 'Fechar',
    'common.confirm': 'Confirmar',
  },
} satisfies Catalog<typeof en>;
