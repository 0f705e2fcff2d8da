import type { Catalog } from '../types';

/** When the console's Platform app runs in a frame from an Adobe host we cannot read yet (lib/frame-origins). */
const en = {
  'frames.unreadable': 'Experience Platform runs here in a frame from {origin}, which Bulk Export Now cannot read yet.',
  'frames.pageAction': 'To allow it, open Bulk Export Now from the browser toolbar and choose Grant access.',
  'frames.title': 'Bulk Export Now cannot read this console yet',
  'frames.grant': 'Grant access',
  'frames.granted': 'Access granted to {origin}. Reload the console tab: the export status will appear next to each dataflow.',
  'frames.denied': 'The browser did not grant access to {origin}. Nothing changed.',
  'frames.failed': 'Could not grant access to {origin}: {message}',
  'frames.legend': 'Console frames',
  'frames.intro': 'When the console shows Experience Platform in a frame from another Adobe host, Bulk Export Now needs your permission to read it. Only Adobe hosts can be allowed here.',
  'frames.none': 'None: the console runs where Bulk Export Now expects it.',
  'frames.seen': 'Seen, not readable yet:',
  'frames.allowed': 'Allowed:',
  'frames.remove': 'Remove',
  'frames.removed': 'Access to {origin} removed. Reload the console tab.',
} as const;

export default {
  en,
  pt_BR: {
    'frames.unreadable': 'Aqui a Experience Platform roda em um quadro de {origin}, que o Bulk Export Now ainda não consegue ler.',
    'frames.pageAction': 'Para permitir, abra o Bulk Export Now pela barra de ferramentas do navegador e escolha Conceder acesso.',
    'frames.title': 'O Bulk Export Now ainda não consegue ler este console',
    'frames.grant': 'Conceder acesso',
    'frames.granted': 'Acesso concedido a {origin}. Recarregue a aba do console: o status de exportação aparecerá ao lado de cada fluxo de dados.',
    'frames.denied': 'O navegador não concedeu acesso a {origin}. Nada mudou.',
    'frames.failed': 'Não foi possível conceder acesso a {origin}: {message}',
    'frames.legend': 'Quadros do console',
    'frames.intro': 'Quando o console mostra a Experience Platform em um quadro de outro host da Adobe, o Bulk Export Now precisa da sua permissão para lê-lo. Só hosts da Adobe podem ser permitidos aqui.',
    'frames.none': 'Nenhum: o console roda onde o Bulk Export Now espera.',
    'frames.seen': 'Visto, ainda não legível:',
    'frames.allowed': 'Permitido:',
    'frames.remove': 'Remover',
    'frames.removed': 'Acesso a {origin} removido. Recarregue a aba do console.',
  },
} satisfies Catalog<typeof en>;
