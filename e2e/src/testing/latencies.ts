/**
 * Latencies of a suite's requests, kept whole (a run has tens of thousands at most), so that
 * the percentiles it prints are exact, not estimated.
 */
export class Latencies {
  readonly #values: number[] = [];
  #sorted = true;

  /** Records one request's latency in milliseconds. */
  add(milliseconds: number): void {
    this.#values.push(milliseconds);
    this.#sorted = false;
  }

  get count(): number {
    return this.#values.length;
  }

  /** The nearest-rank percentile (`p` from 0 to 100); 0 when nothing was recorded. */
  percentile(p: number): number {
    if (this.#values.length === 0) return 0;
    if (!this.#sorted) {
      this.#values.sort((a, b) => a - b);
      this.#sorted = true;
    }
    const rank = Math.min(this.#values.length, Math.max(1, Math.ceil((p / 100) * this.#values.length)));
    return this.#values[rank - 1]!;
  }

  get max(): number {
    return this.percentile(100);
  }

  /** `n=…, p50=… ms, p95=… ms, p99=… ms, max=… ms`. */
  summary(): string {
    const ms = (value: number) => `${Math.round(value)} ms`;
    return `n=${this.count}, p50=${ms(this.percentile(50))}, p95=${ms(this.percentile(95))}, p99=${ms(this.percentile(99))}, max=${ms(this.max)}`;
  }
}

/** Counts by a key (status codes, outcomes), printed in key order. */
export class Tally<K extends string | number = string> {
  readonly #counts = new Map<K, number>();

  add(key: K, by = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + by);
  }

  get(key: K): number {
    return this.#counts.get(key) ?? 0;
  }

  entries(): [K, number][] {
    return [...this.#counts].sort(([a], [b]) => String(a).localeCompare(String(b), 'en', { numeric: true }));
  }

  total(): number {
    let sum = 0;
    for (const count of this.#counts.values()) sum += count;
    return sum;
  }

  /** `201×9998 503×2`, or `none`. */
  toString(): string {
    const entries = this.entries();
    return entries.length === 0 ? 'none' : entries.map(([key, count]) => `${key}×${count}`).join(' ');
  }
}
