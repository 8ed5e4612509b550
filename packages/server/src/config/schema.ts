/**
 * Every configuration key the server reads, with its type, default and meaning. Values come from the
 * environment (see load.ts); nothing else in the code base reads process.env.
 */
export interface AksonConfig {
  /** 'demo' runs the embedded database, the development issuer and the demo municipality; 'production' needs real settings. */
  readonly mode: 'demo' | 'production';
  readonly host: string;
  readonly port: number;
  /** Public URL of the server (scheme, host, port); the FHIR base is `${publicUrl}/fhir`. */
  readonly publicUrl: string;
  readonly database: {
    /** postgres:// URL of a PostgreSQL server; undefined for the embedded database. */
    readonly url: string | undefined;
    /** Folder of the embedded database. */
    readonly dataDir: string;
    readonly poolSize: number;
    readonly statementTimeoutMs: number;
  };
  readonly http: {
    readonly bodyLimitBytes: number;
    readonly maxJsonDepth: number;
    readonly corsOrigins: readonly string[];
    readonly maxBundleEntries: number;
  };
  readonly search: {
    readonly defaultCount: number;
    readonly maxCount: number;
  };
  /** Zone for FHIR dates without one (search and indexing). */
  readonly timeZone: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export interface KeySpec {
  readonly env: string;
  readonly description: string;
  readonly default?: string;
}

/** The environment variables, for documentation (README) and error messages. */
export const CONFIG_KEYS: readonly KeySpec[] = [
  { env: 'AKSON_MODE', description: "'demo' (embedded database, development issuer, demo data) or 'production'", default: 'demo' },
  { env: 'AKSON_HOST', description: 'Interface to listen on', default: '127.0.0.1' },
  { env: 'AKSON_PORT', description: 'Port to listen on', default: '8080' },
  { env: 'AKSON_PUBLIC_URL', description: 'Public URL of the server (links and token audience)', default: 'http://localhost:<port>' },
  { env: 'DATABASE_URL', description: 'postgres:// URL of a PostgreSQL server; unset = embedded PGlite' },
  { env: 'AKSON_DATA_DIR', description: 'Folder of the embedded database', default: './data' },
  { env: 'AKSON_DB_POOL_SIZE', description: 'PostgreSQL connection pool size', default: '16' },
  { env: 'AKSON_STATEMENT_TIMEOUT_MS', description: 'PostgreSQL statement timeout, 0 for none', default: '30000' },
  { env: 'AKSON_BODY_LIMIT_BYTES', description: 'Largest accepted request body', default: '16777216' },
  { env: 'AKSON_MAX_JSON_DEPTH', description: 'Deepest accepted JSON nesting', default: '64' },
  { env: 'AKSON_CORS_ORIGINS', description: 'Comma-separated origins allowed to call the API from a browser', default: '' },
  { env: 'AKSON_MAX_BUNDLE_ENTRIES', description: 'Most entries in a batch or transaction', default: '5000' },
  { env: 'AKSON_SEARCH_DEFAULT_COUNT', description: 'Page size when _count is not given', default: '20' },
  { env: 'AKSON_SEARCH_MAX_COUNT', description: 'Largest _count', default: '1000' },
  { env: 'AKSON_TIMEZONE', description: 'Time zone for dates without one', default: 'Europe/Oslo' },
  { env: 'AKSON_LOG_LEVEL', description: 'fatal, error, warn, info, debug, trace or silent', default: 'info' },
];
