import type { LoadResult } from './load-generator.ts';

export interface Row {
  readonly database: 'pglite' | 'postgres';
  readonly mode: 'secured' | 'open';
  readonly workload: string;
  readonly label: string;
  readonly result: LoadResult;
}

/** Bars of DESIGN.md §6 that these workloads are measured against. */
export const BARS: Record<string, { throughput?: number; p99?: number; latency?: number }> = {
  read: { throughput: 3000, p99: 20 },
  'search-identifier': { throughput: 2000 },
  create: { throughput: 1000 },
  'transaction-100': { latency: 150 },
};

export function table(rows: readonly Row[]): string {
  const header = '| database | access + audit | workload | req/s | p50 ms | p95 ms | p99 ms | errors | bar |';
  const lines = [header, '|---|---|---|---:|---:|---:|---:|---:|---|'];
  for (const r of rows) {
    const bar = BARS[r.workload];
    const meets =
      r.mode !== 'secured' || !bar
        ? ''
        : [
            bar.throughput !== undefined
              ? `${r.result.throughput >= bar.throughput ? '✔' : '✘'} ≥ ${bar.throughput}/s`
              : '',
            bar.p99 !== undefined ? `${r.result.p99 <= bar.p99 ? '✔' : '✘'} p99 ≤ ${bar.p99}` : '',
            bar.latency !== undefined ? `${r.result.p50 <= bar.latency ? '✔' : '✘'} ≤ ${bar.latency} ms` : '',
          ]
            .filter(Boolean)
            .join(', ');
    lines.push(
      `| ${r.database} | ${r.mode === 'secured' ? 'on' : 'off'} | ${r.label} | ${r.result.throughput.toFixed(0)} | ${r.result.p50.toFixed(1)} | ${r.result.p95.toFixed(1)} | ${r.result.p99.toFixed(1)} | ${r.result.errors} | ${meets} |`,
    );
  }
  return lines.join('\n');
}

/** Cost of access control and audit: secured throughput relative to open, per database and workload. */
export function accessCost(rows: readonly Row[]): string {
  const lines = [
    '| database | workload | with access + audit | without | ratio |',
    '|---|---|---:|---:|---:|',
  ];
  for (const secured of rows.filter((r) => r.mode === 'secured')) {
    const open = rows.find(
      (r) => r.mode === 'open' && r.database === secured.database && r.workload === secured.workload,
    );
    if (!open) continue;
    lines.push(
      `| ${secured.database} | ${secured.label} | ${secured.result.throughput.toFixed(0)}/s | ${open.result.throughput.toFixed(0)}/s | ${(secured.result.throughput / open.result.throughput).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

/** A small SVG bar chart of throughput (secured and open, per database), for people who would rather look. */
export function chart(rows: readonly Row[]): string {
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const series = [
    { database: 'postgres', mode: 'secured', color: '#1f5f99', name: 'PostgreSQL, access + audit on' },
    { database: 'postgres', mode: 'open', color: '#8db7de', name: 'PostgreSQL, off' },
    { database: 'pglite', mode: 'secured', color: '#2e7d32', name: 'PGlite, access + audit on' },
    { database: 'pglite', mode: 'open', color: '#9ccc9c', name: 'PGlite, off' },
  ] as const;
  const max = Math.max(1, ...rows.map((r) => r.result.throughput));
  const barW = 18;
  const groupW = series.length * barW + 30;
  const width = 80 + workloads.length * groupW;
  const height = 320;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 110}" font-family="sans-serif" font-size="11">`,
    `<text x="10" y="18" font-size="14">Akson benchmark: requests per second (higher is better)</text>`,
  ];
  workloads.forEach((w, gi) => {
    const x0 = 60 + gi * groupW;
    series.forEach((s, si) => {
      const r = rows.find((x) => x.workload === w && x.database === s.database && x.mode === s.mode);
      if (!r) return;
      const h = (r.result.throughput / max) * (height - 60);
      parts.push(
        `<rect x="${x0 + si * barW}" y="${height - h}" width="${barW - 2}" height="${h}" fill="${s.color}"><title>${s.name}: ${r.result.throughput.toFixed(0)}/s, p99 ${r.result.p99.toFixed(1)} ms</title></rect>`,
      );
    });
    parts.push(`<text x="${x0}" y="${height + 16}">${w}</text>`);
  });
  series.forEach((s, i) =>
    parts.push(
      `<rect x="60" y="${height + 34 + i * 16}" width="10" height="10" fill="${s.color}"/><text x="76" y="${height + 43 + i * 16}">${s.name}</text>`,
    ),
  );
  parts.push('</svg>');
  return parts.join('\n');
}
