import type { Catalog } from '../types';
import en from './en/common';
import pt_BR from './pt_BR/common';

export default { en, pt_BR } satisfies Catalog<typeof en>;
