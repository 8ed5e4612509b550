import type { MedicationLineView } from './medication-lines.ts';

const CLASS: Record<string, string> = {
  active: 'badge--ok',
  'on-hold': 'badge--warning',
  stopped: 'badge--danger',
  completed: 'badge--muted',
  'entered-in-error': 'badge--muted',
};

/** The line's status in words ("Seponert 12.11.2026: bivirkninger"), never only a colour. */
export function MedicationStatusBadge({ line }: { line: MedicationLineView }) {
  return (
    <span className={`badge ${CLASS[line.state] ?? 'badge--muted'}`} data-testid="medication-status">
      {line.statusText}
    </span>
  );
}
