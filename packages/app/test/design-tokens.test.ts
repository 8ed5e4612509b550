import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * WCAG 2.1 AA contrast of the design tokens (src/styles/tokens.css), for every text/background pair the styles
 * use: 4.5:1 for text, 3:1 for interface parts (input borders, focus outline). A token change that breaks a
 * pair fails here, before anyone has to notice it on a screen.
 */

const css = readFileSync(new URL('../src/styles/tokens.css', import.meta.url), 'utf8');
const appCss = readFileSync(new URL('../src/styles/app.css', import.meta.url), 'utf8');
const tokens = new Map(
  [...css.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1] as string, m[2] as string]),
);

function color(name: string): string {
  if (name.startsWith('#')) return name;
  const value = tokens.get(name);
  if (!value) throw new Error(`no token --${name}`);
  return value;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(color(a)), luminance(color(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT: [string, string][] = [
  ['color-text', 'color-bg'],
  ['color-text', 'color-bg-subtle'],
  ['color-text-muted', 'color-bg'],
  ['color-text-muted', 'color-bg-subtle'],
  ['color-primary', 'color-bg'],
  ['color-primary', 'color-primary-bg'],
  ['color-primary-hover', 'color-primary-bg'],
  ['color-on-primary', 'color-primary'],
  ['color-on-primary', 'color-primary-hover'],
  ['color-danger', 'color-bg'],
  ['color-danger', 'color-danger-bg'],
  ['#ffffff', 'color-danger'],
  ['color-text', 'color-danger-bg'],
  ['color-warning-text', 'color-warning-bg'],
  ['color-text', 'color-warning-bg'],
  ['color-success', 'color-bg'],
  ['color-success', 'color-success-bg'],
  ['color-text', 'color-success-bg'],
  ['color-text', 'color-info-bg'],
  ['color-banner-text', 'color-banner-bg'],
  ['color-danger', 'color-critical-bg'],
  ['color-primary', 'color-bg-subtle'],
];

const INTERFACE: [string, string][] = [
  ['color-border', 'color-bg'],
  ['color-focus', 'color-bg'],
  ['color-warning-border', 'color-warning-bg'],
  ['#ffffff', 'color-banner-bg'],
  ['color-focus-on-banner', 'color-banner-bg'],
];

/**
 * The token a focus outline takes inside `scope` (".patient-banner"), as app.css says: the scope's own
 * `:focus-visible` rule, else the page-wide one.
 */
function focusColourIn(scope: string): string {
  const escaped = scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const scoped = new RegExp(`${escaped}\\s+:focus-visible\\s*\\{([^}]*)\\}`).exec(appCss)?.[1];
  const global = /(?:^|\n):focus-visible\s*\{([^}]*)\}/.exec(appCss)?.[1] ?? '';
  const colour = /outline(?:-color)?:[^;]*var\(--([a-z0-9-]+)\)/.exec(scoped ?? global)?.[1];
  if (!colour) throw new Error(`no focus outline colour for ${scope}`);
  return colour;
}

describe('design tokens', () => {
  it.each(TEXT)('text %s on %s reaches 4.5:1', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });
  it.each(INTERFACE)('interface part %s on %s reaches 3:1', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(3);
  });
  it.each([
    ['body', 'color-bg'],
    ['.patient-banner', 'color-banner-bg'],
  ])('the focus ring inside %s is visible on %s (3:1)', (scope, bg) => {
    expect(contrast(focusColourIn(scope), bg)).toBeGreaterThanOrEqual(3);
  });
});
