// Request-body helpers shared by the emulators: Basic credentials, multipart/form-data (Kibana's
// import), JSON with a parse error message.

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

/** `Authorization: <scheme> <value>` split in two; the scheme lower-cased. */
export function authorization(headers: IncomingHttpHeaders): { scheme: string; value: string } | undefined {
  const h = headers.authorization;
  if (!h) return undefined;
  const m = /^(\S+)\s+(.+)$/.exec(h.trim());
  return m ? { scheme: m[1]!.toLowerCase(), value: m[2]!.trim() } : undefined;
}

export function parseBasic(value: string): BasicCredentials | undefined {
  const text = Buffer.from(value, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function parseJson(body: Buffer): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

/** multipart/form-data parts, or undefined when the body is not multipart or is malformed. */
export function parseMultipart(headers: IncomingHttpHeaders, body: Buffer): MultipartPart[] | undefined {
  const ct = headers['content-type'] ?? '';
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ct);
  if (!/^multipart\/form-data/i.test(ct) || !m) return undefined;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]!.trim()}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) return undefined;
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return undefined;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (next < 0) return undefined;
    const rawHeaders = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const disposition = rawHeaders.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const type = rawHeaders.find((h) => /^content-type:/i.test(h));
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      parts.push({
        name,
        ...(filename !== undefined ? { filename } : {}),
        ...(type ? { contentType: type.slice(type.indexOf(':') + 1).trim() } : {}),
        data: body.subarray(headerEnd + 4, next),
      });
    }
    pos = next + 2;
  }
}

export function hexId(bytes = 8): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function alphanumericId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHANUMERIC[b % ALPHANUMERIC.length];
  return out;
}

export function uuid(): string {
  return globalThis.crypto.randomUUID();
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
