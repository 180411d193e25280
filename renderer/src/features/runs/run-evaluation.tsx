import { CheckCircle2, AlertTriangle } from 'lucide-react';
import type { RunDetail } from '../../../../shared/training';
import { confusionCells, formatPoints } from './confusion';

const CELL = 64;
const LABEL_W = 96;
const HEAD_H = 40;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The confusion matrix as a heatmap: rows are the true class, columns the prediction; colour is the row's share. */
export function ConfusionMatrix({ labels, confusion }: { labels: string[]; confusion: number[][] }) {
  const cells = confusionCells(confusion);
  const n = labels.length;
  const width = LABEL_W + n * CELL + 2;
  const height = HEAD_H + n * CELL + 24;
  return (
    <figure className="confusion" data-testid="confusion-matrix">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Confusion matrix: ${cells.map((c) => `true ${labels[c.row]}, predicted ${labels[c.col]}: ${c.count}`).join('; ')}`}
      >
        <text x={LABEL_W + (n * CELL) / 2} y={12} className="confusion-axis" textAnchor="middle">
          predicted
        </text>
        {labels.map((l, i) => (
          <text key={`c${l}`} x={LABEL_W + i * CELL + CELL / 2} y={HEAD_H - 8} textAnchor="middle" className="confusion-label">
            {l}
          </text>
        ))}
        {labels.map((l, i) => (
          <text key={`r${l}`} x={LABEL_W - 8} y={HEAD_H + i * CELL + CELL / 2 + 4} textAnchor="end" className="confusion-label">
            {l}
          </text>
        ))}
        {cells.map((c) => (
          <g key={`${c.row}-${c.col}`} data-testid="confusion-cell" data-count={c.count}>
            <rect
              x={LABEL_W + c.col * CELL}
              y={HEAD_H + c.row * CELL}
              width={CELL - 2}
              height={CELL - 2}
              rx={4}
              className={c.correct ? 'cell-correct' : 'cell-wrong'}
              style={{ fillOpacity: 0.12 + 0.88 * c.share }}
            />
            <text
              x={LABEL_W + c.col * CELL + CELL / 2 - 1}
              y={HEAD_H + c.row * CELL + CELL / 2 + 5}
              textAnchor="middle"
              className={c.share > 0.55 ? 'confusion-count strong' : 'confusion-count'}
            >
              {c.count}
            </text>
          </g>
        ))}
        <text x={8} y={HEAD_H + (n * CELL) / 2} className="confusion-axis" transform={`rotate(-90 8 ${HEAD_H + (n * CELL) / 2})`}>
          true
        </text>
      </svg>
      <figcaption className="muted">Rows: the true class. Columns: what the model predicted. Green: correct.</figcaption>
    </figure>
  );
}

/** PyTorch's evaluation, its per-class figures, and the ONNX re-evaluation with the agreement badge. */
export function RunEvaluation({ detail }: { detail: RunDetail }) {
  const ev = detail.evaluation;
  const onnx = detail.onnxEvaluation;
  if (!ev) return <p className="muted">The evaluation on the held-out images appears when training ends.</p>;
  return (
    <div className="evaluation" data-testid="evaluation">
      <div>
        <dl className="facts">
          <dt>Accuracy (PyTorch)</dt>
          <dd data-testid="torch-accuracy">
            <strong>{pct(ev.accuracy)}</strong> on {ev.samples.toLocaleString()} held-out images
          </dd>
          {onnx && (
            <>
              <dt>Accuracy (ONNX)</dt>
              <dd data-testid="onnx-accuracy">
                <strong>{pct(onnx.accuracy)}</strong> with onnxruntime ({onnx.provider}){' '}
                {onnx.agreesWithTorch ? (
                  <span
                    className="badge badge-succeeded"
                    data-testid="onnx-agrees"
                    title={`Difference: ${formatPoints(onnx.differencePoints)}`}
                  >
                    <CheckCircle2 size={11} aria-hidden /> agrees within 0.5 points
                  </span>
                ) : (
                  <span className="badge badge-failed" data-testid="onnx-disagrees">
                    <AlertTriangle size={11} aria-hidden /> differs by {formatPoints(onnx.differencePoints)}
                  </span>
                )}
              </dd>
            </>
          )}
        </dl>
        {!onnx && <p className="muted">The exported ONNX model has not been re-evaluated.</p>}
        <table className="table per-class">
          <thead>
            <tr>
              <th>Class</th>
              <th className="num">Precision</th>
              <th className="num">Recall</th>
              <th className="num">Images</th>
            </tr>
          </thead>
          <tbody>
            {ev.perClass.map((c) => (
              <tr key={c.label}>
                <td>{c.label}</td>
                <td className="num">{pct(c.precision)}</td>
                <td className="num">{pct(c.recall)}</td>
                <td className="num">{c.support}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfusionMatrix labels={ev.labels} confusion={ev.confusion} />
    </div>
  );
}
