/**
 * A NEWS2 score with its meaning in words, not colour alone: "NEWS2 6 – eskaler" (WCAG 1.4.1).
 */
export function News2Badge({
  total,
  escalation,
  small = false,
  atLeast = false,
}: {
  total: number;
  escalation: boolean;
  small?: boolean;
  /** The score is a lower bound (not all parameters measured yet). */
  atLeast?: boolean;
}) {
  const level = total >= 7 ? 'high' : escalation ? 'medium' : 'low';
  const label = `NEWS2 ${atLeast ? 'minst ' : ''}${total}${escalation ? ' – krever eskalering' : ''}`;
  if (small)
    return (
      <span className={`badge ${level === 'low' ? 'badge--ok' : 'badge--danger'}`} data-testid="news2-badge">
        {label}
      </span>
    );
  return (
    <span className="row" data-testid="news2-badge">
      <span className={`news2-score news2-score--${level}`} aria-hidden="true">
        {atLeast ? '≥' : ''}
        {total}
      </span>
      <span>{label}</span>
    </span>
  );
}
