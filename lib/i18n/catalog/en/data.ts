/** English strings of the data area: the source; ../pt_BR/data.ts has the same keys. */
export default {
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
