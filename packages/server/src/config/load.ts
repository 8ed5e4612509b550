import { resolve } from 'node:path';
import { CONFIG_KEYS, type AksonConfig } from './schema.ts';

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the configuration once, checks every key, and reports all problems together (so an operator fixes them
 * in one go). Returns a frozen object that is passed to buildApp; nothing else reads the environment.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Record<string, string>> = {},
): AksonConfig {
  const source = { ...env, ...overrides };
  const problems: string[] = [];
  const known = new Set(CONFIG_KEYS.map((k) => k.env));
  for (const key of Object.keys(source)) {
    if (key.startsWith('AKSON_') && !known.has(key) && !key.startsWith('AKSON_TEST_')) {
      problems.push(
        `${key} is not a known setting (known: ${[...known].filter((k) => k.startsWith('AKSON_')).join(', ')})`,
      );
    }
  }
  const text = (name: string, fallback: string): string => source[name]?.trim() || fallback;
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = source[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };

  const mode = text('AKSON_MODE', 'demo');
  if (mode !== 'demo' && mode !== 'production')
    problems.push(`AKSON_MODE=${mode} must be 'demo' or 'production'`);
  const port = int('AKSON_PORT', 8080, 0, 65535);
  const publicUrl = text('AKSON_PUBLIC_URL', `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(publicUrl))
    problems.push(`AKSON_PUBLIC_URL=${publicUrl} must be http(s)://host[:port] without a path`);
  const databaseUrl = source['DATABASE_URL']?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  if (mode === 'production' && !databaseUrl) {
    problems.push('Production mode needs DATABASE_URL: the embedded database is for demos and development');
  }
  const timeZone = text('AKSON_TIMEZONE', 'Europe/Oslo');
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`AKSON_TIMEZONE=${timeZone} is not a known IANA time zone (for example Europe/Oslo)`);
  }
  const logLevel = text('AKSON_LOG_LEVEL', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`AKSON_LOG_LEVEL=${logLevel} must be one of ${LOG_LEVELS.join(', ')}`);
  const defaultCount = int('AKSON_SEARCH_DEFAULT_COUNT', 20, 1, 10_000);
  const maxCount = int('AKSON_SEARCH_MAX_COUNT', 1000, 1, 10_000);
  if (defaultCount > maxCount)
    problems.push('AKSON_SEARCH_DEFAULT_COUNT cannot exceed AKSON_SEARCH_MAX_COUNT');

  const issuers = parseJson<AksonConfig['auth']['issuers']>('AKSON_AUTH_ISSUERS', source, problems, []);
  for (const [i, iss] of issuers.entries()) {
    if (
      !iss ||
      typeof iss.issuer !== 'string' ||
      typeof iss.jwksUri !== 'string' ||
      !Array.isArray(iss.kinds)
    ) {
      problems.push(`AKSON_AUTH_ISSUERS[${i}] needs issuer, jwksUri and kinds (personnel, citizen, system)`);
    }
  }
  const { scopes: clientPolicies, restrictions: clientRestrictions } = parseClientPolicies(
    parseJson<unknown>('AKSON_CLIENT_POLICIES', source, problems, {}),
    problems,
  );
  const devIssuerSetting = text('AKSON_DEV_ISSUER', mode === 'demo' ? 'on' : 'off');
  if (devIssuerSetting !== 'on' && devIssuerSetting !== 'off')
    problems.push(`AKSON_DEV_ISSUER=${devIssuerSetting} must be 'on' or 'off'`);
  // The development issuer signs any demo user's token with keys kept beside the data: never in production.
  if (mode === 'production' && devIssuerSetting === 'on')
    problems.push(
      'AKSON_DEV_ISSUER=on is not allowed in production mode: the development issuer signs tokens for anyone. Use AKSON_AUTH_ISSUERS (HelseID, ID-porten)',
    );
  if (mode === 'production' && devIssuerSetting === 'off' && issuers.length === 0) {
    problems.push(
      'Production mode needs at least one trusted issuer in AKSON_AUTH_ISSUERS (HelseID for personnel)',
    );
  }
  const metricsSetting = text('AKSON_METRICS', 'on');
  if (metricsSetting !== 'on' && metricsSetting !== 'off')
    problems.push(`AKSON_METRICS=${metricsSetting} must be 'on' or 'off'`);
  const metricsToken = source['AKSON_METRICS_TOKEN']?.trim() || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16)
    problems.push('AKSON_METRICS_TOKEN must be at least 16 characters');
  const auditKey = source['AKSON_AUDIT_KEY']?.trim() || undefined;
  if (auditKey !== undefined && !/^[0-9a-fA-F]{64,}$/.test(auditKey))
    problems.push('AKSON_AUDIT_KEY must be at least 32 bytes written as hex (64+ hex digits)');
  if (mode === 'production' && !auditKey)
    problems.push('Production mode needs AKSON_AUDIT_KEY (the audit log is sealed with it)');

  const config: AksonConfig = {
    mode: mode as AksonConfig['mode'],
    host: text('AKSON_HOST', '127.0.0.1'),
    port,
    publicUrl,
    database: {
      url: databaseUrl,
      dataDir: resolve(text('AKSON_DATA_DIR', './data')),
      poolSize: int('AKSON_DB_POOL_SIZE', 16, 1, 500),
      statementTimeoutMs: int('AKSON_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
    },
    attachments: {
      maxBytes: int('AKSON_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      contentTypes: text('AKSON_ATTACHMENT_TYPES', 'application/pdf,image/jpeg,image/png,text/plain')
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    },
    http: {
      bodyLimitBytes: int('AKSON_BODY_LIMIT_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxJsonDepth: int('AKSON_MAX_JSON_DEPTH', 64, 8, 1000),
      corsOrigins: text('AKSON_CORS_ORIGINS', '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      maxBundleEntries: int('AKSON_MAX_BUNDLE_ENTRIES', 5000, 1, 100_000),
    },
    search: { defaultCount, maxCount },
    auth: {
      audience: text('AKSON_AUTH_AUDIENCE', `${publicUrl}/fhir`),
      algorithms: text('AKSON_AUTH_ALGORITHMS', 'RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a && a.toLowerCase() !== 'none' && !a.startsWith('HS')),
      clockToleranceSeconds: 30,
      issuers,
      devIssuer: devIssuerSetting === 'on',
      requiredSecurityLevel: text('AKSON_REQUIRED_SECURITY_LEVEL', '4'),
      clientPolicies,
      clientRestrictions,
    },
    access: {
      relationGraceDays: int('AKSON_RELATION_GRACE_DAYS', 30, 0, 3650),
      emergencyHours: int('AKSON_EMERGENCY_HOURS', 4, 1, 72),
      selfDeclaredHours: int('AKSON_SELF_DECLARED_HOURS', 72, 1, 24 * 90),
      privateServices: text('AKSON_PRIVATE_SERVICES', 'psykisk-helse-rus,helsestasjon,skolehelsetjeneste')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    },
    audit: { key: auditKey },
    medication: { festFile: source['AKSON_FEST_FILE']?.trim() || undefined },
    metrics: { enabled: metricsSetting === 'on', token: metricsToken },
    shutdownTimeoutMs: int('AKSON_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    timeZone,
    logLevel: logLevel as AksonConfig['logLevel'],
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/**
 * AKSON_CLIENT_POLICIES: client id -> the SMART scopes it may ever have, either as a scope string or as
 * {"scopes": "...", "restrictions": "honour" | "exempt"}. Restrictions (blocks, private and confidential
 * entries) are honoured unless a client is registered as exempt (a migration job that must import everything).
 */
function parseClientPolicies(
  value: unknown,
  problems: string[],
): {
  scopes: Record<string, string>;
  restrictions: Record<string, 'honour' | 'exempt'>;
} {
  const scopes: Record<string, string> = {};
  const restrictions: Record<string, 'honour' | 'exempt'> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(
      'AKSON_CLIENT_POLICIES must be a JSON object: client id -> scopes or {"scopes", "restrictions"}',
    );
    return { scopes, restrictions };
  }
  for (const [clientId, policy] of Object.entries(value as Record<string, unknown>)) {
    if (typeof policy === 'string') {
      scopes[clientId] = policy;
      restrictions[clientId] = 'honour';
      continue;
    }
    const p = policy as { scopes?: unknown; restrictions?: unknown } | null;
    const extra =
      p && typeof p === 'object' ? Object.keys(p).filter((k) => k !== 'scopes' && k !== 'restrictions') : [];
    if (
      !p ||
      typeof p !== 'object' ||
      typeof p.scopes !== 'string' ||
      (p.restrictions !== undefined && p.restrictions !== 'honour' && p.restrictions !== 'exempt') ||
      extra.length > 0
    ) {
      problems.push(
        `AKSON_CLIENT_POLICIES["${clientId}"] must be a scope string or {"scopes": "system/...", "restrictions": "honour" or "exempt"}`,
      );
      continue;
    }
    scopes[clientId] = p.scopes;
    restrictions[clientId] = (p.restrictions as 'honour' | 'exempt' | undefined) ?? 'honour';
  }
  return { scopes, restrictions };
}

function parseJson<T>(
  name: string,
  source: Record<string, string | undefined>,
  problems: string[],
  fallback: T,
): T {
  const raw = source[name]?.trim();
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    problems.push(`${name} is not valid JSON`);
    return fallback;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
