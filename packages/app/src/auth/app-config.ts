/** The server's settings for the app (packages/server/src/web/app-config.ts), read once at start. */
export interface AppIssuer {
  readonly issuer: string;
  readonly kinds: readonly ('personnel' | 'citizen')[];
}

export interface AppConfig {
  readonly fhirBase: string;
  readonly clientId: string;
  readonly issuers: readonly AppIssuer[];
  readonly demo: boolean;
  readonly emergencyHours: number;
  readonly selfDeclaredHours: number;
}

export async function loadAppConfig(): Promise<AppConfig> {
  const response = await fetch('/app-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`app-config.json: HTTP ${response.status}`);
  return (await response.json()) as AppConfig;
}
