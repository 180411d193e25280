import { formatScore } from './model-format';

/** Every label's softmax score as a bar, the predicted label first and highlighted. */
export function ScoreBars({ scores, label }: { scores: Record<string, number>; label: string }) {
  const rows = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  return (
    <ul className="score-bars" data-testid="score-bars" aria-label="Scores">
      {rows.map(([name, score]) => (
        <li key={name} className={name === label ? 'score-top' : undefined} data-testid={`score-${name}`}>
          <span className="score-label">{name}</span>
          <span className="score-track" aria-hidden>
            <span className="score-fill" style={{ width: `${Math.max(0.5, score * 100)}%` }} />
          </span>
          <span className="score-value num">{formatScore(score)}</span>
        </li>
      ))}
    </ul>
  );
}
