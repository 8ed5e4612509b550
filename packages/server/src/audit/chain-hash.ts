import { createHash, createHmac, type KeyObject } from 'node:crypto';

/** What one audit entry's seal covers: the event, and the columns that decide who can find it. */
export interface SealedFields {
  readonly content: string;
  readonly patientId: string;
  readonly accessTags: readonly string[];
}

/**
 * The seal of one audit entry: HMAC-SHA256 over its lane, its position, and a digest of its content together
 * with the patient it is filed under and its tags (who may find it), chained to the previous entry's seal.
 * Changing, hiding, removing or reordering an entry breaks every seal after it, and without the key nobody can
 * forge a consistent chain. The key comes from AKSON_AUDIT_KEY; pass it as a KeyObject (createSecretKey) where
 * many entries are sealed: preparing a raw key on every call made a seal cost 15 µs instead of 5.
 */
export function sealEntry(
  key: KeyObject | Buffer,
  previous: string,
  lane: number,
  seq: number,
  fields: SealedFields,
): string {
  const digest = createHash('sha256')
    .update(fields.content, 'utf8')
    .update(`\n${fields.patientId}\n${fields.accessTags.join(',')}`, 'utf8')
    .digest('hex');
  return createHmac('sha256', key).update(`${previous}\n${lane}\n${seq}\n${digest}`).digest('hex');
}
