import { DEMO_CITIZENS } from '../../demo/demo-municipality.ts';
import type { CitizenRecord } from '../record-builder.ts';
import { ingrid } from './ingrid.ts';
import { kari, lena, noah, olav, ordinaryNamed, per } from './named-citizens.ts';
import type { ScenarioInputs } from './scenario-context.ts';
import { ROUND_CLIENTS, roundClients, SILJE, siljeRound } from './silje-round.ts';
import { WARD_RESIDENTS, wardResidents } from './ward-avdeling-2.ts';

export type { ScenarioInputs } from './scenario-context.ts';
export { SCENARIO_WARD_PLACES } from './ward-avdeling-2.ts';

/** Citizens the scenarios write records for: the demo register's own, the ward's residents, the round's clients. */
export const SCENARIO_CITIZENS = DEMO_CITIZENS.length + WARD_RESIDENTS + ROUND_CLIENTS;

/** Demo nurses whose rounds the scenarios set; the generated population's visits go to their colleagues. */
export const SCENARIO_ROUND_STAFF: readonly string[] = [SILJE, 'tone-haugen'];

/**
 * The content of SCENARIOS.md for the demo municipality (Lillesand): the named citizens of the demo register
 * (their Patients are the register's; only their records are added here), the fourteen residents of Solgløtt
 * avdeling 2 and the clients of Silje's round today.
 */
export function lillesandScenarios(inputs: ScenarioInputs): CitizenRecord[] {
  const round = siljeRound(inputs);
  return [
    ingrid(inputs, round),
    per(inputs),
    noah(inputs),
    kari(inputs),
    olav(inputs),
    ordinaryNamed(inputs, 'anne-fjeld'),
    ordinaryNamed(inputs, 'sara-aasen'),
    lena(inputs),
    ...wardResidents(inputs),
    ...roundClients(inputs, round),
  ];
}
