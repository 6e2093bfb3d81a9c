// Fault injection for the emulators: a scripted queue of faults consumed in order, plus seeded
// random faults, both optionally limited to some requests (a method, a path, writes only).
// Seeded so that a failing fault-storm test can be replayed exactly.

/** Which requests a fault applies to. All given conditions must hold. */
export interface FaultMatch {
  readonly method?: string;
  /** A path prefix (`/api/v2/dashboards`) or a regular expression on the path. */
  readonly path?: string | RegExp;
  /** true: only write requests; false: only reads. */
  readonly writes?: boolean;
}

export interface Fault {
  /** Answer with this status (and the product's error body) instead of handling the request. */
  readonly status?: number;
  /** Seconds, sent as `Retry-After` (429 gets 1 when not given). */
  readonly retryAfter?: number;
  /** Destroy the socket without an answer. */
  readonly reset?: boolean;
  /** Wait this long first (alone: a slow but otherwise normal answer). */
  readonly delayMs?: number;
  /**
   * Apply the request first, then fail (status or reset): the client sees an error although the
   * write happened, as when a proxy or the network drops the answer. Only affects writes.
   */
  readonly afterWrite?: boolean;
  /** Replace the product's error body. */
  readonly body?: unknown;
  readonly match?: FaultMatch;
}

export interface RandomFaults {
  readonly p429?: number;
  readonly p5xx?: number;
  readonly pReset?: number;
  readonly pSlow?: number;
  /** Delay of a slow answer, ms (default 1500). */
  readonly slowMs?: number;
  /** Default 1. */
  readonly seed?: number;
  /** Retry-After of random 429s, seconds (default 1). */
  readonly retryAfter?: number;
  /** 5xx statuses drawn from (default 500, 502, 503). */
  readonly statuses5xx?: readonly number[];
  /** Share of random 5xx/resets on writes that happen after the write was applied (default 0). */
  readonly pAfterWrite?: number;
  readonly match?: FaultMatch;
}

export interface FaultPlan {
  readonly next?: readonly Fault[];
  readonly random?: RandomFaults;
}

export interface FaultRequest {
  readonly method: string;
  readonly path: string;
  readonly write: boolean;
}

/** mulberry32: small, fast, good enough to spread faults. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function faultMatches(match: FaultMatch | undefined, req: FaultRequest): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== req.method) return false;
  if (match.writes !== undefined && match.writes !== req.write) return false;
  if (match.path !== undefined) {
    if (typeof match.path === 'string' ? !req.path.startsWith(match.path) : !match.path.test(req.path)) return false;
  }
  return true;
}

/** Short text for the request log, e.g. `429 retry-after=2`, `reset after write`. */
export function describeFault(f: Fault): string {
  const parts: string[] = [];
  if (f.delayMs) parts.push(`delay ${f.delayMs}ms`);
  if (f.status) parts.push(String(f.status) + (f.retryAfter !== undefined ? ` retry-after=${f.retryAfter}` : ''));
  if (f.reset) parts.push('reset');
  if (f.afterWrite) parts.push('after write');
  return parts.join(' ');
}

export class FaultInjector {
  private queue: Fault[] = [];
  private random: RandomFaults | undefined;
  private rand: () => number = prng(1);

  constructor(plan?: FaultPlan) {
    if (plan) this.set(plan);
  }

  /** Replace the whole plan (an empty plan turns faults off). */
  set(plan: FaultPlan): void {
    this.queue = [...(plan.next ?? [])];
    this.random = plan.random;
    this.rand = prng(plan.random?.seed ?? 1);
  }

  /** Append scripted faults to the queue. */
  add(...faults: Fault[]): void {
    this.queue.push(...faults);
  }

  /** Scripted faults not consumed yet. */
  get pending(): number {
    return this.queue.length;
  }

  /** The fault for this request, if any; a scripted one is consumed. */
  pick(req: FaultRequest): Fault | undefined {
    const i = this.queue.findIndex((f) => faultMatches(f.match, req));
    if (i >= 0) return this.queue.splice(i, 1)[0];
    const r = this.random;
    if (!r || !faultMatches(r.match, req)) return undefined;
    const u = this.rand();
    const p429 = r.p429 ?? 0;
    const p5xx = p429 + (r.p5xx ?? 0);
    const pReset = p5xx + (r.pReset ?? 0);
    const pSlow = pReset + (r.pSlow ?? 0);
    const after = () => req.write && this.rand() < (r.pAfterWrite ?? 0);
    if (u < p429) return { status: 429, retryAfter: r.retryAfter ?? 1 };
    if (u < p5xx) {
      const statuses = r.statuses5xx?.length ? r.statuses5xx : [500, 502, 503];
      return { status: statuses[Math.floor(this.rand() * statuses.length)]!, afterWrite: after() };
    }
    if (u < pReset) return { reset: true, afterWrite: after() };
    if (u < pSlow) return { delayMs: r.slowMs ?? 1500 };
    return undefined;
  }
}
