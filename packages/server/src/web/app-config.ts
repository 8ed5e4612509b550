import { DEMO_WEB_CLIENT } from '../demo/demo-municipality.ts';
import type { AksonConfig } from '../config/schema.ts';

/** An issuer the app can send people to, and which kinds of people sign in there. */
export interface AppIssuer {
  readonly issuer: string;
  readonly kinds: readonly ('personnel' | 'citizen')[];
}

/** What the web app needs to know about the server it is served by (`/app-config.json`). */
export interface AppConfig {
  readonly fhirBase: string;
  readonly clientId: string;
  readonly issuers: readonly AppIssuer[];
  /** The development issuer is on: the app says that this is a demo. */
  readonly demo: boolean;
  /** How long emergency access and a self-declared relation last, said before the clinician confirms. */
  readonly emergencyHours: number;
  readonly selfDeclaredHours: number;
}

/**
 * The app's settings come from the server, never from the bundle: the same build runs behind any public URL
 * and any issuer. People sign in at the development issuer in the demo, else at the configured issuers that
 * sign in personnel or citizens (systems never use the app).
 */
export function appConfig(config: AksonConfig): AppConfig {
  const issuers: AppIssuer[] = config.auth.devIssuer
    ? [{ issuer: `${config.publicUrl}/auth`, kinds: ['personnel', 'citizen'] }]
    : config.auth.issuers
        .map((i) => ({
          issuer: i.issuer,
          kinds: i.kinds.filter((k): k is 'personnel' | 'citizen' => k !== 'system'),
        }))
        .filter((i) => i.kinds.length > 0);
  return {
    fhirBase: `${config.publicUrl}/fhir`,
    clientId: DEMO_WEB_CLIENT.clientId,
    issuers,
    demo: config.auth.devIssuer,
    emergencyHours: config.access.emergencyHours,
    selfDeclaredHours: config.access.selfDeclaredHours,
  };
}
