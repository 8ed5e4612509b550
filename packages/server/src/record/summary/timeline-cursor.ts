import { fail } from '@akson/fhir';
import type { TimelinePosition } from './timeline-reads.ts';

/** A timeline page's cursor: the time and key of the last entry before it, opaque to clients. */
export function encodeTimelineCursor(position: TimelinePosition): string {
  return Buffer.from(JSON.stringify([new Date(position.time).toISOString(), position.key]), 'utf8').toString(
    'base64url',
  );
}

/** Checked strictly, so a tampered cursor is a 400 and never reaches a search. */
export function decodeTimelineCursor(cursor: string): TimelinePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail('AKS_ERR_SEARCH_CURSOR');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw fail('AKS_ERR_SEARCH_CURSOR');
  const [time, key] = parsed as unknown[];
  const ms =
    typeof time === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(time)
      ? Date.parse(time)
      : NaN;
  if (Number.isNaN(ms) || typeof key !== 'string' || !/^[A-Za-z]+\/[A-Za-z0-9.-]{1,64}(#end)?$/.test(key)) {
    throw fail('AKS_ERR_SEARCH_CURSOR');
  }
  return { time: ms, key };
}
