import type { Catalog } from '../types';

const en = {
  'rule.notBatchFile': 'Only batch file-based destinations (cloud storage, email marketing) can export a file now.',
  'rule.dataflowDisabled': 'This dataflow is disabled. Enable it to export.',
  'rule.notMapped': 'This audience is not mapped to this dataflow.',
  'rule.scheduleEnded': 'The audience’s export schedule on this dataflow has ended: extend its end date in the dataflow to export it.',
  'rule.scheduleEnded.on': 'The audience’s export schedule on this dataflow ended on {date}: extend its end date in the dataflow to export it.',
  'rule.scheduleNotStarted': 'The audience’s export schedule has not started yet. It can be exported from its start date.',
  'rule.activatedUnderOneHour': 'The audience was activated on this dataflow less than an hour ago. It can be exported one hour after activation.',
  'rule.mergePolicyChanged': 'The audience’s merge policy changed in the last 24 hours. It can be exported 24 hours after the change.',
  'rule.audienceRecentlyUpdated': 'The audience was edited in the last 24 hours; if its merge policy changed, the export may be rejected.',
  'rule.scheduledExportProcessing': 'A scheduled export for this audience is still processing. It can be exported when that run ends.',
  'rule.adhocRunInProgress': 'An export of this audience is already running on this dataflow.',
  'rule.sameData': 'Exported now since its last scheduled export: exporting it again sends the same data until the next scheduled export has run.',
  'rule.sameData.at': 'Same data as the export at {time}; new data after the next scheduled export, about {next}.',
  'rule.sameData.atUnknown': 'Same data as the export at {time}; new data after the next scheduled export has run.',
} as const;

export default {
  en,
  pt_BR: {
    'rule.notBatchFile': 'Só destinos em lote baseados em arquivo (armazenamento em nuvem, e-mail marketing) podem exportar um arquivo agora.',
    'rule.dataflowDisabled': 'Este fluxo de dados está desativado. Ative-o para exportar.',
    'rule.notMapped': 'Este público-alvo não está mapeado neste fluxo de dados.',
    'rule.scheduleEnded':
      'O agendamento de exportação do público-alvo neste fluxo de dados terminou: estenda a data de término no fluxo de dados para exportá-lo.',
    'rule.scheduleEnded.on':
      'O agendamento de exportação do público-alvo neste fluxo de dados terminou em {date}: estenda a data de término no fluxo de dados para exportá-lo.',
    'rule.scheduleNotStarted': 'O agendamento de exportação do público-alvo ainda não começou. Ele poderá ser exportado a partir da data de início.',
    'rule.activatedUnderOneHour': 'O público-alvo foi ativado neste fluxo de dados há menos de uma hora. Ele poderá ser exportado uma hora após a ativação.',
    'rule.mergePolicyChanged': 'A política de mesclagem do público-alvo mudou nas últimas 24 horas. Ele poderá ser exportado 24 horas após a mudança.',
    'rule.audienceRecentlyUpdated': 'O público-alvo foi editado nas últimas 24 horas; se a política de mesclagem mudou, a exportação pode ser recusada.',
    'rule.scheduledExportProcessing':
      'Uma exportação agendada deste público-alvo ainda está em processamento. Ele poderá ser exportado quando essa execução terminar.',
    'rule.adhocRunInProgress': 'Já há uma exportação deste público-alvo em andamento neste fluxo de dados.',
    'rule.sameData': 'Exportado agora desde a última exportação agendada: exportá-lo de novo envia os mesmos dados até a próxima exportação agendada.',
    'rule.sameData.at': 'Mesmos dados da exportação das {time}; dados novos após a próxima exportação agendada, por volta das {next}.',
    'rule.sameData.atUnknown': 'Mesmos dados da exportação das {time}; dados novos depois que a próxima exportação agendada for executada.',
  },
} satisfies Catalog<typeof en>;
