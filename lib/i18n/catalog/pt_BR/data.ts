/** Brazilian Portuguese of ../data.ts, in its own module so a page may load it only when its locale is pt_BR. */
import type en from '../en/data';

export default {
  'settings.customHost.empty': 'Informe o endereço do seu host da Platform.',
  'settings.customHost.invalid': 'Este não é um endereço web válido.',
  'settings.customHost.notAdobe': 'O host da Platform é um gateway da Adobe: adobe.io ou um de seus hosts (ex.: https://platform-va7.adobe.io).',
  'settings.customHost.hostName': 'Um nome de host tem só letras, dígitos, pontos e hífens (ex.: platform-va7.adobe.io): sem espaços.',
  'settings.customHost.https': 'O host da Platform deve usar https://.',
  'settings.customHost.path': 'Informe apenas o host (ex.: https://platform-va7.adobe.io), sem caminho, consulta ou fragmento.',
  'settings.customHost.credentials': 'O endereço não deve conter nome de usuário nem senha.',
  'session.none': 'Nenhuma sessão do console vista ainda. Abra ou atualize a página Destinos na Experience Platform.',
  'session.stale': 'A sessão do console expirou. Atualize a página do console para continuar.',
  'session.manual.invalid': 'Preencha o ID da organização, a sandbox, a chave de API e o token.',
  'store.unreadable': 'Registro ilegível ({id}): ele foi danificado e é ignorado.',
  'store.quota': 'O navegador não tem mais espaço para o histórico de exportações. Limpe o histórico antigo nas opções.',
  'store.blocked': 'Outra aba aberta da extensão mantém uma versão antiga do histórico. Feche-a para continuar.',
  'store.failed': 'Não foi possível ler ou gravar o histórico de exportações.',
  'messages.badRequest': 'A extensão recebeu uma solicitação que não entende.',
  'messages.refused': 'A solicitação não veio desta extensão nem do console.',
} satisfies { [K in keyof typeof en]: string };
