import { createHash, createHmac } from 'node:crypto';

/**
 * The seal of one audit entry: HMAC-SHA256 over its lane, its position and its content's digest, chained to
 * the previous entry's seal. Changing, removing or reordering an entry breaks every seal after it, and without
 * the key nobody can forge a consistent chain. The key comes from AKSON_AUDIT_KEY.
 */
export function sealEntry(key: Buffer, previous: string, lane: number, seq: number, content: string): string {
  const digest = createHash('sha256').update(content, 'utf8').digest('hex');
  return createHmac('sha256', key).update(`${previous}\n${lane}\n${seq}\n${digest}`).digest('hex');
}
