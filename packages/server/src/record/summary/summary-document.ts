import { randomUUID } from 'node:crypto';
import { LOINC_SYSTEM } from '@akson/clinical';
import type { ResourceRow } from '@akson/store';
import { bundleToText, fullUrlOf } from '../../fhir/render/bundle-text.ts';
import { refOf, resourceOf } from './record-search.ts';
import { nameText, narrative } from './resource-text.ts';
import type { SummarySection } from './summary-sections.ts';
import { WITHHELD_COUNT_URL, withheldText } from './withheld-notice.ts';

const LIST_EMPTY_REASON = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';

/**
 * The summary as a FHIR document: a Bundle of type `document` whose first entry is the Composition, then the
 * patient and every resource a section refers to (plus what they refer to: the GP's role, medicines, units),
 * each once. Resource text is copied as stored and presented, so decimals keep their written form.
 */
export function summaryDocument(
  base: string,
  patient: ResourceRow,
  sections: readonly SummarySection[],
  extra: readonly ResourceRow[],
  now: Date,
): string {
  const patientName = nameText(resourceOf(patient)['name']);
  const composition = {
    resourceType: 'Composition',
    id: randomUUID(),
    status: 'final',
    type: {
      coding: [{ system: LOINC_SYSTEM, code: '60591-5', display: 'Patient summary Document' }],
      text: 'Pasientsammendrag',
    },
    subject: { reference: refOf(patient), ...(patientName ? { display: patientName } : {}) },
    date: now.toISOString(),
    author: [{ display: 'Akson' }],
    title: `Pasientsammendrag${patientName ? ` for ${patientName}` : ''}`,
    section: sections.map(compositionSection),
  };
  const rows = new Map<string, ResourceRow>([[refOf(patient), patient]]);
  for (const row of [...sections.flatMap((s) => s.entries), ...extra]) {
    if (!rows.has(refOf(row))) rows.set(refOf(row), row);
  }
  const compositionUrl = `urn:uuid:${composition.id}`;
  return bundleToText({
    type: 'document',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${randomUUID()}` },
    timestamp: now.toISOString(),
    links: [],
    entries: [
      { fullUrl: compositionUrl, resource: JSON.stringify(composition) },
      ...[...rows.values()].map((row) => ({
        fullUrl: fullUrlOf(base, row),
        ...(row.content ? { resource: row.content } : {}),
      })),
    ],
  });
}

function compositionSection(section: SummarySection): Record<string, unknown> {
  const empty = section.entries.length === 0;
  const withheld = section.withheld > 0 ? withheldText(section.withheld) : undefined;
  const closing = [section.note, withheld, empty && !withheld ? 'Ingen registrert.' : undefined]
    .filter(Boolean)
    .join(' ');
  return {
    ...(section.withheld > 0
      ? { extension: [{ url: WITHHELD_COUNT_URL, valueUnsignedInt: section.withheld }] }
      : {}),
    title: section.title,
    code: { coding: [section.code], text: section.title },
    text: { status: 'generated', div: narrative(section.lines, closing || undefined) },
    ...(empty
      ? {
          emptyReason: {
            coding: [
              section.withheld > 0
                ? { system: LIST_EMPTY_REASON, code: 'withheld', display: 'Information Withheld' }
                : { system: LIST_EMPTY_REASON, code: 'unavailable', display: 'Unavailable' },
            ],
          },
        }
      : { entry: section.entries.map((row) => ({ reference: refOf(row) })) }),
  };
}
