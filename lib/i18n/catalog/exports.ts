import type { Catalog } from '../types';

const en = {
  'exports.noSession': 'No console session for this organisation and sandbox. Open or reload the Destinations page in Experience Platform.',
  'exports.otherScope': 'This console tab works in another organisation or sandbox than {org} / {sandbox}: reload the page and export again.',
  'exports.paused.auth': 'Paused: the console session expired. Reload the Experience Platform console page; the export resumes by itself.',
  'exports.unknownOutcome': 'No answer was received for this export request; it is checked against the dataflow runs before anything is sent again.',
  'exports.noRunInAnswer': 'Experience Platform accepted the request but named no run for this audience.',
  'exports.notRetryable': 'Nothing to retry in this job.',
  'exports.notify.title': 'Bulk export finished',
  'exports.notify.queueTitle': 'Queued exports are waiting',
  'exports.notify.queueSession': '{n} queued audiences can go now, but there is no console session: open the Experience Platform console in this browser.',
  'exports.notify.queueSession#one': '{n} queued audience can go now, but there is no console session: open the Experience Platform console in this browser.',
  'exports.notify.body': '{success} succeeded, {failed} failed, {skipped} skipped.',
  'exports.notify.cancelled': 'Bulk export cancelled: {success} succeeded, {failed} failed, {cancelled} cancelled.',
} as const;

export default {
  en,
  pt_BR: {
    'exports.noSession': 'Nenhuma sessão do console para esta organização e sandbox. Abra ou atualize a página Destinos na Experience Platform.',
    'exports.otherScope': 'Esta aba do console trabalha em outra organização ou sandbox que não {org} / {sandbox}: recarregue a página e exporte de novo.',
    'exports.paused.auth': 'Pausado: a sessão do console expirou. Atualize a página do console da Experience Platform; a exportação continua sozinha.',
    'exports.unknownOutcome':
      'Nenhuma resposta foi recebida para esta solicitação de exportação; ela é conferida nas execuções do fluxo de dados antes de qualquer reenvio.',
    'exports.noRunInAnswer': 'A Experience Platform aceitou a solicitação, mas não indicou nenhuma execução para este público.',
    'exports.notRetryable': 'Não há nada para tentar novamente neste trabalho.',
    'exports.notify.title': 'Exportação em massa concluída',
    'exports.notify.queueTitle': 'Exportações agendadas aguardando',
    'exports.notify.queueSession':
      '{n} públicos-alvo agendados já podem ir, mas não há sessão do console: abra o console do Experience Platform neste navegador.',
    'exports.notify.queueSession#one':
      '{n} público-alvo agendado já pode ir, mas não há sessão do console: abra o console do Experience Platform neste navegador.',
    'exports.notify.body': '{success} com sucesso, {failed} com falha, {skipped} ignorados.',
    'exports.notify.cancelled': 'Exportação em massa cancelada: {success} com sucesso, {failed} com falha, {cancelled} cancelados.',
  },
} satisfies Catalog<typeof en>;
