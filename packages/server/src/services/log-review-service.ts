import { fail } from '@akson/fhir';
import { auditEventsTagged, heavyAuditUsers, markAuditReviewed, readCurrent, reviewsOf } from '@akson/store';
import type { FastifyInstance } from 'fastify';
import type { AccessContext } from '../access/access-context.ts';
import type { PersonnelActor } from '../access/actor.ts';
import { TAG } from '../access/access-tags.ts';

export type ReviewFlag =
  'emergency' | 'self-declared' | 'same-surname-address' | 'lookup' | 'denied' | 'unusual-volume';

export interface FlaggedAccess {
  /** What `markReviewed` takes: the AuditEvent id, or for unusual volume a key naming the user and the period. */
  readonly entry: string;
  readonly auditId: string | undefined;
  readonly flag: ReviewFlag;
  readonly when: string | undefined;
  readonly who: string;
  readonly unit: string | undefined;
  readonly patientId: string | undefined;
  readonly patientName: string | undefined;
  readonly reason: string | undefined;
  readonly detail: string | undefined;
  readonly review: { readonly by: string; readonly at: string; readonly comment: string } | undefined;
}

const FLAG_TAGS: Record<Exclude<ReviewFlag, 'unusual-volume'>, string> = {
  emergency: 'flag:emergency',
  'self-declared': 'flag:self-declared',
  'same-surname-address': 'flag:same-surname-address',
  // Finding someone by national id outside one's relations is how snooping usually starts.
  lookup: 'flag:lookup',
  denied: 'flag:denied',
};

export interface ReviewPage {
  readonly flagged: readonly FlaggedAccess[];
  /** Flagged events in the period, on every page together (unusual-volume entries are not counted in it). */
  readonly total: number;
  /** Cursor of the next page, when there are more events. */
  readonly next: string | undefined;
}

const VOLUME_PREFIX = 'unusual-volume|';

/** The key of an unusual-volume entry: the user (agent) and the day the period starts. */
function volumeEntry(agent: string, since: string): string {
  return `${VOLUME_PREFIX}${agent}|${since.slice(0, 10)}`;
}

function parseVolumeEntry(entry: string): { agent: string; since: string } | undefined {
  if (!entry.startsWith(VOLUME_PREFIX)) return undefined;
  const m = /^unusual-volume\|(.+)\|(\d{4}-\d{2}-\d{2})$/.exec(entry);
  if (!m || Number.isNaN(Date.parse(m[2] as string)))
    throw fail('AKS_ERR_OPERATION_PARAMETER', { param: 'entry', detail: 'not an entry key the report gave' });
  return { agent: m[1] as string, since: new Date(m[2] as string).toISOString() };
}

function encodeCursor(position: { recorded: string; id: string }): string {
  return Buffer.from(JSON.stringify([position.recorded, position.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { recorded: string; id: string } {
  try {
    const [recorded, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof recorded === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(recorded)))
      return { recorded, id };
  } catch {
    // falls through to the refusal below
  }
  throw fail('AKS_ERR_OPERATION_PARAMETER', {
    param: '_cursor',
    detail: 'use the next cursor the report gave',
  });
}

/**
 * The security officer's log review (access issue §11): emergency accesses, self-declared relations, access to
 * people with the same surname and address as the user, lookups by national id, refusals, and unusual volume,
 * for the officer's own municipality, a page at a time; each can be marked reviewed once, with a comment (the
 * events themselves never change).
 */
export class LogReviewService {
  readonly #app: FastifyInstance;
  readonly #access: AccessContext;

  constructor(app: FastifyInstance, access: AccessContext) {
    this.#app = app;
    this.#access = access;
  }

  /**
   * One page of the report, newest first: `count` flagged events after `cursor`, with how many there are in
   * all and the cursor of the next page (nothing is left out silently). Unusual volume, one entry per user
   * over the whole period, comes on the first page.
   */
  async report(
    since: string,
    volumeThreshold: number,
    page: { count: number; cursor?: string | undefined },
  ): Promise<ReviewPage> {
    const officer = this.#officer();
    const { db } = this.#app.akson.service;
    const orgTag = TAG.organisation(officer.municipalityOrgnr as string);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const { events: found, total } = await auditEventsTagged(
      db,
      { tags: Object.values(FLAG_TAGS), organisationTag: orgTag, since },
      page.count + 1,
      after,
    );
    const events = found.slice(0, page.count);
    const last = events[events.length - 1];
    const next =
      found.length > page.count && last ? encodeCursor({ recorded: last.recorded, id: last.id }) : undefined;
    const heavy = after ? [] : await heavyAuditUsers(db, orgTag, since, volumeThreshold);
    const volumeKey = (agentTag: string) => volumeEntry(agentTag.replace(/^agent:/, ''), since);
    const reviews = new Map(
      (await reviewsOf(db, [...events.map((e) => e.id), ...heavy.map((h) => volumeKey(h.agentTag))])).map(
        (r) => [r.entryKey, r],
      ),
    );
    const names = new Map<string, string | undefined>();
    const patientName = async (id: string | undefined): Promise<string | undefined> => {
      if (!id) return undefined;
      if (!names.has(id)) {
        const row = await readCurrent(db, 'Patient', id);
        const p = row?.content
          ? (JSON.parse(row.content) as { name?: { given?: string[]; family?: string }[] })
          : undefined;
        names.set(
          id,
          p ? [p.name?.[0]?.given?.join(' '), p.name?.[0]?.family].filter(Boolean).join(' ') : undefined,
        );
      }
      return names.get(id);
    };
    const flagged: FlaggedAccess[] = [];
    for (const e of events) {
      const event = JSON.parse(e.content) as {
        recorded?: string;
        agent?: { name?: string }[];
        contained?: { resourceType: string; name?: string }[];
        entity?: { what?: { reference?: string } }[];
        extension?: { url: string; extension?: { url: string; valueString?: string }[] }[];
      };
      const patientId = event.entity
        ?.find((x) => x.what?.reference?.startsWith('Patient/'))
        ?.what?.reference?.slice('Patient/'.length);
      const reason = event.extension
        ?.find((x) => x.url.endsWith('carerelation-metadata-extension'))
        ?.extension?.find((x) => x.url === 'decision-ref-description')?.valueString;
      const review = reviews.get(e.id);
      for (const [flag, tag] of Object.entries(FLAG_TAGS) as [
        Exclude<ReviewFlag, 'unusual-volume'>,
        string,
      ][]) {
        if (!e.accessTags.includes(tag)) continue;
        flagged.push({
          entry: e.id,
          auditId: e.id,
          flag,
          when: event.recorded,
          who: event.agent?.[0]?.name ?? 'Ukjent',
          unit: event.contained?.find((c) => c.resourceType === 'Organization')?.name,
          patientId,
          patientName: await patientName(patientId),
          reason,
          detail: undefined,
          review: review
            ? { by: review.reviewedBy, at: review.reviewedAt, comment: review.comment }
            : undefined,
        });
      }
    }
    for (const h of heavy) {
      const reference = h.agentTag.replace(/^agent:/, '');
      const review = reviews.get(volumeKey(h.agentTag));
      const practitioner = reference.startsWith('Practitioner/')
        ? await readCurrent(db, 'Practitioner', reference.slice('Practitioner/'.length))
        : undefined;
      const name = practitioner?.content
        ? (JSON.parse(practitioner.content) as { name?: { text?: string }[] }).name?.[0]?.text
        : undefined;
      flagged.push({
        entry: volumeKey(h.agentTag),
        auditId: undefined,
        flag: 'unusual-volume',
        when: undefined,
        who: name ?? reference,
        unit: undefined,
        patientId: undefined,
        patientName: undefined,
        reason: undefined,
        detail: `${h.patients} forskjellige pasienter siden ${since.slice(0, 10)} (terskel ${volumeThreshold})`,
        review: review
          ? { by: review.reviewedBy, at: review.reviewedAt, comment: review.comment }
          : undefined,
      });
    }
    await this.#access.audit.read([
      {
        interaction: 'operation',
        outcome: '0',
        entities: [],
        outcomeDescription: `log review since ${since}${after ? ' (a later page)' : ''}`,
      },
    ]);
    return { flagged, total, next };
  }

  /**
   * Marks one flagged entry reviewed, with a comment: an AuditEvent of the officer's municipality (by id), or
   * an unusual-volume entry (by the key the report gave it). A review is recorded once: marking the same entry
   * again is refused with 409, saying who reviewed it when, rather than silently keeping the first.
   */
  async markReviewed(entry: string, comment: unknown): Promise<void> {
    const officer = this.#officer();
    const text = typeof comment === 'string' ? comment.trim() : '';
    if (text.length < 3)
      throw fail('AKS_ERR_ACCESS_REASON_REQUIRED', { what: 'Marking an access as reviewed', min: 3 });
    const { db } = this.#app.akson.service;
    const orgTag = TAG.organisation(officer.municipalityOrgnr as string);
    const volume = parseVolumeEntry(entry);
    if (volume) {
      // Only a user whose accesses the officer reviews, in a period that has begun.
      const users = await heavyAuditUsers(db, orgTag, volume.since, 0);
      if (!users.some((u) => u.agentTag === `agent:${volume.agent}`))
        throw fail('AKS_ERR_OPERATION_PARAMETER', {
          param: 'entry',
          detail: 'no unusual-volume entry of your municipality has this key; use the entry the report gave',
        });
    } else {
      const row = await readCurrent(db, 'AuditEvent', entry);
      if (!row || !row.accessTags.includes(orgTag)) {
        throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type: 'AuditEvent', id: entry });
      }
    }
    await db.transaction(async (tx) => {
      const earlier = await markAuditReviewed(tx, {
        entryKey: entry,
        reviewedBy: officer.name,
        reviewedAt: new Date().toISOString(),
        comment: text,
      });
      if (earlier)
        throw fail('AKS_ERR_AUDIT_ALREADY_REVIEWED', { by: earlier.reviewedBy, at: earlier.reviewedAt });
      await this.#access.audit.write(tx, [
        {
          interaction: 'operation',
          outcome: '0',
          entities: volume ? [] : [`AuditEvent/${entry}`],
          outcomeDescription: volume
            ? `marked reviewed: unusual volume of ${volume.agent} since ${volume.since}`
            : 'marked reviewed',
        },
      ]);
    });
  }

  #officer(): PersonnelActor {
    const actor = this.#access.actor;
    if (actor.kind !== 'personnel' || actor.role !== 'security-officer' || !actor.municipalityOrgnr) {
      throw fail('AKS_ERR_ACCESS_DENIED', { detail: "The log review is the security officer's." });
    }
    return actor;
  }
}
