import { categoryOf, isPrivateByService } from './data-categories.ts';

/**
 * Labels stored with every version (the `access_tags` column); the read scope's rules test them in SQL.
 *   cat:<category>        data category
 *   unit:<Organization/x> producing unit            (confidential entries are visible to it only)
 *   svc:<orgnr>/<service> producing service         (private notes are visible within it only)
 *   org:<orgnr>           producing municipality
 *   private               private to the producing service
 *   confidential          skjermet: visible to the producing unit only
 *   hidden-from-patient   withheld from the citizen (utsatt/nektet innsyn)
 */
export const TAG = {
  private: 'private',
  confidential: 'confidential',
  hiddenFromPatient: 'hidden-from-patient',
  category: (c: string) => `cat:${c}`,
  unit: (ref: string) => `unit:${ref}`,
  service: (orgnr: string, service: string) => `svc:${orgnr}/${service}`,
  organisation: (orgnr: string) => `org:${orgnr}`,
} as const;

/** Where a resource was produced: the writer's unit, or for imports the unit the resource itself names. */
export interface Producer {
  readonly unitRef: string | undefined;
  readonly service: string | undefined;
  readonly orgnr: string | undefined;
}

const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const VOLVEN_9603 = 'urn:oid:2.16.578.1.12.4.1.1.9603';
/** Sensitivity labels that make content private to its service whatever the service is. */
const SEXUAL_HEALTH = new Set(['SEX', 'HIV', 'STD', 'SDV']);

export function accessTagsFor(
  resource: Record<string, unknown>,
  producer: Producer,
  privateServices: readonly string[],
  previous?: readonly string[],
): string[] {
  const category = categoryOf(resource);
  const tags = new Set<string>([TAG.category(category)]);
  // The producer of a resource does not change when someone else updates it.
  const kept = (previous ?? []).filter(
    (t) => t.startsWith('unit:') || t.startsWith('svc:') || t.startsWith('org:'),
  );
  if (kept.length > 0) kept.forEach((t) => tags.add(t));
  else {
    if (producer.unitRef) tags.add(TAG.unit(producer.unitRef));
    if (producer.orgnr) tags.add(TAG.organisation(producer.orgnr));
    if (producer.orgnr && producer.service) tags.add(TAG.service(producer.orgnr, producer.service));
  }
  const producingService = [...tags].find((t) => t.startsWith('svc:'))?.split('/')[1];
  const security =
    (resource['meta'] as { security?: { system?: string; code?: string }[] } | undefined)?.security ?? [];
  const labelled = (system: string, codes: (code: string) => boolean): boolean =>
    security.some((s) => s.system === system && s.code !== undefined && codes(s.code));

  if (isPrivateByService(category) && producingService && privateServices.includes(producingService))
    tags.add(TAG.private);
  if (labelled(ACT_CODE, (c) => SEXUAL_HEALTH.has(c))) tags.add(TAG.private);
  if (labelled(CONFIDENTIALITY, (c) => c === 'R' || c === 'V') || labelled(VOLVEN_9603, (c) => c === 'NORS'))
    tags.add(TAG.confidential);
  if (labelled(VOLVEN_9603, (c) => c === 'NORU' || c.startsWith('NORN'))) tags.add(TAG.hiddenFromPatient);
  // Blocks say what is withheld from whom; only the unit that registered one (and the citizen) may read it.
  if (category === 'consent') tags.add(TAG.confidential);
  return [...tags];
}
