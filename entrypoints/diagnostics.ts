/**
 * Injected by the background into a console frame when its panel's diagnostics open
 * (`diagnostics.tables`): the tables' fingerprints, which the content script does not carry.
 * Its return value is what executeScript answers.
 */
import { tableLines } from '@/lib/console/table-fingerprint';

export default defineUnlistedScript(() => tableLines(document));
