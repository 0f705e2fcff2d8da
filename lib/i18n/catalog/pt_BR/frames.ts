/** Brazilian Portuguese of ../frames.ts, in its own module so a page may load it only when its locale is pt_BR. */
import type en from '../en/frames';

export default {
  'frames.unreadable': 'Aqui a Experience Platform roda em um quadro de {origin}, que o Bulk Export Now ainda não consegue ler.',
  'frames.pageAction': 'Para permitir, abra o Bulk Export Now pela barra de ferramentas do navegador e escolha Conceder acesso.',
  'frames.title': 'O Bulk Export Now ainda não consegue ler este console',
  'frames.grant': 'Conceder acesso',
  'frames.granted': 'Acesso concedido a {origin}. Recarregue a aba do console: o status de exportação aparecerá ao lado de cada fluxo de dados.',
  'frames.denied': 'O navegador não concedeu acesso a {origin}. Nada mudou.',
  'frames.failed': 'Não foi possível conceder acesso a {origin}: {message}',
  'frames.legend': 'Quadros do console',
  'frames.intro':
    'Quando o console mostra a Experience Platform em um quadro de outro host da Adobe, o Bulk Export Now precisa da sua permissão para lê-lo. Só hosts da Adobe podem ser permitidos aqui.',
  'frames.none': 'Nenhum: o console roda onde o Bulk Export Now espera.',
  'frames.seen': 'Visto, ainda não legível:',
  'frames.allowed': 'Permitido:',
  'frames.remove': 'Remover',
  'frames.removed': 'Acesso a {origin} removido. Recarregue a aba do console.',
} satisfies { [K in keyof typeof en]: string };
