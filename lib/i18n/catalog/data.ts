import type { Catalog } from '../types';

// Strings of the settings, the console session and the local history store.
const en = {
  'settings.customHost.empty': 'Enter the address of your Platform host.',
  'settings.customHost.invalid': 'This is not a valid web address.',
  'settings.customHost.notAdobe': 'The Platform host is an Adobe gateway: adobe.io or one of its hosts (e.g. https://platform-va7.adobe.io).',
  'settings.customHost.hostName': 'A host name has only letters, digits, dots and hyphens (e.g. platform-va7.adobe.io): no spaces.',
  'settings.customHost.https': 'The Platform host must use https://.',
  'settings.customHost.path': 'Enter only the host (e.g. https://platform-va7.adobe.io), without a path, query or fragment.',
  'settings.customHost.credentials': 'The address must not contain a user name or password.',
  'session.none': 'No console session seen yet. Open or refresh the Destinations page in Experience Platform.',
  'session.stale': 'The console session expired. Refresh the console page to continue.',
  'session.manual.invalid': 'Fill in the organization ID, sandbox, API key and token.',
  'store.unreadable': 'Unreadable record ({id}): it was damaged and is ignored.',
  'store.quota': 'The browser has no room left for the export history. Clear old history in the options.',
  'store.blocked': 'Another open tab of the extension holds an old version of the history. Close it to continue.',
  'store.failed': 'The export history could not be read or written.',
  'messages.badRequest': 'The extension received a request it does not understand.',
  'messages.refused': 'The request did not come from this extension or the console.',
} as const;

export default {
  en,
  pt_BR: {
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
  },
} satisfies Catalog<typeof en>;
