// The web app bundles codes/index.ts and observations/index.ts. Follow their relative imports and fail if any
// module they reach imports a Node built-in: those belong in node.ts.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm;

function nodeImportsReachableFrom(entry: URL): { files: number; problems: string[] } {
  const seen = new Set<string>();
  const problems: string[] = [];
  const visit = (url: URL): void => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const source = readFileSync(fileURLToPath(url), 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:')) problems.push(`${fileURLToPath(url)} imports ${specifier}`);
      else if (specifier.startsWith('.')) visit(new URL(specifier, url));
    }
  };
  visit(entry);
  return { files: seen.size, problems };
}

describe('browser-safe entry points', () => {
  it.each(['./index.ts', '../observations/index.ts'])('%s reaches no node: imports', (entry) => {
    const { files, problems } = nodeImportsReachableFrom(new URL(entry, import.meta.url));
    expect(files).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });

  it('node.ts is where the file-system access lives', () => {
    expect(nodeImportsReachableFrom(new URL('./node.ts', import.meta.url)).problems.length).toBeGreaterThan(
      0,
    );
  });
});
