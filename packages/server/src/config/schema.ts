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
  readonly attachments: {
    /** Largest Binary (decoded bytes). */
    readonly maxBytes: number;
    /** Content types a Binary may have. */
    readonly contentTypes: readonly string[];
  };
  readonly search: {
    readonly defaultCount: number;
    readonly maxCount: number;
  };
  readonly auth: {
    /** Expected `aud` of access tokens. */
    readonly audience: string;
    readonly algorithms: readonly string[];
    readonly clockToleranceSeconds: number;
    /** External issuers (HelseID, ID-porten, ...): issuer URL, JWKS URL, which kinds of caller each may sign in. */
    readonly issuers: readonly {
      issuer: string;
      jwksUri: string;
      kinds: readonly ('personnel' | 'citizen' | 'system')[];
    }[];
    /** The built-in development issuer (demo users, `akson token`). */
    readonly devIssuer: boolean;
    /** HelseID security level required for personnel. */
    readonly requiredSecurityLevel: string;
    /** API-side policy for system clients: client id -> the SMART scopes it may ever have. */
    readonly clientPolicies: Readonly<Record<string, string>>;
    /**
     * Per configured client: whether it honours blocks, private and confidential entries ('honour', the
     * default) or is exempt (a migration job that must import everything). See auth/client-restrictions.ts.
     */
    readonly clientRestrictions: Readonly<Record<string, 'honour' | 'exempt'>>;
  };
  readonly access: {
    /** Read access lasts this long after a derived care relation ends. */
    readonly relationGraceDays: number;
    readonly emergencyHours: number;
    readonly selfDeclaredHours: number;
    /** Services whose notes are private to the service by default (municipalities can change this). */
    readonly privateServices: readonly string[];
  };
  readonly audit: {
    /** HMAC key for the audit hash chain (hex); undefined in demo mode means "generate and keep in the data folder". */
    readonly key: string | undefined;
  };
  readonly medication: {
    /** An official FEST file (M30, .xml or .xml.gz) for interaction checks; undefined = Akson's own sample. */
    readonly festFile: string | undefined;
  };
  readonly metrics: {
    /** Serve Prometheus metrics at /metrics. */
    readonly enabled: boolean;
    /** Bearer token a scraper must send; without one, only loopback callers get metrics. */
    readonly token: string | undefined;
  };
  /**
   * On SIGTERM/SIGINT the server stops accepting connections and finishes the requests in flight; after this
   * long it exits anyway (a request held open must not keep a rolling restart waiting for ever).
   */
  readonly shutdownTimeoutMs: number;
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
  {
    env: 'AKSON_MODE',
    description: "'demo' (embedded database, development issuer, demo data) or 'production'",
    default: 'demo',
  },
  { env: 'AKSON_HOST', description: 'Interface to listen on', default: '127.0.0.1' },
  { env: 'AKSON_PORT', description: 'Port to listen on', default: '8080' },
  {
    env: 'AKSON_PUBLIC_URL',
    description: 'Public URL of the server (links and token audience)',
    default: 'http://localhost:<port>',
  },
  { env: 'DATABASE_URL', description: 'postgres:// URL of a PostgreSQL server; unset = embedded PGlite' },
  { env: 'AKSON_DATA_DIR', description: 'Folder of the embedded database', default: './data' },
  { env: 'AKSON_DB_POOL_SIZE', description: 'PostgreSQL connection pool size', default: '16' },
  {
    env: 'AKSON_STATEMENT_TIMEOUT_MS',
    description: 'PostgreSQL statement timeout, 0 for none',
    default: '30000',
  },
  { env: 'AKSON_BODY_LIMIT_BYTES', description: 'Largest accepted request body', default: '16777216' },
  { env: 'AKSON_MAX_JSON_DEPTH', description: 'Deepest accepted JSON nesting', default: '64' },
  {
    env: 'AKSON_CORS_ORIGINS',
    description: 'Comma-separated origins allowed to call the API from a browser',
    default: '',
  },
  {
    env: 'AKSON_ATTACHMENT_MAX_BYTES',
    description: 'Largest attachment (Binary), decoded bytes',
    default: '10485760',
  },
  {
    env: 'AKSON_ATTACHMENT_TYPES',
    description: 'Comma-separated content types an attachment may have',
    default: 'application/pdf,image/jpeg,image/png,text/plain',
  },
  { env: 'AKSON_MAX_BUNDLE_ENTRIES', description: 'Most entries in a batch or transaction', default: '5000' },
  { env: 'AKSON_SEARCH_DEFAULT_COUNT', description: 'Page size when _count is not given', default: '20' },
  { env: 'AKSON_SEARCH_MAX_COUNT', description: 'Largest _count', default: '1000' },
  {
    env: 'AKSON_FEST_FILE',
    description:
      "Official FEST file (M30 XML, optionally gzipped) for interaction checks; unset = Akson's sample catalogue",
  },
  { env: 'AKSON_METRICS', description: 'Prometheus metrics at /metrics, on or off', default: 'on' },
  {
    env: 'AKSON_METRICS_TOKEN',
    description: 'Bearer token for /metrics; unset = only callers on this machine (loopback)',
  },
  {
    env: 'AKSON_SHUTDOWN_TIMEOUT_MS',
    description:
      'On SIGTERM/SIGINT, how long requests in flight may take to finish before the process exits anyway',
    default: '10000',
  },
  { env: 'AKSON_TIMEZONE', description: 'Time zone for dates without one', default: 'Europe/Oslo' },
  {
    env: 'AKSON_LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent',
    default: 'info',
  },
  {
    env: 'AKSON_AUTH_AUDIENCE',
    description: 'Expected audience (aud) of access tokens',
    default: '<public url>/fhir',
  },
  {
    env: 'AKSON_AUTH_ISSUERS',
    description:
      'JSON list of trusted issuers: [{"issuer":"https://helseid-sts.nhn.no","jwksUri":"...","kinds":["personnel","system"]}]',
    default: '[]',
  },
  {
    env: 'AKSON_AUTH_ALGORITHMS',
    description: 'Accepted token signing algorithms',
    default: 'RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512',
  },
  {
    env: 'AKSON_DEV_ISSUER',
    description: "Built-in development issuer: 'on' or 'off' (never allowed in production mode)",
    default: "'on' in demo mode, 'off' in production",
  },
  {
    env: 'AKSON_REQUIRED_SECURITY_LEVEL',
    description: 'HelseID security level required for health personnel',
    default: '4',
  },
  {
    env: 'AKSON_CLIENT_POLICIES',
    description:
      'JSON object: client id -> the SMART system scopes it may ever have ("system/*.rs"), or {"scopes":"system/*.rs","restrictions":"exempt"} for a client that may see past blocks, private and confidential entries (default "honour")',
    default: '{}',
  },
  {
    env: 'AKSON_RELATION_GRACE_DAYS',
    description: 'Days of read access after a care relation ends',
    default: '30',
  },
  { env: 'AKSON_EMERGENCY_HOURS', description: 'How long emergency access lasts', default: '4' },
  {
    env: 'AKSON_SELF_DECLARED_HOURS',
    description: 'How long a self-declared care relation lasts',
    default: '72',
  },
  {
    env: 'AKSON_PRIVATE_SERVICES',
    description: 'Services whose notes are private to the service',
    default: 'psykisk-helse-rus,helsestasjon,skolehelsetjeneste',
  },
  {
    env: 'AKSON_AUDIT_KEY',
    description: 'Hex HMAC key (at least 32 bytes) for the audit hash chain; required in production',
  },
];
