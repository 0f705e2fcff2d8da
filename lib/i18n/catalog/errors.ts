import type { Catalog } from '../types';
import en from './en/errors';
import pt_BR from './pt_BR/errors';

export default { en, pt_BR } satisfies Catalog<typeof en>;
