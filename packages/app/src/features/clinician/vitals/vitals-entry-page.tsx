import {
  ACVPU,
  ACVPU_LEVELS,
  calculateNews2,
  NEWS2_PARAMETER_LABELS,
  NEWS2_PARAMETERS,
  NEWS2_RISK_LABELS,
  validateVitalSign,
  vitalSignObservation,
  type Acvpu,
  type News2Input,
  type News2Result,
  type VitalSignProblem,
} from '@akson/clinical';
import type { Condition, Observation } from '@medplum/fhirtypes';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { StaffProfile } from '../../../auth/profile.ts';
import { useClient, useProfile } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { hasCode } from '../../../text/fhir-text.ts';
import { parseDecimal } from '../../../text/parse-decimal.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { News2Badge } from './news2-badge.tsx';

const SCALE_2 = { system: 'https://akson.no/fhir/CodeSystem/news2', code: 'spo2-scale-2' };

interface FormValues {
  time: string;
  respirationRate: string;
  oxygenSaturation: string;
  oxygen: '' | 'air' | 'oxygen';
  oxygenFlow: string;
  systolic: string;
  diastolic: string;
  pulse: string;
  consciousness: '' | Acvpu;
  temperature: string;
}

function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

const EMPTY: FormValues = {
  time: '',
  respirationRate: '',
  oxygenSaturation: '',
  oxygen: '',
  oxygenFlow: '',
  systolic: '',
  diastolic: '',
  pulse: '',
  consciousness: '',
  temperature: '',
};

function news2Input(v: FormValues, scale: 1 | 2): News2Input {
  const num = (s: string) => {
    const parsed = parseDecimal(s);
    return typeof parsed === 'number' ? parsed : null;
  };
  return {
    respirationRate: num(v.respirationRate),
    oxygenSaturation: num(v.oxygenSaturation),
    onOxygen: v.oxygen === '' ? null : v.oxygen === 'oxygen',
    systolicBloodPressure: num(v.systolic),
    pulse: num(v.pulse),
    consciousness: v.consciousness === '' ? null : v.consciousness,
    temperature: num(v.temperature),
    spo2Scale: scale,
  };
}

/** Field problems: not a number, implausible (typing errors like 720 for 72), diastolic above systolic. */
function problemsOf(v: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (field: string, problems: VitalSignProblem[]) => {
    const first = problems[0];
    if (first) out[field] = first.message.nb;
  };
  const check = (field: keyof FormValues, kind: 'respirationRate' | 'pulse' | 'bodyTemperature') => {
    const value = parseDecimal(v[field]);
    if (value === 'invalid') out[field] = 'Skriv et tall.';
    else if (value !== undefined) add(field, validateVitalSign(kind, value));
  };
  check('respirationRate', 'respirationRate');
  check('pulse', 'pulse');
  check('temperature', 'bodyTemperature');
  const spo2 = parseDecimal(v.oxygenSaturation);
  const flow = parseDecimal(v.oxygenFlow);
  if (spo2 === 'invalid') out['oxygenSaturation'] = 'Skriv et tall.';
  else if (spo2 !== undefined)
    add(
      'oxygenSaturation',
      validateVitalSign('oxygenSaturation', {
        percent: spo2,
        ...(v.oxygen ? { onOxygen: v.oxygen === 'oxygen' } : {}),
        ...(typeof flow === 'number' ? { oxygenFlowLitresPerMinute: flow } : {}),
      }),
    );
  if (flow === 'invalid') out['oxygenFlow'] = 'Skriv et tall.';
  const sys = parseDecimal(v.systolic);
  const dia = parseDecimal(v.diastolic);
  if (sys === 'invalid') out['systolic'] = 'Skriv et tall.';
  if (dia === 'invalid') out['diastolic'] = 'Skriv et tall.';
  if (typeof sys === 'number' && dia === undefined) out['diastolic'] = 'Fyll inn diastolisk blodtrykk også.';
  if (typeof dia === 'number' && sys === undefined) out['systolic'] = 'Fyll inn systolisk blodtrykk også.';
  if (typeof sys === 'number' && typeof dia === 'number') {
    for (const p of validateVitalSign('bloodPressure', { systolic: sys, diastolic: dia }))
      out[p.field] ??= p.message.nb;
  }
  if (v.oxygen !== '' && spo2 === undefined)
    out['oxygenSaturation'] = 'Mål SpO2 når du registrerer luft/oksygen.';
  return out;
}

function observationsOf(
  v: FormValues,
  patientId: string,
  performer: Observation['performer'],
): Observation[] {
  const context = {
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: new Date(v.time).toISOString(),
    ...(performer ? { performer } : {}),
  };
  const out: Observation[] = [];
  const num = (s: string) => parseDecimal(s) as number | undefined;
  const rr = num(v.respirationRate);
  if (rr !== undefined) out.push(vitalSignObservation('respirationRate', rr, context));
  const spo2 = num(v.oxygenSaturation);
  const flow = num(v.oxygenFlow);
  if (spo2 !== undefined)
    out.push(
      vitalSignObservation(
        'oxygenSaturation',
        {
          percent: spo2,
          ...(v.oxygen ? { onOxygen: v.oxygen === 'oxygen' } : {}),
          ...(flow !== undefined ? { oxygenFlowLitresPerMinute: flow } : {}),
        },
        context,
      ),
    );
  const sys = num(v.systolic);
  const dia = num(v.diastolic);
  if (sys !== undefined && dia !== undefined)
    out.push(vitalSignObservation('bloodPressure', { systolic: sys, diastolic: dia }, context));
  const pulse = num(v.pulse);
  if (pulse !== undefined) out.push(vitalSignObservation('pulse', pulse, context));
  if (v.consciousness) out.push(vitalSignObservation('consciousness', v.consciousness, context));
  const temp = num(v.temperature);
  if (temp !== undefined) out.push(vitalSignObservation('bodyTemperature', temp, context));
  return out;
}

/**
 * Record a set of vital signs. NEWS2 is computed as the nurse types (the same code the server runs when the
 * set is stored), with the escalation and the recommended response shown at once.
 */
export function VitalsEntryPage() {
  usePageTitle('Registrer målinger');
  const { patientId, header } = usePatient();
  const profile = useProfile() as StaffProfile;
  const client = useClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<FormValues>(() => ({ ...EMPTY, time: localNow() }));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | undefined>();

  // SpO2 scale 2 is a clinical decision recorded on the patient (hypercapnic respiratory failure).
  const scale2 = useLoad(
    async (signal) => {
      if (header?.flags.some((f) => hasCode(f.code, SCALE_2.system, SCALE_2.code))) return true;
      const conditions = await client.search<Condition>(
        'Condition',
        { patient: patientId, code: `${SCALE_2.system}|${SCALE_2.code}` },
        signal,
      );
      return conditions.resources.some((c) => c.clinicalStatus?.coding?.[0]?.code !== 'resolved');
    },
    [patientId, header],
  );
  const scale: 1 | 2 = scale2.data ? 2 : 1;
  const result = useMemo(() => calculateNews2(news2Input(values, scale)), [values, scale]);
  const problems = useMemo(() => problemsOf(values), [values]);
  const nothing = NEWS2_PARAMETERS.every((p) => result.components[p].status === 'missing');
  const set = (field: keyof FormValues) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const save = async () => {
    setSubmitted(true);
    if (Object.keys(problems).length > 0 || nothing || !values.time) return;
    setSaving(true);
    setError(undefined);
    try {
      const performer = profile.roleId ? [{ reference: `PractitionerRole/${profile.roleId}` }] : undefined;
      await client.transaction(
        observationsOf(values, patientId, performer).map((resource) => ({ resource })),
      );
      navigate(`/pasient/${patientId}/malinger?lagret=1`);
    } catch (err) {
      setError(err as Error);
      setSaving(false);
    }
  };

  const err = (field: string) =>
    submitted || values[field as keyof FormValues] !== '' ? problems[field] : undefined;
  const numberInput = (field: keyof FormValues, props: object, unit: string) => (
    <span className="row">
      <input
        {...props}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        size={6}
        name={field}
        value={values[field]}
        onChange={(e) => set(field)(e.target.value)}
      />
      <span aria-hidden="true">{unit}</span>
    </span>
  );

  return (
    <section aria-labelledby="entry-title">
      <h2 id="entry-title">Registrer målinger</h2>
      <div className="grid">
        <form
          className="card"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <Field
            label="Tidspunkt for målingen"
            error={submitted && !values.time ? 'Oppgi når målingen ble tatt.' : undefined}
          >
            {(props) => (
              <input
                {...props}
                type="datetime-local"
                name="time"
                value={values.time}
                onChange={(e) => set('time')(e.target.value)}
              />
            )}
          </Field>
          <Field label="Respirasjonsfrekvens" hint="Antall pust per minutt" error={err('respirationRate')}>
            {(props) => numberInput('respirationRate', props, '/min')}
          </Field>
          <Field
            label="Oksygenmetning (SpO2)"
            hint={scale === 2 ? 'Pasienten skåres på SpO2-skala 2.' : undefined}
            error={err('oxygenSaturation')}
          >
            {(props) => numberInput('oxygenSaturation', props, '%')}
          </Field>
          <fieldset>
            <legend>Puster pasienten romluft eller får oksygen?</legend>
            {(
              [
                ['air', 'Romluft'],
                ['oxygen', 'Oksygen'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name="oxygen"
                  value={value}
                  checked={values.oxygen === value}
                  onChange={() => set('oxygen')(value)}
                />
                {label}
              </label>
            ))}
            {values.oxygen === 'oxygen' ? (
              <Field label="Oksygenflow" hint="Liter per minutt" error={err('oxygenFlow')}>
                {(props) => numberInput('oxygenFlow', props, 'l/min')}
              </Field>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>Blodtrykk</legend>
            <div className="row">
              <Field label="Systolisk" error={err('systolic')}>
                {(props) => numberInput('systolic', props, 'mmHg')}
              </Field>
              <Field label="Diastolisk" error={err('diastolic')}>
                {(props) => numberInput('diastolic', props, 'mmHg')}
              </Field>
            </div>
          </fieldset>
          <Field label="Puls" hint="Slag per minutt" error={err('pulse')}>
            {(props) => numberInput('pulse', props, '/min')}
          </Field>
          <Field label="Bevissthet (ACVPU)">
            {(props) => (
              <select
                {...props}
                name="consciousness"
                value={values.consciousness}
                onChange={(e) => set('consciousness')(e.target.value)}
              >
                <option value="">Ikke vurdert</option>
                {ACVPU_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {ACVPU[level].label.nb}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Temperatur"
            hint="Desimal med komma eller punktum, f.eks. 37,8"
            error={err('temperature')}
          >
            {(props) => numberInput('temperature', props, '°C')}
          </Field>
          {submitted && nothing ? (
            <p className="field__error" role="alert">
              Fyll inn minst én måling.
            </p>
          ) : null}
          {error ? <ErrorMessage error={error} /> : null}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? 'Lagrer …' : 'Lagre målinger'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => navigate(`/pasient/${patientId}/malinger`)}
            >
              Avbryt
            </button>
          </div>
        </form>
        <News2Panel result={result} />
      </div>
    </section>
  );
}

/** The live NEWS2: total (or "at least" while parameters are missing), each parameter's score, and what to do. */
function News2Panel({ result }: { result: News2Result }) {
  const total = result.total ?? result.partialTotal;
  return (
    <aside className="card" aria-labelledby="news2-live-title" data-testid="news2-live">
      <h3 id="news2-live-title">NEWS2 beregnet nå</h3>
      <div aria-live="polite" aria-atomic="true">
        <News2Badge total={total} escalation={result.escalation} atLeast={!result.complete} />
        <p className="small">
          {result.complete && result.risk
            ? NEWS2_RISK_LABELS[result.risk].nb
            : `Ufullstendig: mangler ${result.missing.map((p) => NEWS2_PARAMETER_LABELS[p].nb.toLowerCase()).join(', ')}.`}
        </p>
      </div>
      {result.escalation ? (
        <div className="alert alert--error" role="alert" data-testid="news2-escalation">
          <p className="alert__title">{result.response.headline.nb}</p>
          <ul>
            {result.response.actions.nb.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
          <p className="small">Observasjon: {result.response.monitoring.nb}.</p>
        </div>
      ) : total > 0 ? (
        <p className="small">
          <strong>{result.response.headline.nb}.</strong> {result.response.monitoring.nb}.
        </p>
      ) : null}
      <table>
        <caption className="visually-hidden">Poeng per parameter</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col" className="numeric">
              Poeng
            </th>
          </tr>
        </thead>
        <tbody>
          {NEWS2_PARAMETERS.map((p) => {
            const c = result.components[p];
            return (
              <tr key={p}>
                <th scope="row">{NEWS2_PARAMETER_LABELS[p].nb}</th>
                <td className="numeric">
                  {c.status === 'scored' ? (
                    <strong>{c.score}</strong>
                  ) : (
                    <span className="muted">{c.reason?.nb ?? 'Ikke målt'}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </aside>
  );
}
