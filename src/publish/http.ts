// HTTP for the publish step, through undici: one keep-alive pool per product, connect and body
// timeouts, TLS verification always on (a custom CA can be added), no redirects followed
// (a redirect must not carry credentials to another host), the product's request budget,
// and retries: 429 always (after Retry-After), 5xx, timeouts and resets only for requests
// that are safe to repeat.

import { Agent, request } from 'undici';
import { Budget } from './budget.js';
import { redact } from './redact.js';
import type { PublisherStats } from './types.js';

export interface HttpClientOptions {
  readonly product: string;
  readonly baseUrl: string;
  /** Sent with every request (credentials included: they are registered for redaction elsewhere). */
  readonly headers: Readonly<Record<string, string>>;
  /** PEM text of extra certificate authorities to trust. */
  readonly ca?: string;
  readonly budget: Budget;
  readonly connectTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Safe to send twice (GET, PUT, DELETE, and POSTs that overwrite by id). */
  readonly idempotent: boolean;
  /** Counted as a read although not a GET (e.g. Kibana's POST _export). */
  readonly read?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** A failure polydash reports without a stack: the product, what was asked, and why. */
export class PublishError extends Error {
  constructor(
    readonly product: string,
    message: string,
    readonly status?: number,
  ) {
    super(redact(message));
    this.name = 'PublishError';
  }
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

export class HttpClient {
  private readonly agent: Agent;
  private readonly counts = { requests: 0, reads: 0, writes: 0, retries: 0, throttled: 0 };

  constructor(private readonly options: HttpClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000, rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
      headersTimeout: options.bodyTimeoutMs ?? 60_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
      keepAliveTimeout: 10_000,
      connections: 64,
    });
  }

  stats(): PublisherStats {
    return { ...this.counts, peakConcurrency: this.options.budget.peakConcurrency };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  url(req: Pick<HttpRequest, 'path' | 'query'>): string {
    const u = new URL(this.options.baseUrl.replace(/\/$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      let outcome: HttpResponse | Error;
      try {
        outcome = await this.options.budget.run(() => this.once(req));
      } catch (e) {
        outcome = e instanceof Error ? e : new Error(String(e));
      }
      const retryAfter = this.retryDelay(outcome, req, attempt);
      if (retryAfter === undefined || attempt >= maxAttempts) {
        if (outcome instanceof Error) {
          throw new PublishError(this.options.product, `${req.method} ${this.url(req)} failed: ${outcome.message}`);
        }
        return outcome;
      }
      this.counts.retries++;
      await new Promise((resolve) => setTimeout(resolve, retryAfter));
    }
  }

  /** How long to wait before trying again, or undefined when the outcome is final. */
  private retryDelay(outcome: HttpResponse | Error, req: HttpRequest, attempt: number): number | undefined {
    const backoff = (): number => {
      const cap = Math.min(this.options.maxDelayMs ?? 20_000, (this.options.baseDelayMs ?? 250) * 2 ** (attempt - 1));
      return Math.round(cap / 2 + Math.random() * (cap / 2)); // jitter so retries do not stampede
    };
    if (outcome instanceof Error) return req.idempotent ? backoff() : undefined;
    if (outcome.status === 429) {
      this.counts.throttled++;
      const wait = parseRetryAfter(outcome.headers['retry-after']) ?? backoff();
      this.options.budget.pause(wait);
      return wait;
    }
    if (RETRYABLE_STATUS.has(outcome.status) && req.idempotent) return backoff();
    return undefined;
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    this.counts.requests++;
    if (req.method === 'GET' || req.read) this.counts.reads++;
    else this.counts.writes++;
    const res = await request(this.url(req), {
      method: req.method,
      headers: { ...this.options.headers, ...req.headers },
      body: req.body,
      dispatcher: this.agent,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  }
}

/** Retry-After in seconds or as an HTTP date, as milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The response body as JSON, or a PublishError naming what came back instead. */
export function json<T>(product: string, res: HttpResponse, what: string): T {
  try {
    return JSON.parse(res.text) as T;
  } catch {
    throw new PublishError(product, `${what}: expected JSON, got HTTP ${res.status}: ${res.text.slice(0, 200)}`, res.status);
  }
}
