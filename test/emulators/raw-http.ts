// A raw HTTP client for emulator tests: fetch, so the tests see exactly what the wire carries,
// with `redirect: 'manual'` (to see Sumo Logic's 301) and the body parsed when it is JSON.

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export async function call(base: string, path: string, init: RequestInit & { json?: unknown; form?: Record<string, string> } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  if (init.form) {
    body = new URLSearchParams(init.form).toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  }
  const { json: _json, form: _form, ...rest } = init;
  const res = await fetch(base + path, { ...rest, headers, body: body ?? null, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
