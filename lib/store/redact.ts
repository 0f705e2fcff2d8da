/**
 * The one redactor: a server text or an error that echoes a credential is never stored
 * (IndexedDB), exported (CSV/JSON) or sent to a page. Used by the store, the exporter
 * and the message layer alike.
 */
export const REDACTED = '[redacted]';

/** A long run that reads as a name ("High_value_customers_who_purchased_in_the_last_90_days"): words between separators, mostly lower case. */
function looksLikeName(run: string): boolean {
  const separators = (run.match(/[_-]/g) ?? []).length;
  const letters = run.replace(/[^A-Za-z]/g, '');
  return separators >= 3 && letters.replace(/[^a-z]/g, '').length >= letters.length * 0.6;
}

export function redactSecrets(text: string): string {
  return (
    text
      // A header echoed as `name: value` or `name=value` keeps its name.
      .replace(
        /\b(authorization|x-api-key|access[_-]?token|api[_-]?key|client[_-]?secret)(\s*[:=]\s*)(?:Bearer\s+)?[^\s,;"']+/gi,
        (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`,
      )
      .replace(/\bBearer\s+[\w.~+/=-]+/gi, REDACTED)
      // JWTs, bare (IMS access tokens are JWTs).
      .replace(/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, REDACTED)
      .replace(/\btoken(\s*[:=]?\s+)[A-Za-z0-9._~+/=-]{16,}/gi, (_m, sep: string) => `token${sep}${REDACTED}`)
      // Long opaque strings (our ids are UUIDs, 36 characters), but not long names.
      .replace(/[A-Za-z0-9_+/=-]{48,}/g, (run) => (looksLikeName(run) ? run : REDACTED))
  );
}
