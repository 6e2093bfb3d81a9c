// A product's request budget: at most `concurrency` requests in flight and, when a rate is
// set, requests spaced to stay at or under it. A 429 pauses the whole product, not one request.

export interface BudgetOptions {
  readonly concurrency: number;
  /** Requests per second; undefined means unlimited. */
  readonly ratePerSecond?: number;
}

export class Budget {
  private inFlight = 0;
  private peak = 0;
  private nextStart = 0;
  private pausedUntil = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: BudgetOptions) {}

  get peakConcurrency(): number {
    return this.peak;
  }

  /** Blocks new requests until `ms` from now (Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.inFlight >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    // Reserve a start time: spacing by the rate, after any pause.
    const interval = this.options.ratePerSecond ? 1000 / this.options.ratePerSecond : 0;
    const now = Date.now();
    const start = Math.max(now, this.nextStart, this.pausedUntil);
    this.nextStart = start + interval;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }
}
