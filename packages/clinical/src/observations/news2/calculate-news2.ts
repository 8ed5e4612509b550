// NEWS2 from one set of observations. Pure and synchronous: the web app calls it on every keystroke while the
// nurse types, the server calls it again when the vital signs are stored.
//
// A parameter that was not measured is never scored as 0: it is reported as missing, the total stays null and
// only a lower bound ("at least") is given. Escalation is still reported from what is known, because adding the
// missing parameters can only raise the score.

import type { BilingualText } from '../observation-context.ts';
import { isAcvpu, type Acvpu } from '../vital-signs/acvpu.ts';
import {
  BLOOD_PRESSURE_COMPONENTS,
  VITAL_SIGNS,
  type PlausibleRange,
} from '../vital-signs/vital-sign-definitions.ts';
import {
  NOT_ALERT_SCORE,
  ON_OXYGEN_SCORE,
  PULSE_BANDS,
  RESPIRATION_RATE_BANDS,
  SYSTOLIC_BANDS,
  TEMPERATURE_BANDS,
  scoreFromBands,
  scoreOxygenSaturation,
  type News2Score,
  type SpO2Scale,
} from './news2-chart.ts';
import {
  NEWS2_RESPONSES,
  news2ResponseLevel,
  news2Risk,
  type News2Response,
  type News2Risk,
} from './news2-response.ts';

/** The seven NEWS2 parameters, in chart order. */
export type News2Parameter =
  | 'respirationRate'
  | 'oxygenSaturation'
  | 'airOrOxygen'
  | 'systolicBloodPressure'
  | 'pulse'
  | 'consciousness'
  | 'temperature';

export const NEWS2_PARAMETERS: readonly News2Parameter[] = [
  'respirationRate',
  'oxygenSaturation',
  'airOrOxygen',
  'systolicBloodPressure',
  'pulse',
  'consciousness',
  'temperature',
];

export const NEWS2_PARAMETER_LABELS: Readonly<Record<News2Parameter, BilingualText>> = {
  respirationRate: { nb: 'Respirasjonsfrekvens', en: 'Respiration rate' },
  oxygenSaturation: { nb: 'SpO2', en: 'SpO2' },
  airOrOxygen: { nb: 'Romluft eller oksygen', en: 'Air or oxygen' },
  systolicBloodPressure: { nb: 'Systolisk blodtrykk', en: 'Systolic blood pressure' },
  pulse: { nb: 'Puls', en: 'Pulse' },
  consciousness: { nb: 'Bevissthet (ACVPU)', en: 'Consciousness (ACVPU)' },
  temperature: { nb: 'Temperatur', en: 'Temperature' },
};

/** Inputs as measured. Leave a field out (or null) when it was not measured. */
export interface News2Input {
  /** Breaths per minute. */
  respirationRate?: number | null;
  /** SpO2 in percent. */
  oxygenSaturation?: number | null;
  /**
   * Scale 2 only for patients with confirmed hypercapnic respiratory failure and a prescribed target of 88–92 %
   * (a clinical decision recorded elsewhere, e.g. in the care plan). Default 1.
   */
  spo2Scale?: SpO2Scale;
  /** true = supplemental oxygen, false = room air. */
  onOxygen?: boolean | null;
  /** mmHg. */
  systolicBloodPressure?: number | null;
  /** Beats per minute. */
  pulse?: number | null;
  consciousness?: Acvpu | null;
  /** °C. */
  temperature?: number | null;
}

export type News2ComponentStatus = 'scored' | 'missing' | 'invalid' | 'undetermined';

export interface News2Component {
  parameter: News2Parameter;
  status: News2ComponentStatus;
  /** The value that was scored, after rounding (integers; temperature to one decimal). */
  value?: number | boolean | Acvpu;
  score?: News2Score;
  /** Why the parameter was not scored. */
  reason?: BilingualText;
}

export interface News2Result {
  /** All seven parameters scored. */
  complete: boolean;
  /** Aggregate score; null unless complete. */
  total: number | null;
  /** Sum of the parameters that were scored: a lower bound for the total. */
  partialTotal: number;
  components: Record<News2Parameter, News2Component>;
  /** Parameters without a score (missing, invalid or undetermined), in chart order. */
  missing: News2Parameter[];
  spo2Scale: SpO2Scale;
  /** RCP clinical risk; null unless complete. */
  risk: News2Risk | null;
  /** Risk from the scored parameters only: the risk is at least this. */
  minimumRisk: News2Risk;
  /** Some parameter scored 3 ("red score"). */
  singleParameterScore3: boolean;
  /** Aggregate ≥ 5 or any parameter 3: the nurse must contact a doctor. Valid even when incomplete. */
  escalation: boolean;
  /** Recommended response (from the partial score when incomplete). */
  response: News2Response;
}

const MISSING: BilingualText = { nb: 'Ikke målt', en: 'Not measured' };

function missingComponent(parameter: News2Parameter): News2Component {
  return { parameter, status: 'missing', reason: MISSING };
}

function implausible(value: number, range: PlausibleRange): BilingualText {
  return {
    nb: `Verdien ${value} er utenfor mulig område (${range.min}–${range.max})`,
    en: `Value ${value} is outside the plausible range (${range.min}–${range.max})`,
  };
}

/** Rounds to the precision of the chart: whole numbers, or one decimal for temperature. */
function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function measured(
  parameter: News2Parameter,
  raw: number | null | undefined,
  range: PlausibleRange,
  decimals: number,
  score: (value: number) => News2Score,
): News2Component {
  if (raw === undefined || raw === null) return missingComponent(parameter);
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    return { parameter, status: 'invalid', reason: { nb: 'Ikke et tall', en: 'Not a number' } };
  }
  const value = roundTo(raw, decimals);
  if (value < range.min || value > range.max)
    return { parameter, status: 'invalid', value, reason: implausible(value, range) };
  return { parameter, status: 'scored', value, score: score(value) };
}

function oxygenComponents(input: News2Input, scale: SpO2Scale): [News2Component, News2Component] {
  const onOxygen = input.onOxygen ?? undefined;
  let airOrOxygen: News2Component;
  if (onOxygen === undefined) airOrOxygen = missingComponent('airOrOxygen');
  else if (typeof onOxygen !== 'boolean') {
    airOrOxygen = {
      parameter: 'airOrOxygen',
      status: 'invalid',
      reason: { nb: 'Må være ja/nei', en: 'Must be true/false' },
    };
  } else
    airOrOxygen = {
      parameter: 'airOrOxygen',
      status: 'scored',
      value: onOxygen,
      score: onOxygen ? ON_OXYGEN_SCORE : 0,
    };

  const range = VITAL_SIGNS.oxygenSaturation.plausible ?? { min: 0, max: 100 };
  const saturation = measured('oxygenSaturation', input.oxygenSaturation, range, 0, () => 0);
  if (saturation.status !== 'scored' || typeof saturation.value !== 'number')
    return [saturation, airOrOxygen];
  const known = airOrOxygen.status === 'scored' ? onOxygen : undefined;
  const score = scoreOxygenSaturation(saturation.value, scale, known);
  if (score === undefined) {
    return [
      {
        parameter: 'oxygenSaturation',
        status: 'undetermined',
        value: saturation.value,
        reason: {
          nb: 'SpO2-skala 2 ved 93 % eller mer krever at romluft/oksygen er registrert',
          en: 'SpO2 scale 2 at 93 % or above needs air/oxygen to be recorded',
        },
      },
      airOrOxygen,
    ];
  }
  return [{ ...saturation, score }, airOrOxygen];
}

function consciousnessComponent(value: Acvpu | null | undefined): News2Component {
  if (value === undefined || value === null) return missingComponent('consciousness');
  if (!isAcvpu(value)) {
    return {
      parameter: 'consciousness',
      status: 'invalid',
      reason: { nb: 'Må være A, C, V, P eller U', en: 'Must be A, C, V, P or U' },
    };
  }
  return { parameter: 'consciousness', status: 'scored', value, score: value === 'A' ? 0 : NOT_ALERT_SCORE };
}

export function calculateNews2(input: News2Input): News2Result {
  const spo2Scale: SpO2Scale = input.spo2Scale === 2 ? 2 : 1;
  const [oxygenSaturation, airOrOxygen] = oxygenComponents(input, spo2Scale);
  const components: Record<News2Parameter, News2Component> = {
    respirationRate: measured(
      'respirationRate',
      input.respirationRate,
      VITAL_SIGNS.respirationRate.plausible ?? { min: 0, max: Infinity },
      0,
      (value) => scoreFromBands(value, RESPIRATION_RATE_BANDS),
    ),
    oxygenSaturation,
    airOrOxygen,
    systolicBloodPressure: measured(
      'systolicBloodPressure',
      input.systolicBloodPressure,
      BLOOD_PRESSURE_COMPONENTS.systolic.plausible,
      0,
      (value) => scoreFromBands(value, SYSTOLIC_BANDS),
    ),
    pulse: measured(
      'pulse',
      input.pulse,
      VITAL_SIGNS.pulse.plausible ?? { min: 0, max: Infinity },
      0,
      (value) => scoreFromBands(value, PULSE_BANDS),
    ),
    consciousness: consciousnessComponent(input.consciousness),
    temperature: measured(
      'temperature',
      input.temperature,
      VITAL_SIGNS.bodyTemperature.plausible ?? { min: -Infinity, max: Infinity },
      1,
      (value) => scoreFromBands(value, TEMPERATURE_BANDS),
    ),
  };

  const scored = NEWS2_PARAMETERS.map((parameter) => components[parameter]).filter(
    (component) => component.status === 'scored',
  );
  const missing = NEWS2_PARAMETERS.filter((parameter) => components[parameter].status !== 'scored');
  const partialTotal = scored.reduce((sum, component) => sum + (component.score ?? 0), 0);
  const singleParameterScore3 = scored.some((component) => component.score === 3);
  const complete = missing.length === 0;
  const minimumRisk = news2Risk(partialTotal, singleParameterScore3);
  return {
    complete,
    total: complete ? partialTotal : null,
    partialTotal,
    components,
    missing,
    spo2Scale,
    risk: complete ? minimumRisk : null,
    minimumRisk,
    singleParameterScore3,
    escalation: partialTotal >= 5 || singleParameterScore3,
    response: NEWS2_RESPONSES[news2ResponseLevel(partialTotal, singleParameterScore3)],
  };
}
