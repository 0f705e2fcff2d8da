/** Last line of defence: a server text or error that echoes a credential is never stored. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(authorization|x-api-key)(\s*[:=]\s*)(?:Bearer\s+)?[^\s,;"']+/gi, (_m, name: string, sep: string) => `${name}${sep}[redacted]`)
    .replace(/\bBearer\s+[\w.~+/=-]+/gi, 'Bearer [redacted]');
}
