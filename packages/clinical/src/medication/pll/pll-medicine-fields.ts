// The medicine and the reason for use: medicationCodeableConcept ↔ Forskrivning/<legemiddel> (ATC, name,
// FEST id) and reasonCode ↔ RefKode (ICPC-2/ICD-10) + Bruksomrade.

import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import { atcLevel, isAtcSystem, normalizeAtc } from '../atc-code.ts';
import { bilingual } from '../../text/bilingual-text.ts';
import {
  ATC_SYSTEM,
  FEST_MEDICATION_SYSTEM,
  ICD10_OID,
  ICD10_SYSTEM,
  ICPC2_HL7_SYSTEM,
  ICPC2_OID,
  ICPC2_SYSTEM,
} from '../code-systems.ts';
import type { PllCode, PllLegemiddel, PllLine } from './pll-line.ts';
import { statementProblem as problem, type PllMappingProblem } from './pll-mapping-error.ts';

export function readMedicine(
  concept: CodeableConcept | undefined,
  problems: PllMappingProblem[],
): PllLegemiddel {
  const name = concept?.text?.trim();
  if (!concept || !name) {
    problems.push(
      problem(
        'medicationCodeableConcept.text',
        'Legemiddelnavn (navn, form, styrke) mangler.',
        'The medicine name (name, form, strength) is missing.',
      ),
    );
  }
  let atc: PllCode | undefined;
  let festId: string | undefined;
  for (const coding of concept?.coding ?? []) {
    if (isAtcSystem(coding.system)) {
      const code = normalizeAtc(coding.code);
      if (!code || atc) {
        problems.push(
          problem(
            'medicationCodeableConcept.coding',
            'Ugyldig eller gjentatt ATC-kode.',
            'Invalid or repeated ATC code.',
          ),
        );
        continue;
      }
      atc = { v: code, ...(coding.display !== undefined ? { dn: coding.display } : {}) };
    } else if (coding.system === FEST_MEDICATION_SYSTEM && coding.code && festId === undefined) {
      festId = coding.code;
      if (coding.display !== undefined && coding.display !== name) {
        problems.push(
          problem(
            'medicationCodeableConcept.coding',
            'FEST-visningsnavnet avviker fra legemiddelnavnet; PLL har ett navn.',
            'The FEST display differs from the medicine name; PLL has one name.',
          ),
        );
      }
    } else {
      problems.push(
        problem(
          'medicationCodeableConcept.coding',
          `Kodingen ${coding.system ?? '(uten system)'} kan ikke overføres til PLL.`,
          `The coding ${coding.system ?? '(no system)'} cannot be carried in PLL.`,
        ),
      );
    }
  }
  if (atc && atcLevel(atc.v) !== 5) {
    problems.push(
      problem(
        'medicationCodeableConcept.coding',
        'ATC-koden for et legemiddel skal være på virkestoffnivå (5).',
        'The ATC code of a medicine should be at substance level (5).',
      ),
    );
  }
  return { ...(atc ? { atc } : {}), navnFormStyrke: name ?? '', ...(festId !== undefined ? { festId } : {}) };
}

export function readReason(
  reasons: readonly CodeableConcept[],
  problems: PllMappingProblem[],
): Partial<PllLine> {
  if (reasons.length === 0) return {};
  if (reasons.length > 1) {
    problems.push(problem('reasonCode', 'PLL har plass til én bruksgrunn.', 'PLL holds one reason for use.'));
  }
  const reason = reasons[0] as CodeableConcept;
  const codings = reason.coding ?? [];
  if (codings.length > 1) {
    problems.push(
      problem(
        'reasonCode[0].coding',
        'PLL har plass til én kode for bruksgrunn.',
        'PLL holds one reason code.',
      ),
    );
  }
  const coding = codings[0];
  let refKode: PllCode | undefined;
  if (coding) {
    const oid =
      coding.system === ICPC2_SYSTEM || coding.system === ICPC2_HL7_SYSTEM
        ? ICPC2_OID
        : coding.system === ICD10_SYSTEM
          ? ICD10_OID
          : undefined;
    if (!oid || !coding.code) {
      problems.push(
        problem(
          'reasonCode[0].coding',
          'Bruksgrunn må kodes med ICPC-2 eller ICD-10.',
          'The reason for use must be coded with ICPC-2 or ICD-10.',
        ),
      );
    } else {
      refKode = { v: coding.code, s: oid, ...(coding.display !== undefined ? { dn: coding.display } : {}) };
    }
  }
  return {
    ...(refKode ? { refKode } : {}),
    ...(reason.text !== undefined ? { bruksomrade: reason.text } : {}),
  };
}

export function medicineConcept(medicine: PllLegemiddel): CodeableConcept {
  const coding: Coding[] = [];
  if (medicine.atc) {
    coding.push({
      system: ATC_SYSTEM,
      code: medicine.atc.v,
      ...(medicine.atc.dn !== undefined ? { display: medicine.atc.dn } : {}),
    });
  }
  if (medicine.festId !== undefined) coding.push({ system: FEST_MEDICATION_SYSTEM, code: medicine.festId });
  return { ...(coding.length > 0 ? { coding } : {}), text: medicine.navnFormStyrke };
}

export function reasonConcept(line: PllLine, problems: PllMappingProblem[]): CodeableConcept[] {
  if (!line.refKode && line.bruksomrade === undefined) return [];
  let coding: Coding | undefined;
  if (line.refKode) {
    const system =
      line.refKode.s === ICPC2_OID ? ICPC2_SYSTEM : line.refKode.s === ICD10_OID ? ICD10_SYSTEM : undefined;
    if (!system) {
      problems.push({
        path: 'PllLine.refKode',
        message: bilingual('RefKode må være ICPC-2 eller ICD-10.', 'RefKode must be ICPC-2 or ICD-10.'),
      });
    } else {
      coding = {
        system,
        code: line.refKode.v,
        ...(line.refKode.dn !== undefined ? { display: line.refKode.dn } : {}),
      };
    }
  }
  return [
    {
      ...(coding ? { coding: [coding] } : {}),
      ...(line.bruksomrade !== undefined ? { text: line.bruksomrade } : {}),
    },
  ];
}
