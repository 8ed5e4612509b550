import { Pool } from 'undici';
import { percentiles } from './percentiles.ts';

export interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  /** Requests per second. */
  readonly throughput: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** First unexpected status, for the report. */
  readonly firstError?: string;
}

/**
 * A closed-loop load generator: `concurrency` clients, each sending its next request as soon as the previous
 * answers, over keep-alive connections (undici), for `durationMs`. Latency is measured per request.
 */
export async function runLoad(options: {
  origin: string;
  concurrency: number;
  durationMs: number;
  next: (i: number) => LoadRequest;
  expectStatus: number;
}): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let counter = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const req = options.next(counter++);
      const t0 = performance.now();
      try {
        const res = await pool.request({
          method: req.method,
          path: req.path,
          headers: req.headers,
          ...(req.body ? { body: req.body } : {}),
        });
        const text = await res.body.text();
        if (res.statusCode !== options.expectStatus) {
          errors++;
          firstError ??= `${res.statusCode} ${text.slice(0, 200)}`;
        }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return {
    requests: latencies.length,
    errors,
    seconds,
    throughput: latencies.length / seconds,
    ...percentiles(latencies),
    ...(firstError ? { firstError } : {}),
  };
}

/** Median of several runs of the same workload (the machines are noisy). */
export function medianResult(results: readonly LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.throughput - b.throughput);
  return sorted[Math.floor(sorted.length / 2)] as LoadResult;
}
