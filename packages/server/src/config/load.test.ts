import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.ts';
import { CONFIG_KEYS } from './schema.ts';

describe('configuration', () => {
  it('documents every setting in the README', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');
    for (const key of CONFIG_KEYS)
      expect(readme, key.env).toMatch(new RegExp(`\\|\\s*\`${key.env}\`\\s*\\|`));
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(
        {},
        { AKSON_PORT: 'eighty', AKSON_MODE: 'test', AKSON_TIMEZONE: 'Mars/Olympus', AKSON_TYPO: '1' },
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('AKSON_PORT');
    expect(problems).toContain('AKSON_MODE');
    expect(problems).toContain('AKSON_TIMEZONE');
    expect(problems).toContain('AKSON_TYPO is not a known setting');
  });

  it('refuses production without a database, issuers and an audit key', () => {
    expect(() => loadConfig({}, { AKSON_MODE: 'production' })).toThrow(
      /DATABASE_URL[\s\S]*AKSON_AUTH_ISSUERS[\s\S]*AKSON_AUDIT_KEY/,
    );
  });

  it('refuses the development issuer in production, reported with the other problems', () => {
    const production = {
      AKSON_MODE: 'production',
      DATABASE_URL: 'postgres://x@y/z',
      AKSON_AUDIT_KEY: 'b'.repeat(64),
      AKSON_DEV_ISSUER: 'on',
      AKSON_PORT: 'eighty',
    };
    let error: unknown;
    try {
      loadConfig({}, production);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/AKSON_DEV_ISSUER=on is not allowed in production/);
    expect(problems).toContain('AKSON_PORT');
    expect(loadConfig({}, { AKSON_DEV_ISSUER: 'on' }).auth.devIssuer).toBe(true); // demo: fine
  });

  it('reads client policies as scopes or as scopes with a restrictions setting (default: honour)', () => {
    const config = loadConfig(
      {},
      {
        AKSON_CLIENT_POLICIES: JSON.stringify({
          ehr: 'system/*.rs',
          migration: { scopes: 'system/*.cruds', restrictions: 'exempt' },
          app: { scopes: 'system/Patient.rs' },
        }),
      },
    );
    expect(config.auth.clientPolicies).toEqual({
      ehr: 'system/*.rs',
      migration: 'system/*.cruds',
      app: 'system/Patient.rs',
    });
    expect(config.auth.clientRestrictions).toEqual({ ehr: 'honour', migration: 'exempt', app: 'honour' });
    for (const bad of [
      { x: { scopes: 'system/*.rs', restrictions: 'ignore' } },
      { x: { restrictions: 'exempt' } },
      { x: { scopes: 'system/*.rs', exempt: true } },
      ['system/*.rs'],
    ])
      expect(
        () => loadConfig({}, { AKSON_CLIENT_POLICIES: JSON.stringify(bad) }),
        JSON.stringify(bad),
      ).toThrow(/AKSON_CLIENT_POLICIES/);
  });

  it('is frozen, and the development issuer follows the mode', () => {
    const demo = loadConfig({}, {});
    expect(Object.isFrozen(demo.auth)).toBe(true);
    expect(demo.auth.devIssuer).toBe(true);
    const production = loadConfig(
      {},
      {
        AKSON_MODE: 'production',
        DATABASE_URL: 'postgres://x@y/z',
        AKSON_AUDIT_KEY: 'b'.repeat(64),
        AKSON_AUTH_ISSUERS: JSON.stringify([
          {
            issuer: 'https://helseid-sts.nhn.no',
            jwksUri: 'https://helseid-sts.nhn.no/.well-known/openid-configuration/jwks',
            kinds: ['personnel', 'system'],
          },
        ]),
      },
    );
    expect(production.auth.devIssuer).toBe(false);
  });
});
