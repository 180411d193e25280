import type { RunDetail } from '../../../../shared/training';
import { versionRouteParam, type DatasetVersion } from '../../../../shared/versions';
import { hashOf } from '../../stores/nav-store';
import { formatBytes } from '../../shell/bytes';
import { CopyText } from '../../shell/code-block';
import { formatParam } from './run-format';

const ARTIFACT_KIND: Record<RunDetail['artifacts'][number]['kind'], string> = {
  'model-onnx': 'ONNX model',
  'model-torchscript': 'TorchScript model',
  'confusion-matrix': 'Confusion matrix',
  split: 'Train/test split',
  file: 'File',
};

/** The Versions page at the run's snapshot (its lineage), or the page itself for a listing version. */
function lineageHref(v: DatasetVersion): string {
  if (v.kind !== 'snapshot' || !v.connectionId || !v.svm || !v.volume) return '#/versions';
  return hashOf(
    'versions',
    versionRouteParam({ connectionId: v.connectionId, svm: v.svm, volume: v.volume, snapshot: v.snapshot }),
  );
}
/** The files the run produced, each with its path to copy. */
export function RunArtifacts({ artifacts }: { artifacts: RunDetail['artifacts'] }) {
  if (!artifacts.length) return <p className="muted">No files yet: models and evaluation files appear when training ends.</p>;
  return (
    <table className="table artifacts" data-testid="artifacts">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kind</th>
          <th className="num">Size</th>
          <th>Path</th>
        </tr>
      </thead>
      <tbody>
        {artifacts.map((a) => (
          <tr key={a.path} data-testid="artifact" data-kind={a.kind}>
            <td>{a.name}</td>
            <td>{ARTIFACT_KIND[a.kind]}</td>
            <td className="num">{formatBytes(a.bytes)}</td>
            <td className="artifact-path">
              <CopyText text={a.path} label={`path of ${a.name}`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where it ran: Python, PyTorch, CUDA, GPUs and the device the runner chose. */
export function RunEnvironment({ detail }: { detail: RunDetail }) {
  const env = detail.env;
  return (
    <dl className="facts" data-testid="run-env">
      <dt>Device</dt>
      <dd data-testid="run-device">{detail.device ?? 'not chosen yet'}</dd>
      {env ? (
        <>
          <dt>Python</dt>
          <dd>
            {env.pythonVersion ?? '?'} {env.python && <code>{env.python}</code>}
          </dd>
          <dt>PyTorch</dt>
          <dd>
            {env.torch ?? '—'}
            {env.torchvision ? ` · torchvision ${env.torchvision}` : ''}
          </dd>
          <dt>CUDA</dt>
          <dd>{env.cuda ?? 'not used'}</dd>
          <dt>GPUs</dt>
          <dd>
            {env.gpus.length
              ? env.gpus.map((g) => `${g.index}: ${g.name} (${(g.memoryMiB / 1024).toFixed(0)} GiB)`).join(', ')
              : 'none'}
          </dd>
        </>
      ) : (
        <>
          <dt>Environment</dt>
          <dd className="muted">recorded when the run starts</dd>
        </>
      )}
    </dl>
  );
}

/** Which code and which data: the code version, the parameters, and the pinned dataset version with its lineage link. */
export function RunLineage({ detail }: { detail: RunDetail }) {
  const v = detail.version;
  const params = Object.entries(detail.params);
  return (
    <dl className="facts" data-testid="run-lineage">
      <dt>Code</dt>
      <dd data-testid="run-code">
        <code>{detail.codeVersion}</code>
        {detail.code.kind === 'script' && (
          <>
            {' '}
            <code>{[detail.code.path, ...detail.code.args].join(' ')}</code>
          </>
        )}
      </dd>
      <dt>Dataset</dt>
      <dd>{detail.datasetName}</dd>
      <dt>Data version</dt>
      <dd data-testid="run-version">
        {v ? (
          <>
            <code>{v.label}</code> {v.kind === 'snapshot' ? '(ONTAP snapshot, never changes)' : '(pinned by its file listing)'}{' '}
            <a href={lineageHref(v)} data-testid="lineage-link">
              Lineage →
            </a>
          </>
        ) : (
          <span className="muted">pinned when the run starts</span>
        )}
      </dd>
      <dt>Parameters</dt>
      <dd>
        {params.length ? (
          <span className="param-list">
            {params.map(([k, val]) => (
              <code key={k}>
                {k}={formatParam(val)}
              </code>
            ))}
          </span>
        ) : (
          '—'
        )}
      </dd>
    </dl>
  );
}
