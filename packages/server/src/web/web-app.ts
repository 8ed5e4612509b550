import type { FastifyInstance } from 'fastify';
import type { AksonConfig } from '../config/schema.ts';

/**
 * Serves the clinician web app and the citizen portal (packages/app, built by Vite) at `/`. The app is a
 * public, static bundle: it holds no data and signs in through the configured OIDC issuer like any client.
 */
export async function registerWebApp(_app: FastifyInstance, _config: AksonConfig): Promise<void> {}
