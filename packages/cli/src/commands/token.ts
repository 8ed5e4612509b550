import { join } from 'node:path';
import { DevIssuer, signInChoices } from '@akson/server';
import { configOrExit } from './load-config.ts';

export const tokenHelp = `akson token <user|client> [--data-dir DIR]
  Prints an access token from the built-in development issuer (demo mode only), for scripts and curl:
    akson token silje                      a home care nurse (her only role)
    akson token berg@solglott-avd-2        a doctor acting for another of his units
    akson token ingrid                     a citizen
    akson token lillesand-migrering        the demo integration client (system/*.cruds)
  Run without a name to list every demo user.`;

export async function token(name: string | undefined, flags: { 'data-dir'?: string }): Promise<void> {
  const config = configOrExit(flags['data-dir'] ? { AKSON_DATA_DIR: flags['data-dir'] } : {});
  if (!config.auth.devIssuer) {
    process.stderr.write(
      'The development issuer is off (production mode). Get tokens from HelseID or your identity provider.\n',
    );
    process.exit(2);
  }
  if (!name) {
    for (const c of signInChoices()) process.stdout.write(`${c.key.padEnd(36)} ${c.label} — ${c.group}\n`);
    process.stdout.write(`${'lillesand-migrering'.padEnd(36)} integration client (system/*.cruds)\n`);
    return;
  }
  const issuer = await DevIssuer.create({
    publicUrl: config.publicUrl,
    audience: config.auth.audience,
    keyDir: join(config.database.dataDir, 'dev-issuer'),
    tokenLifetimeSeconds: 8 * 3600,
  });
  try {
    process.stdout.write(`${await issuer.tokenFor(name)}\n`);
  } catch {
    process.stderr.write(`No demo user or client called "${name}". Run "akson token" to list them.\n`);
    process.exit(2);
  }
}
