import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AksonConfig } from '../config/schema.ts';

/**
 * The audit chain's HMAC key: AKSON_AUDIT_KEY (required in production), or in demo mode a key generated once and
 * kept in the data folder next to the embedded database, so that `akson audit verify` can check the demo log.
 */
export function auditKey(config: AksonConfig): Buffer {
  if (config.audit.key) return Buffer.from(config.audit.key, 'hex');
  const file = join(config.database.dataDir, 'audit-key.hex');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
