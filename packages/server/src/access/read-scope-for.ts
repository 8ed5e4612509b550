import { ALL, NONE, referenceDataTypes, type ReadScope } from '@akson/store';
import type { Actor } from './actor.ts';
import { TAG } from './access-tags.ts';

let referenceTypes: Set<string> | undefined;

/**
 * The read rules, per kind of actor, as a scope the store applies in SQL to every table a query touches:
 * - personnel see patients they have a care relation to (through their unit, or personally: self-declared or
 *   emergency), minus private notes of other services, confidential entries of other units, and what the
 *   patient has blocked for them, their unit or their service; reference data (staff, units, medicines) is
 *   visible to all personnel; the audit log only to the security officer, for their own municipality;
 * - citizens see their own record and those of the people they act for, minus what is withheld from patients;
 * - systems see what their scopes allow (checked per interaction before the query), minus private,
 *   confidential and blocked entries unless the client is registered as exempt.
 */
export function readScopeFor(
  actor: Actor,
  graceDays: number,
  options: { systemRestrictions?: 'honour' | 'exempt' } = {},
): ReadScope {
  referenceTypes ??= referenceDataTypes();
  switch (actor.kind) {
    case 'platform':
      return ALL;
    case 'system':
      // A client sees every patient its scopes allow. Unless registered as exempt (a migration job), it honours
      // what the patient and the producing service withheld: it acts for no unit or service, so private and
      // confidential entries are not its to see, and a block of anyone is honoured (whoever the client passes
      // the data on to may be the one blocked). The audit log is not record content: blocks do not apply to it.
      if (options.systemRestrictions === 'exempt') return ALL;
      return {
        kind: 'restricted',
        anyPatient: true,
        referenceTypes,
        tagRules: [
          { hide: TAG.private, unless: [] },
          { hide: TAG.confidential, unless: [] },
        ],
        blockedForAnyone: true,
        perType: { AuditEvent: ALL },
      };
    case 'citizen':
      return {
        kind: 'restricted',
        patientIds: [actor.patientId, ...actor.actsFor.map((a) => a.patientId)].filter(
          (p): p is string => p !== undefined,
        ),
        referenceTypes,
        tagRules: [{ hide: TAG.hiddenFromPatient, unless: [] }],
      };
    case 'personnel': {
      if (actor.role === 'security-officer' || actor.role === 'administrator') {
        return {
          kind: 'restricted',
          referenceTypes,
          tagRules: [],
          perType: {
            AuditEvent:
              actor.role === 'security-officer' && actor.municipalityOrgnr
                ? {
                    kind: 'restricted',
                    anyPatient: true,
                    requiredTags: [TAG.organisation(actor.municipalityOrgnr)],
                    referenceTypes,
                    tagRules: [],
                  }
                : NONE,
          },
        };
      }
      return {
        kind: 'restricted',
        relations: { unitRef: actor.unitRef, practitionerRef: actor.practitionerRef, graceDays },
        referenceTypes,
        tagRules: [
          {
            hide: TAG.private,
            unless:
              actor.service && actor.municipalityOrgnr
                ? [TAG.service(actor.municipalityOrgnr, actor.service)]
                : [],
          },
          { hide: TAG.confidential, unless: [TAG.unit(actor.unitRef)] },
        ],
        blockActors: {
          practitionerRef: actor.practitionerRef,
          unitRef: actor.unitRef,
          service: actor.service,
        },
        perType: { AuditEvent: NONE },
      };
    }
  }
}
