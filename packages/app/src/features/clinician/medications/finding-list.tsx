import { KIND_TEXT, SEVERITY_TEXT, type Finding } from './medication-findings.ts';

/** Findings of the medication check, most serious first, with kind and severity in words. */
export function FindingList({ findings }: { findings: readonly Finding[] }) {
  return (
    <ul className="list" data-testid="findings">
      {findings.map((f) => (
        <li key={f.key}>
          <span
            className={`badge ${f.severity === 'high' ? 'badge--danger' : f.severity === 'moderate' ? 'badge--warning' : 'badge--muted'}`}
          >
            {SEVERITY_TEXT[f.severity] ?? f.severity} · {KIND_TEXT[f.kind] ?? f.kind}
          </span>{' '}
          {f.text}
          {f.acknowledgement ? (
            <div className="small">
              Kvittert{f.acknowledgement.by ? ` av ${f.acknowledgement.by}` : ''}: «{f.acknowledgement.reason}
              »
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
