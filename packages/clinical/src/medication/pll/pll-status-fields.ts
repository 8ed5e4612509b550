// Status ↔ Seponering (stopped, completed) and the Akson pause (on-hold), with the reason for either.

import type { CodeableConcept, MedicationStatement } from '@medplum/fhirtypes';
import { PLL_STOP_REASON_SYSTEM } from '../code-systems.ts';
import { COMPLETED_REASON } from './pll-codes.ts';
import type { PllCode, PllLine } from './pll-line.ts';
import { statementProblem as problem, type PllMappingProblem } from './pll-mapping-error.ts';

function readStatusReason(statement: MedicationStatement, problems: PllMappingProblem[]) {
  const reasons = statement.statusReason ?? [];
  if (reasons.length > 1) {
    problems.push(problem('statusReason', 'PLL har plass til én årsak.', 'PLL holds one reason.'));
  }
  const reason = reasons[0];
  const coding = reason?.coding?.[0];
  if ((reason?.coding?.length ?? 0) > 1 || (coding && coding.system !== PLL_STOP_REASON_SYSTEM)) {
    problems.push(
      problem(
        'statusReason[0].coding',
        `Årsak må kodes i ${PLL_STOP_REASON_SYSTEM}.`,
        `The reason must be coded in ${PLL_STOP_REASON_SYSTEM}.`,
      ),
    );
  }
  const arsak: PllCode | undefined = coding?.code
    ? { v: coding.code, ...(coding.display !== undefined ? { dn: coding.display } : {}) }
    : undefined;
  return { arsak, merknad: reason?.text };
}

export function readStatus(statement: MedicationStatement, problems: PllMappingProblem[]): Partial<PllLine> {
  const end = statement.effectivePeriod?.end;
  const { arsak, merknad } = readStatusReason(statement, problems);
  const note = merknad !== undefined ? { merknad } : {};
  switch (statement.status) {
    case 'active':
    case 'on-hold':
      if (end !== undefined) {
        problems.push(
          problem(
            'effectivePeriod.end',
            'En aktiv linje har ingen sluttdato i PLL; bruk varighet i doseringen for en kur.',
            'An active line has no end date in PLL; use a duration in the dosage for a course.',
          ),
        );
      }
      if (statement.status === 'active') {
        if (arsak || merknad !== undefined) {
          problems.push(
            problem(
              'statusReason',
              'En aktiv linje har ingen årsak.',
              'An active line has no status reason.',
            ),
          );
        }
        return {};
      }
      return { pause: { ...(arsak ? { arsak } : {}), ...note } };
    case 'completed':
    case 'stopped': {
      if (end === undefined) {
        problems.push(
          problem(
            'effectivePeriod.end',
            'Seponering krever tidspunkt (effectivePeriod.end).',
            'Stopping requires a time (effectivePeriod.end).',
          ),
        );
      }
      if (statement.status === 'completed') {
        if (arsak && arsak.v !== COMPLETED_REASON.v) {
          problems.push(
            problem('statusReason', 'Avsluttet behandling har årsak A.', 'A completed course has reason A.'),
          );
        }
        return { seponering: { tidspunkt: end ?? '', arsak: arsak ?? COMPLETED_REASON, ...note } };
      }
      if (!arsak || arsak.v === COMPLETED_REASON.v) {
        problems.push(
          problem(
            'statusReason',
            'Seponering krever en årsak (og A = avsluttet behandling betyr status completed).',
            'Stopping requires a reason (and A = treatment completed means status completed).',
          ),
        );
      }
      return { seponering: { tidspunkt: end ?? '', arsak: arsak ?? { v: '' }, ...note } };
    }
    default:
      problems.push(
        problem(
          'status',
          `Status «${statement.status}» finnes ikke i PLL (bruk active, on-hold, stopped eller completed).`,
          `Status "${statement.status}" does not exist in PLL (use active, on-hold, stopped or completed).`,
        ),
      );
      return {};
  }
}

export function statusReason(arsak: PllCode | undefined, merknad: string | undefined): CodeableConcept[] {
  if (!arsak && merknad === undefined) return [];
  const coding = arsak
    ? [
        {
          system: PLL_STOP_REASON_SYSTEM,
          code: arsak.v,
          ...(arsak.dn !== undefined ? { display: arsak.dn } : {}),
        },
      ]
    : undefined;
  return [{ ...(coding ? { coding } : {}), ...(merknad !== undefined ? { text: merknad } : {}) }];
}

/** FHIR status from the PLL line: Seponering A = completed, other Seponering = stopped, pause = on-hold. */
export function statusFromLine(line: PllLine): MedicationStatement['status'] {
  if (line.seponering) return line.seponering.arsak.v === COMPLETED_REASON.v ? 'completed' : 'stopped';
  return line.pause ? 'on-hold' : 'active';
}
