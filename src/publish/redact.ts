// Secrets never reach logs, errors or --json output: every string polydash prints about
// publishing passes through redact(), which knows every credential in use.

const secrets = new Set<string>();

/** Registers a secret (and the forms it travels in) for redaction. */
export function registerSecret(value: string): void {
  if (value.length < 4) return;
  secrets.add(value);
  secrets.add(Buffer.from(value).toString('base64'));
  secrets.add(encodeURIComponent(value));
}

/** Registers the Basic-auth form of a user/secret pair as well as both parts. */
export function registerBasicAuth(user: string, secret: string): void {
  registerSecret(secret);
  registerSecret(`${user}:${secret}`);
}

export function redact(text: string): string {
  let out = text;
  // longest first, so that a secret containing another is replaced whole
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}
