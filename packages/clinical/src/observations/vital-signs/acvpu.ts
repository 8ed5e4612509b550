// ACVPU level of consciousness (NEWS2): Alert, new Confusion, responds to Voice, responds to Pain, Unresponsive.
// Value codes are the SNOMED CT concepts of HL7 UK's CareConnect-ACVPU-1 value set (international-edition
// concepts, so they are valid in the Norwegian edition too).

import type { BilingualText } from '../observation-context.ts';

export type Acvpu = 'A' | 'C' | 'V' | 'P' | 'U';

export const ACVPU_LEVELS: readonly Acvpu[] = ['A', 'C', 'V', 'P', 'U'];

export interface AcvpuLevel {
  level: Acvpu;
  snomed: { code: string; display: string };
  label: BilingualText;
}

export const ACVPU: Readonly<Record<Acvpu, AcvpuLevel>> = {
  A: {
    level: 'A',
    snomed: { code: '248234008', display: 'Mentally alert' },
    label: { nb: 'Våken og klar (A)', en: 'Alert (A)' },
  },
  C: {
    level: 'C',
    snomed: { code: '130987000', display: 'Acute confusion' },
    label: { nb: 'Nyoppstått forvirring (C)', en: 'New confusion (C)' },
  },
  V: {
    level: 'V',
    snomed: { code: '300202002', display: 'Responds to voice' },
    label: { nb: 'Reagerer på tiltale (V)', en: 'Responds to voice (V)' },
  },
  P: {
    level: 'P',
    snomed: { code: '450847001', display: 'Responds to pain' },
    label: { nb: 'Reagerer på smerte (P)', en: 'Responds to pain (P)' },
  },
  U: {
    level: 'U',
    snomed: { code: '422768004', display: 'Unresponsive' },
    label: { nb: 'Reagerer ikke (U)', en: 'Unresponsive (U)' },
  },
};

export function isAcvpu(value: unknown): value is Acvpu {
  return typeof value === 'string' && (ACVPU_LEVELS as readonly string[]).includes(value);
}

export function acvpuFromSnomed(code: string): Acvpu | undefined {
  return ACVPU_LEVELS.find((level) => ACVPU[level].snomed.code === code);
}
