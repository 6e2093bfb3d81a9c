// Deterministic randomness for the sample generator: the same seed gives the same events on
// every machine and Node version (no Math.random, no locale or time-zone dependence).

/** FNV-1a over UTF-16 code units: a stable 32-bit seed from a name. */
export function seedFrom(text: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const LOWER_HEX = '0123456789abcdef';
/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0, 1, 3). */
const K8S_SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

/** mulberry32: small, fast, and good enough for plausible sample data. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One item, with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** An exponentially distributed value with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(n: number): string {
    return this.chars(LOWER_HEX, n);
  }

  /** A random (version 4) UUID. */
  uuid(): string {
    const variant = '89ab'[this.int(0, 3)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** A Kubernetes-style generated suffix (`7d9f8c6b5d`, `x2k9p`). */
  k8sSuffix(n: number): string {
    return this.chars(K8S_SUFFIX, n);
  }

  ipv4(prefix: string): string {
    const parts = prefix.split('.').filter(Boolean);
    while (parts.length < 4) parts.push(String(this.int(parts.length === 3 ? 2 : 0, 254)));
    return parts.join('.');
  }
}
