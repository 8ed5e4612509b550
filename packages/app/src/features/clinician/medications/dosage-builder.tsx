import { findDoseUnit, renderDosage, validateDosage } from '@akson/clinical';
import type { Dosage } from '@medplum/fhirtypes';
import { Field } from '../../../components/field.tsx';
import { parseDecimal } from '../../../text/parse-decimal.ts';

export type DosageKind = 'slots' | 'times-daily' | 'weekly' | 'as-needed';

/** The structured dosage as the form holds it; `dosageOf` turns it into FHIR Dosage. */
export interface DosageForm {
  readonly kind: DosageKind;
  readonly unit: string;
  /** slots: dose per time of day ('' = none) */
  readonly slots: Readonly<Record<Slot, string>>;
  /** times-daily, weekly, as-needed: one dose */
  readonly dose: string;
  readonly timesDaily: string;
  readonly weekdays: readonly Weekday[];
  readonly maxPerDay: string;
  readonly indication: string;
  /** Course length in days ('' = until further notice). */
  readonly days: string;
}

type Slot = 'MORN' | 'NOON' | 'EVE' | 'HS';
type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

const SLOTS: [Slot, string][] = [
  ['MORN', 'Morgen'],
  ['NOON', 'Midt på dagen'],
  ['EVE', 'Kveld'],
  ['HS', 'Ved sengetid'],
];
const WEEKDAYS: [Weekday, string][] = [
  ['mon', 'Mandag'],
  ['tue', 'Tirsdag'],
  ['wed', 'Onsdag'],
  ['thu', 'Torsdag'],
  ['fri', 'Fredag'],
  ['sat', 'Lørdag'],
  ['sun', 'Søndag'],
];
const UNITS = ['tablett', 'kapsel', 'mg', 'ml', 'dråpe', 'pust', 'plaster', 'dose', 'IE'];

export const EMPTY_DOSAGE: DosageForm = {
  kind: 'slots',
  unit: 'tablett',
  slots: { MORN: '', NOON: '', EVE: '', HS: '' },
  dose: '',
  timesDaily: '',
  weekdays: [],
  maxPerDay: '',
  indication: '',
  days: '',
};

function quantity(value: number, unit: string): Dosage['doseAndRate'] {
  const known = findDoseUnit(unit);
  return [
    {
      doseQuantity: {
        value,
        unit: known?.singular ?? unit,
        ...(known?.ucum ? { system: 'http://unitsofmeasure.org', code: known.ucum } : {}),
      },
    },
  ];
}

function num(text: string): number | undefined {
  const v = parseDecimal(text);
  return typeof v === 'number' ? v : undefined;
}

/**
 * FHIR Dosage from the form: always structured, always with its interval (weekly is "per week", never
 * "daily"). Returns [] when something needed is missing; validateDosage then says what.
 */
export function dosageOf(form: DosageForm): Dosage[] {
  const bounds = num(form.days)
    ? {
        boundsDuration: {
          value: num(form.days),
          unit: 'dager',
          system: 'http://unitsofmeasure.org',
          code: 'd',
        },
      }
    : {};
  switch (form.kind) {
    case 'slots': {
      const given = SLOTS.flatMap(([slot]) => {
        const v = num(form.slots[slot]);
        return v ? [{ slot, value: v }] : [];
      });
      return given.map(({ slot, value }) => ({
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: [slot], ...bounds } },
        doseAndRate: quantity(value, form.unit),
      }));
    }
    case 'times-daily': {
      const dose = num(form.dose);
      const times = num(form.timesDaily);
      if (!dose || !times) return [];
      return [
        {
          timing: { repeat: { frequency: times, period: 1, periodUnit: 'd', ...bounds } },
          doseAndRate: quantity(dose, form.unit),
        },
      ];
    }
    case 'weekly': {
      const dose = num(form.dose);
      if (!dose || form.weekdays.length === 0) return [];
      return [
        {
          timing: {
            repeat: {
              frequency: form.weekdays.length,
              period: 1,
              periodUnit: 'wk',
              dayOfWeek: [...form.weekdays],
              ...bounds,
            },
          },
          doseAndRate: quantity(dose, form.unit),
        },
      ];
    }
    case 'as-needed': {
      const dose = num(form.dose);
      const max = num(form.maxPerDay);
      if (!dose) return [];
      const known = findDoseUnit(form.unit);
      return [
        {
          ...(form.indication.trim()
            ? { asNeededCodeableConcept: { text: form.indication.trim() } }
            : { asNeededBoolean: true }),
          ...(Object.keys(bounds).length ? { timing: { repeat: { ...bounds } } } : {}),
          doseAndRate: quantity(dose, form.unit),
          ...(max
            ? {
                maxDosePerPeriod: {
                  numerator: {
                    value: max * (known?.kind === 'count' ? 1 : dose),
                    unit: known?.singular ?? form.unit,
                  },
                  denominator: { value: 1, unit: 'døgn', system: 'http://unitsofmeasure.org', code: 'd' },
                },
              }
            : {}),
        },
      ];
    }
  }
}

/** The dosage's problems in Norwegian (validateDosage): what the server would refuse. */
export function dosageProblems(dosage: Dosage[]): string[] {
  if (dosage.length === 0) return ['Fyll inn dose og når den skal tas.'];
  return validateDosage(dosage)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => i.message.nb);
}

/** Structured dosage entry with the resulting text shown as it will read on the list. */
export function DosageBuilder({
  form,
  onChange,
  showErrors,
}: {
  form: DosageForm;
  onChange: (form: DosageForm) => void;
  showErrors: boolean;
}) {
  const set = <K extends keyof DosageForm>(key: K, value: DosageForm[K]) =>
    onChange({ ...form, [key]: value });
  const dosage = dosageOf(form);
  const problems = dosageProblems(dosage);
  const text = dosage.length > 0 ? renderDosage(dosage) : '–';
  const small = (props: object, value: string, onValue: (v: string) => void, name: string) => (
    <input
      {...props}
      type="text"
      inputMode="decimal"
      size={5}
      name={name}
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
  return (
    <fieldset data-testid="dosage-builder">
      <legend>Dosering</legend>
      <div className="row">
        <Field label="Type dosering">
          {(props) => (
            <select {...props} value={form.kind} onChange={(e) => set('kind', e.target.value as DosageKind)}>
              <option value="slots">Faste tider på døgnet</option>
              <option value="times-daily">Antall ganger daglig</option>
              <option value="weekly">Ukentlig på faste dager</option>
              <option value="as-needed">Ved behov</option>
            </select>
          )}
        </Field>
        <Field label="Enhet">
          {(props) => (
            <select {...props} value={form.unit} onChange={(e) => set('unit', e.target.value)}>
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {form.kind === 'slots' ? (
        <div className="row">
          {SLOTS.map(([slot, label]) => (
            <Field key={slot} label={label}>
              {(props) =>
                small(
                  props,
                  form.slots[slot],
                  (v) => set('slots', { ...form.slots, [slot]: v }),
                  `slot-${slot}`,
                )
              }
            </Field>
          ))}
        </div>
      ) : (
        <div className="row">
          <Field label={`Dose (${form.unit})`}>
            {(props) => small(props, form.dose, (v) => set('dose', v), 'dose')}
          </Field>
          {form.kind === 'times-daily' ? (
            <Field label="Ganger per døgn">
              {(props) => small(props, form.timesDaily, (v) => set('timesDaily', v), 'times-daily')}
            </Field>
          ) : null}
          {form.kind === 'as-needed' ? (
            <>
              <Field label="Maks antall doser per døgn">
                {(props) => small(props, form.maxPerDay, (v) => set('maxPerDay', v), 'max-per-day')}
              </Field>
              <Field label="Ved behov for">
                {(props) => (
                  <input
                    {...props}
                    type="text"
                    name="indication"
                    value={form.indication}
                    onChange={(e) => set('indication', e.target.value)}
                  />
                )}
              </Field>
            </>
          ) : null}
        </div>
      )}
      {form.kind === 'weekly' ? (
        <fieldset>
          <legend>Ukedager</legend>
          <div className="row">
            {WEEKDAYS.map(([day, label]) => (
              <label key={day} className="choice">
                <input
                  type="checkbox"
                  checked={form.weekdays.includes(day)}
                  onChange={() =>
                    set(
                      'weekdays',
                      form.weekdays.includes(day)
                        ? form.weekdays.filter((d) => d !== day)
                        : [...form.weekdays, day],
                    )
                  }
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <Field label="Varighet i dager" hint="Tomt betyr inntil videre.">
        {(props) => small(props, form.days, (v) => set('days', v), 'days')}
      </Field>
      <p aria-live="polite">
        <strong>Slik blir doseringen:</strong> <span data-testid="dosage-text">{text}</span>
      </p>
      {showErrors && problems.length > 0 ? (
        <ul className="field__error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

/** Reads a stored dosage back into the form when it is one of the shapes the form makes; else undefined. */
export function formOfDosage(dosage: readonly Dosage[] | undefined): DosageForm | undefined {
  if (!dosage?.length) return undefined;
  const first = dosage[0];
  const unit = first?.doseAndRate?.[0]?.doseQuantity?.unit ?? 'tablett';
  const days = first?.timing?.repeat?.boundsDuration?.value;
  const base = { ...EMPTY_DOSAGE, unit, days: days ? String(days) : '' };
  const value = (d: Dosage | undefined) =>
    String(d?.doseAndRate?.[0]?.doseQuantity?.value ?? '').replace('.', ',');
  if (first?.asNeededBoolean || first?.asNeededCodeableConcept) {
    const max = first.maxDosePerPeriod?.numerator?.value;
    return {
      ...base,
      kind: 'as-needed',
      dose: value(first),
      maxPerDay: max ? String(max) : '',
      indication: first.asNeededCodeableConcept?.text ?? '',
    };
  }
  const repeat = first?.timing?.repeat;
  if (repeat?.periodUnit === 'wk' && repeat.dayOfWeek?.length)
    return { ...base, kind: 'weekly', dose: value(first), weekdays: repeat.dayOfWeek as Weekday[] };
  if (dosage.every((d) => d.timing?.repeat?.when?.length)) {
    const slots: Record<Slot, string> = { MORN: '', NOON: '', EVE: '', HS: '' };
    for (const d of dosage)
      for (const w of d.timing?.repeat?.when ?? []) if (w in slots) slots[w as Slot] = value(d);
    return { ...base, kind: 'slots', slots };
  }
  if (repeat?.frequency && repeat.periodUnit === 'd' && repeat.period === 1)
    return { ...base, kind: 'times-daily', dose: value(first), timesDaily: String(repeat.frequency) };
  return undefined;
}
