// The HTTP layer every emulator shares: node:http on 127.0.0.1 (port 0 unless told), routing,
// an authentication hook, a request log, counters (reads, writes, concurrency, 429s, faults) and
// fault injection. Products plug in their routes, their credential check and the shape of their
// error bodies; everything else behaves the same across the four.

import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeFault, type Fault, FaultInjector, type FaultPlan } from './faults.js';

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number>>;
  /** Sent as JSON (`application/json`) unless `raw` is given. */
  readonly json?: unknown;
  readonly raw?: string | Buffer;
}

export interface RequestContext<P> {
  readonly method: string;
  readonly url: URL;
  /** Raw (still percent-encoded) path. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly write: boolean;
  /** Set by the authentication hook. */
  principal: P;
  /** Scratch space for hooks (e.g. a per-key slot to release when the request ends). */
  readonly locals: Map<string, unknown>;
}

export interface RouteDef<P> {
  readonly method: string;
  /** `/api/v2/dashboards/:id`; `:name` matches one path segment. */
  readonly path: string;
  /** Does the request change state? Default: any method but GET/HEAD. */
  readonly write?: boolean;
  /** false: no credentials needed (health, login). */
  readonly auth?: boolean;
  handle(ctx: RequestContext<P>): Reply | Promise<Reply>;
}

export type AuthResult<P> = { readonly principal: P } | { readonly reply: Reply };

export interface ServerHooks<P> {
  /** Product name, for messages. */
  readonly name: string;
  readonly routes: readonly RouteDef<P>[];
  authenticate(ctx: RequestContext<P>): AuthResult<P>;
  /** The product's error answer for a status (used for faults, unknown routes, crashes). */
  errorReply(status: number, message: string, ctx: RequestContext<P>): Reply;
  /** Runs before every request is routed (e.g. Sumo's 301 for a wrong deployment). */
  beforeRoute?(ctx: RequestContext<P>): Reply | undefined;
  /** Runs after authentication, before the handler (e.g. rate limits). */
  beforeHandle?(ctx: RequestContext<P>): Reply | undefined;
  /** Runs once the answer is sent or the socket is gone. */
  onFinish?(ctx: RequestContext<P>): void;
  /** Who made the request, for the log (never a secret). */
  describePrincipal?(p: P): string;
}

export interface ServerOptions {
  readonly host?: string;
  readonly port?: number;
  /** Added to every handled request before the handler runs: lets concurrency build up. */
  readonly latencyMs?: number;
  readonly faults?: FaultPlan;
  /** Larger bodies get 413 (Kibana's import limit is 25 MB by default). */
  readonly maxBodyBytes?: number;
}

export interface LogEntry {
  readonly seq: number;
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** 0 when the connection was reset without an answer. */
  readonly status: number;
  readonly durationMs: number;
  readonly write: boolean;
  /** The write reached the store (2xx from the handler), even if the client saw a fault. */
  readonly applied: boolean;
  readonly fault?: string;
  readonly principal?: string;
}

export interface Counters {
  requests: number;
  reads: number;
  /** Requests to routes that change state, whatever their outcome. */
  writes: number;
  /** Write requests whose change was stored. */
  writesApplied: number;
  inFlight: number;
  peakConcurrency: number;
  /** 429s sent, from rate limits and injected. */
  tooManyRequests: number;
  faultsInjected: number;
  resets: number;
  byStatus: Record<string, number>;
}

export function emptyCounters(): Counters {
  return { requests: 0, reads: 0, writes: 0, writesApplied: 0, inFlight: 0, peakConcurrency: 0, tooManyRequests: 0, faultsInjected: 0, resets: 0, byStatus: {} };
}

interface CompiledRoute<P> {
  readonly def: RouteDef<P>;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

function compile<P>(def: RouteDef<P>): CompiledRoute<P> {
  const names: string[] = [];
  const source = def.path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { def, regex: new RegExp(`^${source}/?$`), names };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

export class EmulatorServer<P> {
  readonly counters: Counters = emptyCounters();
  readonly log: LogEntry[] = [];
  private readonly routes: CompiledRoute<P>[];
  private readonly faults: FaultInjector;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private seq = 0;
  private closed = false;
  url = '';

  constructor(
    private readonly hooks: ServerHooks<P>,
    private readonly options: ServerOptions = {},
  ) {
    this.routes = hooks.routes.map(compile);
    this.faults = new FaultInjector(options.faults);
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host}:${port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.timers.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await done;
  }

  /** Replace the fault plan ({} turns faults off). */
  setFaults(plan: FaultPlan): void {
    this.faults.set(plan);
  }

  /** Queue more scripted faults. */
  addFaults(...faults: Fault[]): void {
    this.faults.add(...faults);
  }

  get pendingFaults(): number {
    return this.faults.pending;
  }

  resetCounters(): void {
    Object.assign(this.counters, emptyCounters(), { inFlight: this.counters.inFlight });
    this.log.length = 0;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  private readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= limit) chunks.push(c);
      });
      req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
      req.on('error', () => resolve('aborted'));
      req.on('aborted', () => resolve('aborted'));
    });
  }

  private match(method: string, path: string): { route?: CompiledRoute<P>; params: Record<string, string>; pathKnown: boolean } {
    let pathKnown = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (r.def.method !== method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decode(m[i + 1]!)));
      return { route: r, params, pathKnown };
    }
    return { params: {}, pathKnown };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const c = this.counters;
    c.requests++;
    c.inFlight++;
    c.peakConcurrency = Math.max(c.peakConcurrency, c.inFlight);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const { route, params, pathKnown } = this.match(method, url.pathname);
    const write = route?.def.write ?? !['GET', 'HEAD'].includes(method);
    if (write) c.writes++;
    else c.reads++;

    const ctx: RequestContext<P> = {
      method,
      url,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.alloc(0),
      params,
      write,
      principal: undefined as P,
      locals: new Map(),
    };
    let finished = false;
    let applied = false;
    let faultText: string | undefined;
    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      c.inFlight--;
      c.byStatus[status === 0 ? 'reset' : String(status)] = (c.byStatus[status === 0 ? 'reset' : String(status)] ?? 0) + 1;
      if (status === 429) c.tooManyRequests++;
      if (status === 0) c.resets++;
      if (applied) c.writesApplied++;
      const principal = ctx.principal !== undefined && this.hooks.describePrincipal ? this.hooks.describePrincipal(ctx.principal) : undefined;
      this.log.push({
        seq: ++this.seq,
        at: new Date().toISOString(),
        method,
        path: url.pathname,
        query: url.search,
        status,
        durationMs: Math.round(performance.now() - started),
        write,
        applied,
        ...(faultText ? { fault: faultText } : {}),
        ...(principal ? { principal } : {}),
      });
      this.hooks.onFinish?.(ctx);
    };
    res.on('close', () => finish(res.headersSent ? res.statusCode : 0));

    const send = (reply: Reply) => {
      if (res.destroyed || res.headersSent) return;
      const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
      let payload: string | Buffer = '';
      if (reply.raw !== undefined) payload = reply.raw;
      else if (reply.json !== undefined) {
        payload = JSON.stringify(reply.json);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
      }
      headers['Content-Length'] = Buffer.byteLength(payload);
      res.writeHead(reply.status, headers);
      res.end(method === 'HEAD' ? undefined : payload);
    };
    const reset = () => {
      res.destroy();
      req.socket.destroy();
    };
    const deliverFault = (f: Fault) => {
      if (f.reset) return reset();
      const status = f.status!;
      const base = f.body !== undefined ? { status, json: f.body } : this.hooks.errorReply(status, faultMessage(status), ctx);
      const retryAfter = f.retryAfter ?? (status === 429 ? 1 : undefined);
      send({ ...base, headers: { ...(base.headers ?? {}), ...(retryAfter !== undefined ? { 'Retry-After': retryAfter } : {}) } });
    };

    try {
      const body = await this.readBody(req);
      if (body === 'aborted') return reset();
      (ctx as { body: Buffer }).body = body === 'too-large' ? Buffer.alloc(0) : body;

      const fault = this.faults.pick({ method, path: url.pathname, write });
      if (fault) {
        c.faultsInjected++;
        faultText = describeFault(fault);
        await this.sleep(fault.delayMs ?? 0);
        if (this.closed) return reset();
        const failing = fault.reset || fault.status !== undefined;
        if (failing && !(fault.afterWrite && write)) return deliverFault(fault);
      }

      const early = this.hooks.beforeRoute?.(ctx);
      if (early) return send(early);
      if (body === 'too-large') return send(this.hooks.errorReply(413, 'Payload Too Large', ctx));
      if (!route) return send(this.hooks.errorReply(pathKnown ? 405 : 404, pathKnown ? `Method ${method} is not allowed` : 'Not Found', ctx));

      if (route.def.auth !== false) {
        const auth = this.hooks.authenticate(ctx);
        if ('reply' in auth) return send(auth.reply);
        ctx.principal = auth.principal;
      }
      const limited = this.hooks.beforeHandle?.(ctx);
      if (limited) return send(limited);
      await this.sleep(this.options.latencyMs ?? 0);
      if (this.closed) return reset();

      const reply = await route.def.handle(ctx);
      applied = write && reply.status >= 200 && reply.status < 300;
      if (fault && fault.afterWrite && write && (fault.reset || fault.status !== undefined)) return deliverFault(fault);
      send(reply);
    } catch (e) {
      send(this.hooks.errorReply(500, `emulator crashed: ${(e as Error).message}`, ctx));
    }
  }
}

function faultMessage(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status === 502) return 'Bad Gateway';
  if (status === 503) return 'Service Unavailable';
  if (status === 504) return 'Gateway Timeout';
  return http.STATUS_CODES[status] ?? 'Error';
}

/** The common part of every emulator's handle. */
export interface EmulatorHandle<S> {
  readonly url: string;
  readonly state: S;
  readonly counters: Counters;
  readonly log: readonly LogEntry[];
  setFaults(plan: FaultPlan): void;
  addFaults(...faults: Fault[]): void;
  /** Zero the counters and empty the log (state is kept). */
  resetCounters(): void;
  close(): Promise<void>;
}

export async function startServer<P, S>(hooks: ServerHooks<P>, options: ServerOptions, state: S): Promise<EmulatorHandle<S>> {
  const server = new EmulatorServer(hooks, options);
  const url = await server.listen();
  return {
    url,
    state,
    counters: server.counters,
    log: server.log,
    setFaults: (plan) => server.setFaults(plan),
    addFaults: (...faults) => server.addFaults(...faults),
    resetCounters: () => server.resetCounters(),
    close: () => server.close(),
  };
}
