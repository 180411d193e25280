/** Classes with their counts, each with a bar as long as its share of the largest class. */
export function ClassBars({ classes }: { classes: { label: string; count: number }[] }) {
  const max = Math.max(1, ...classes.map((c) => c.count));
  const total = classes.reduce((n, c) => n + c.count, 0);
  return (
    <ul className="class-bars" data-testid="class-bars">
      {classes.map((c) => (
        <li key={c.label} data-testid="class-count" data-class={c.label} data-count={c.count}>
          <span className="class-label">{c.label}</span>
          <span className="class-bar" aria-hidden>
            <span style={{ width: `${(c.count / max) * 100}%` }} />
          </span>
          <span className="num">
            {c.count.toLocaleString()} <span className="muted">({total ? Math.round((c.count / total) * 100) : 0}%)</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
