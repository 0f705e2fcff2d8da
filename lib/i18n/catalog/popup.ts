import type { Catalog } from '../types';
import en from './en/popup';
import pt_BR from './pt_BR/popup';

export default { en, pt_BR } satisfies Catalog<typeof en>;
