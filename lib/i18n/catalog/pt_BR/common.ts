/** Brazilian Portuguese of ../common.ts, in its own module so a page may load it only when its locale is pt_BR. */
import type en from '../en/common';

export default {
  'app.name': 'Bulk Export Now',
  'common.loading': 'Carregando…',
  'common.retry': 'Tentar novamente',
  'common.cancel': 'Cancelar',
  'common.close': 'Fechar',
  'common.confirm': 'Confirmar',
} satisfies { [K in keyof typeof en]: string };
