/** English strings of the frames area: the source; ../pt_BR/frames.ts has the same keys. */
export default {
  'frames.unreadable': 'Experience Platform runs here in a frame from {origin}, which Bulk Export Now cannot read yet.',
  'frames.pageAction': 'To allow it, open Bulk Export Now from the browser toolbar and choose Grant access.',
  'frames.title': 'Bulk Export Now cannot read this console yet',
  'frames.grant': 'Grant access',
  'frames.granted': 'Access granted to {origin}. Reload the console tab: the export status will appear next to each dataflow.',
  'frames.denied': 'The browser did not grant access to {origin}. Nothing changed.',
  'frames.failed': 'Could not grant access to {origin}: {message}',
  'frames.legend': 'Console frames',
  'frames.intro':
    'When the console shows Experience Platform in a frame from another Adobe host, Bulk Export Now needs your permission to read it. Only Adobe hosts can be allowed here.',
  'frames.none': 'None: the console runs where Bulk Export Now expects it.',
  'frames.seen': 'Seen, not readable yet:',
  'frames.allowed': 'Allowed:',
  'frames.remove': 'Remove',
  'frames.removed': 'Access to {origin} removed. Reload the console tab.',
} as const;
