import { fail } from '@akson/fhir';
import { auditEventsTagged, heavyAuditUsers, markAuditReviewed, readCurrent, reviewsOf } from '@akson/store';
import type { FastifyInstance } from 'fastify';
import type { AccessContext } from '../access/access-context.ts';
import type { PersonnelActor } from '../access/actor.ts';
import { TAG } from '../access/access-tags.ts';

export type ReviewFlag =
  'emergency' | 'self-declared' | 'same-surname-address' | 'lookup' | 'denied' | 'unusual-volume';

export interface FlaggedAccess {
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

/**
 * The security officer's log review (access issue §11): emergency accesses, self-declared relations, access to
 * people with the same surname and address as the user, and unusual volume, for the officer's own municipality;
 * each can be marked reviewed with a comment (the events themselves never change).
 */
export class LogReviewService {
  readonly #app: FastifyInstance;
  readonly #access: AccessContext;

  constructor(app: FastifyInstance, access: AccessContext) {
    this.#app = app;
    this.#access = access;
  }

  async report(since: string, volumeThreshold: number): Promise<FlaggedAccess[]> {
    const officer = this.#officer();
    const { db } = this.#app.akson.service;
    const orgTag = TAG.organisation(officer.municipalityOrgnr as string);
    const events = await auditEventsTagged(db, Object.values(FLAG_TAGS), orgTag, since, 500);
    const reviews = new Map(
      (
        await reviewsOf(
          db,
          events.map((e) => e.id),
        )
      ).map((r) => [r.auditId, r]),
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
    for (const heavy of await heavyAuditUsers(db, orgTag, since, volumeThreshold)) {
      const reference = heavy.agentTag.replace(/^agent:/, '');
      const practitioner = reference.startsWith('Practitioner/')
        ? await readCurrent(db, 'Practitioner', reference.slice('Practitioner/'.length))
        : undefined;
      const name = practitioner?.content
        ? (JSON.parse(practitioner.content) as { name?: { text?: string }[] }).name?.[0]?.text
        : undefined;
      flagged.push({
        auditId: undefined,
        flag: 'unusual-volume',
        when: undefined,
        who: name ?? reference,
        unit: undefined,
        patientId: undefined,
        patientName: undefined,
        reason: undefined,
        detail: `${heavy.patients} forskjellige pasienter siden ${since.slice(0, 10)} (terskel ${volumeThreshold})`,
        review: undefined,
      });
    }
    await this.#access.audit.read([
      {
        interaction: 'operation',
        outcome: '0',
        entities: [],
        outcomeDescription: `log review since ${since}`,
      },
    ]);
    return flagged;
  }

  async markReviewed(auditId: string, comment: unknown): Promise<void> {
    const officer = this.#officer();
    const text = typeof comment === 'string' ? comment.trim() : '';
    if (text.length < 3)
      throw fail('AKS_ERR_ACCESS_REASON_REQUIRED', { what: 'Marking an access as reviewed', min: 3 });
    const { db } = this.#app.akson.service;
    const row = await readCurrent(db, 'AuditEvent', auditId);
    if (!row || !row.accessTags.includes(TAG.organisation(officer.municipalityOrgnr as string))) {
      throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type: 'AuditEvent', id: auditId });
    }
    await db.transaction(async (tx) => {
      await markAuditReviewed(tx, {
        auditId,
        reviewedBy: officer.name,
        reviewedAt: new Date().toISOString(),
        comment: text,
      });
      await this.#access.audit.write(tx, [
        {
          interaction: 'operation',
          outcome: '0',
          entities: [`AuditEvent/${auditId}`],
          outcomeDescription: 'marked reviewed',
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
