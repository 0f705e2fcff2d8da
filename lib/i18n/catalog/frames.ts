/** When the console's Platform app runs in a frame from an Adobe host we cannot read yet (lib/frame-origins). */
import type { Catalog } from '../types';
import en from './en/frames';
import pt_BR from './pt_BR/frames';

export default { en, pt_BR } satisfies Catalog<typeof en>;
