// Strings of the settings, the console session and the local history store.
import type { Catalog } from '../types';
import en from './en/data';
import pt_BR from './pt_BR/data';

export default { en, pt_BR } satisfies Catalog<typeof en>;
