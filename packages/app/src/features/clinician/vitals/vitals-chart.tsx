import { ACVPU } from '@akson/clinical';
import { useState } from 'react';
import { LineChart, type ChartBand, type ChartPoint } from '../../../components/line-chart.tsx';
import { formatDateTime, formatNumber } from '../../../text/format.ts';
import type { VitalSet } from './vital-sets.ts';

type Series = 'news2' | 'pulse' | 'systolic' | 'respiration' | 'spo2' | 'temperature';

const SERIES: Record<
  Series,
  { label: string; unit: string; min: number; max: number; value: (s: VitalSet) => number | undefined }
> = {
  news2: { label: 'NEWS2', unit: '', min: 0, max: 10, value: (s) => s.news2?.total },
  pulse: { label: 'Puls', unit: '/min', min: 40, max: 140, value: (s) => s.input.pulse ?? undefined },
  systolic: {
    label: 'Systolisk blodtrykk',
    unit: 'mmHg',
    min: 80,
    max: 200,
    value: (s) => s.input.systolicBloodPressure ?? undefined,
  },
  respiration: {
    label: 'Respirasjonsfrekvens',
    unit: '/min',
    min: 8,
    max: 30,
    value: (s) => s.input.respirationRate ?? undefined,
  },
  spo2: { label: 'SpO2', unit: '%', min: 85, max: 100, value: (s) => s.input.oxygenSaturation ?? undefined },
  temperature: {
    label: 'Temperatur',
    unit: '°C',
    min: 35,
    max: 40,
    value: (s) => s.input.temperature ?? undefined,
  },
};

const NEWS2_BANDS: ChartBand[] = [
  { from: 5, to: 20, kind: 'escalate', label: '5 og over: eskaler' },
  { from: 3, to: 5, kind: 'watch', label: 'Økt observasjon' },
];

/**
 * The vital-signs chart with the NEWS2 trend (default) or one parameter, escalations marked, and the same
 * numbers as a table for those who cannot see the chart (and for anyone who wants exact values).
 */
export function VitalsChart({ sets }: { sets: readonly VitalSet[] }) {
  const [series, setSeries] = useState<Series>('news2');
  const def = SERIES[series];
  const points: ChartPoint[] = sets.flatMap((s) => {
    const y = def.value(s);
    if (y === undefined) return [];
    const alert = series === 'news2' && (s.news2?.escalation ?? false);
    return [
      {
        x: Date.parse(s.time),
        y,
        alert,
        label: `${formatDateTime(s.time)}: ${def.label} ${formatNumber(y, series === 'temperature' ? 1 : 0)}${def.unit ? ` ${def.unit}` : ''}${alert ? ', krever eskalering' : ''}`,
      },
    ];
  });
  const escalations = series === 'news2' ? points.filter((p) => p.alert).length : 0;
  const latest = points.length > 0 ? points.reduce((a, b) => (a.x > b.x ? a : b)) : undefined;
  return (
    <div className="stack">
      <div className="segmented" role="group" aria-label="Vis i grafen">
        {(Object.keys(SERIES) as Series[]).map((key) => (
          <button
            key={key}
            type="button"
            className="button button--small"
            aria-pressed={series === key}
            onClick={() => setSeries(key)}
          >
            {SERIES[key].label}
          </button>
        ))}
      </div>
      {points.length === 0 ? (
        <p className="muted">Ingen målinger av {def.label.toLowerCase()} i perioden.</p>
      ) : (
        <LineChart
          title={`${def.label} over tid`}
          description={`${points.length} målinger. Siste: ${latest?.label ?? ''}.${
            series === 'news2'
              ? ` ${escalations} målinger krevde eskalering (NEWS2 5 eller mer, eller 3 i én parameter).`
              : ''
          }`}
          points={points}
          yMin={def.min}
          yMax={def.max}
          bands={series === 'news2' ? NEWS2_BANDS : []}
          unit={def.unit}
        />
      )}
      {series === 'news2' && escalations > 0 ? (
        <p className="small">
          <strong>!</strong> = målingen krevde eskalering ({escalations} i perioden).
        </p>
      ) : null}
      <details className="table-alternative">
        <summary>Vis målingene som tabell</summary>
        <VitalsTable sets={sets} />
      </details>
    </div>
  );
}

export function VitalsTable({ sets }: { sets: readonly VitalSet[] }) {
  const n = (v: number | null | undefined, d = 0) =>
    v === undefined || v === null ? '–' : formatNumber(v, d);
  return (
    <div className="table-wrap">
      <table>
        <caption>Vitale parametre og NEWS2</caption>
        <thead>
          <tr>
            <th scope="col">Tidspunkt</th>
            <th scope="col" className="numeric">
              Resp.
            </th>
            <th scope="col" className="numeric">
              SpO2 %
            </th>
            <th scope="col">O2</th>
            <th scope="col" className="numeric">
              BT
            </th>
            <th scope="col" className="numeric">
              Puls
            </th>
            <th scope="col">ACVPU</th>
            <th scope="col" className="numeric">
              Temp.
            </th>
            <th scope="col">NEWS2</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((s) => (
            <tr key={s.time}>
              <th scope="row">{formatDateTime(s.time)}</th>
              <td className="numeric">{n(s.input.respirationRate)}</td>
              <td className="numeric">{n(s.input.oxygenSaturation)}</td>
              <td>
                {s.input.onOxygen === undefined || s.input.onOxygen === null
                  ? '–'
                  : s.input.onOxygen
                    ? 'Oksygen'
                    : 'Luft'}
              </td>
              <td className="numeric">
                {s.input.systolicBloodPressure
                  ? `${s.input.systolicBloodPressure}/${s.diastolic ?? '–'}`
                  : '–'}
              </td>
              <td className="numeric">{n(s.input.pulse)}</td>
              <td>{s.input.consciousness ? ACVPU[s.input.consciousness].label.nb : '–'}</td>
              <td className="numeric">{n(s.input.temperature, 1)}</td>
              <td>
                {s.news2 ? (
                  <>
                    <strong>{s.news2.total}</strong>
                    {s.news2.escalation ? ' – eskaler' : ''}
                    {s.news2.source === 'computed' ? ' (beregnet)' : ''}
                  </>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
