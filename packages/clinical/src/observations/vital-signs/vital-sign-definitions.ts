// Vital signs Akson records: codes, units, HL7 Norway profiles and plausible ranges.
//
// Codes follow the FHIR R4 vital-signs profiles (LOINC, required) and HL7 Norway's no-domain-vitalsigns 0.9.0
// profiles (SNOMED CT codes fixed in their code.coding slices). Plausible ranges catch typing errors
// (a pulse of 720 meant 72) before a value reaches the record or NEWS2; they are not clinical reference ranges
// and are deliberately wide (newborns at the health station, hypothermic patients at the legevakt).

import type { BilingualText } from '../observation-context.ts';

export type VitalSignKind =
  | 'heartRate'
  | 'pulse'
  | 'respirationRate'
  | 'oxygenSaturation'
  | 'bloodPressure'
  | 'bodyTemperature'
  | 'consciousness'
  | 'bodyWeight'
  | 'bodyHeight';

export interface VitalSignCode {
  code: string;
  display: string;
}

export interface VitalSignUnit {
  /** UCUM code, e.g. "/min", "mm[Hg]", "Cel". */
  code: string;
  /** Human-readable unit for Quantity.unit. */
  display: string;
}

export interface PlausibleRange {
  min: number;
  max: number;
}

export interface VitalSignDefinition {
  kind: VitalSignKind;
  label: BilingualText;
  /** LOINC codings; the first is the one the FHIR vital-signs profile requires. */
  loinc: VitalSignCode[];
  snomed: VitalSignCode;
  /** Absent for ACVPU (a coded value, no unit). */
  unit?: VitalSignUnit;
  /** HL7 Norway profile canonical; absent where no Norwegian profile exists (ACVPU). */
  profile?: string;
  /** Observation.category code. */
  category: 'vital-signs' | 'survey';
  plausible?: PlausibleRange;
  /** Number of decimals worth keeping (values are rounded to this before storing). */
  decimals?: number;
}

const NO_PROFILE =
  'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/no-domain-VitalSigns-Observation-';

export const BLOOD_PRESSURE_COMPONENTS = {
  systolic: {
    label: { nb: 'Systolisk blodtrykk', en: 'Systolic blood pressure' },
    loinc: { code: '8480-6', display: 'Systolic blood pressure' },
    snomed: { code: '4471000202106', display: 'Systolic blood pressure' },
    plausible: { min: 40, max: 300 },
  },
  diastolic: {
    label: { nb: 'Diastolisk blodtrykk', en: 'Diastolic blood pressure' },
    loinc: { code: '8462-4', display: 'Diastolic blood pressure' },
    snomed: { code: '4481000202108', display: 'Diastolic blood pressure' },
    plausible: { min: 20, max: 200 },
  },
} as const;

export const VITAL_SIGNS: Readonly<Record<VitalSignKind, VitalSignDefinition>> = {
  heartRate: {
    kind: 'heartRate',
    label: { nb: 'Hjertefrekvens', en: 'Heart rate' },
    loinc: [{ code: '8867-4', display: 'Heart rate' }],
    snomed: { code: '364075005', display: 'Heart rate' },
    unit: { code: '/min', display: '/min' },
    profile: `${NO_PROFILE}heartrate`,
    category: 'vital-signs',
    plausible: { min: 20, max: 250 },
    decimals: 0,
  },
  pulse: {
    kind: 'pulse',
    label: { nb: 'Puls', en: 'Pulse rate' },
    // The Norwegian pulse profile is derived from the FHIR heart-rate profile, which requires LOINC 8867-4.
    loinc: [{ code: '8867-4', display: 'Heart rate' }],
    snomed: { code: '78564009', display: 'Pulse rate' },
    unit: { code: '/min', display: '/min' },
    profile: `${NO_PROFILE}pulse`,
    category: 'vital-signs',
    plausible: { min: 20, max: 250 },
    decimals: 0,
  },
  respirationRate: {
    kind: 'respirationRate',
    label: { nb: 'Respirasjonsfrekvens', en: 'Respiratory rate' },
    loinc: [{ code: '9279-1', display: 'Respiratory rate' }],
    snomed: { code: '271625008', display: 'Rate of spontaneous respiration' },
    unit: { code: '/min', display: '/min' },
    profile: `${NO_PROFILE}respirationrate`,
    category: 'vital-signs',
    plausible: { min: 2, max: 80 },
    decimals: 0,
  },
  oxygenSaturation: {
    kind: 'oxygenSaturation',
    label: { nb: 'Oksygenmetning (SpO2)', en: 'Oxygen saturation (SpO2)' },
    loinc: [
      { code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
      { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
    ],
    snomed: { code: '431314004', display: 'Peripheral oxygen saturation' },
    unit: { code: '%', display: '%' },
    profile: `${NO_PROFILE}oxygensaturation`,
    category: 'vital-signs',
    plausible: { min: 40, max: 100 },
    decimals: 0,
  },
  bloodPressure: {
    kind: 'bloodPressure',
    label: { nb: 'Blodtrykk', en: 'Blood pressure' },
    loinc: [{ code: '85354-9', display: 'Blood pressure panel with all children optional' }],
    snomed: { code: '75367002', display: 'Blood pressure' },
    unit: { code: 'mm[Hg]', display: 'mmHg' },
    profile: `${NO_PROFILE}bloodpressure`,
    category: 'vital-signs',
    decimals: 0,
  },
  bodyTemperature: {
    kind: 'bodyTemperature',
    label: { nb: 'Kroppstemperatur', en: 'Body temperature' },
    loinc: [{ code: '8310-5', display: 'Body temperature' }],
    snomed: { code: '276885007', display: 'Core body temperature' },
    unit: { code: 'Cel', display: '°C' },
    profile: `${NO_PROFILE}bodytemp`,
    category: 'vital-signs',
    plausible: { min: 25, max: 45 },
    decimals: 1,
  },
  consciousness: {
    kind: 'consciousness',
    label: { nb: 'Bevissthetsnivå (ACVPU)', en: 'Level of consciousness (ACVPU)' },
    loinc: [{ code: '67775-7', display: 'Level of responsiveness' }],
    // UK extension concept (namespace 1000000): no international or Norwegian ACVPU observable was found.
    snomed: {
      code: '1104441000000107',
      display: 'ACVPU (Alert Confusion Voice Pain Unresponsive) scale score',
    },
    category: 'survey',
  },
  bodyWeight: {
    kind: 'bodyWeight',
    label: { nb: 'Kroppsvekt', en: 'Body weight' },
    loinc: [{ code: '29463-7', display: 'Body weight' }],
    snomed: { code: '27113001', display: 'Body weight' },
    unit: { code: 'kg', display: 'kg' },
    profile: `${NO_PROFILE}bodyweight`,
    category: 'vital-signs',
    plausible: { min: 0.3, max: 400 },
    decimals: 3,
  },
  bodyHeight: {
    kind: 'bodyHeight',
    label: { nb: 'Kroppshøyde', en: 'Body height' },
    loinc: [{ code: '8302-2', display: 'Body height' }],
    snomed: { code: '1153637007', display: 'Body height' },
    unit: { code: 'cm', display: 'cm' },
    profile: `${NO_PROFILE}bodyheight`,
    category: 'vital-signs',
    plausible: { min: 20, max: 250 },
    decimals: 1,
  },
};

/** The "on air" and oxygen-flow extensions of HL7 Norway's vital-signs IG (used on the SpO2 Observation). */
export const INSPIRED_OXYGEN_EXTENSION =
  'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsInspiredOxygenExtension';
export const ON_AIR_EXTENSION =
  'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsOnAirExtension';
export const OXYGEN_FLOW_EXTENSION =
  'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsFlowExtension';
export const FIO2_EXTENSION =
  'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsFiO2Extension';
export const PERCENT_O2_EXTENSION =
  'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/NoDomainVitalSignsPercentO2Extension';

/** SNOMED findings used by other systems (e.g. UK NEWS2 feeds) to record air vs oxygen as its own Observation. */
export const BREATHING_ROOM_AIR_SNOMED = '722742002';
export const PATIENT_ON_OXYGEN_SNOMED = '371825009';
