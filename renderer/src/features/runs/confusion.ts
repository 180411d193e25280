/** One square of the confusion matrix. */
export interface ConfusionCell {
  /** The true class (row). */
  row: number;
  /** The predicted class (column). */
  col: number;
  count: number;
  /** The count over its row's total (what share of that true class went here), 0 when the row is empty. */
  share: number;
  correct: boolean;
}

/** The squares of a confusion matrix (rows = true class), each with its share of the row for the colour. */
export function confusionCells(matrix: readonly (readonly number[])[]): ConfusionCell[] {
  return matrix.flatMap((counts, row) => {
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((count, col) => ({ row, col, count, share: total ? count / total : 0, correct: row === col }));
  });
}

/** "1.2 points" for the ONNX vs PyTorch difference in percentage points. */
export function formatPoints(points: number): string {
  const abs = Math.abs(points);
  return `${abs < 0.05 ? '0' : abs.toFixed(abs < 10 ? 1 : 0)} point${abs >= 0.05 && abs.toFixed(1) === '1.0' ? '' : 's'}`;
}
