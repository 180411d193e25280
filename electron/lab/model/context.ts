import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { LabJobs } from './jobs';
import type { LabStore } from './store';
import type { ClusterConfig, Ref, Svm } from './types';
import { notFound } from './errors';

/** What the lab's services share: where the lab lives, its store, config and jobs. */
export class LabContext {
  /** `s3-service-changed` (svm uuid) when an object-store server is created, changed or deleted. */
  readonly events = new EventEmitter<{ 's3-service-changed': [svmUuid: string] }>();

  constructor(
    readonly dir: string,
    readonly store: LabStore,
    readonly config: ClusterConfig,
    readonly jobs: LabJobs,
  ) {}

  /** Where volumes' active file systems live. */
  get volumesDir(): string {
    return join(this.dir, 'volumes');
  }
  /** Where snapshot trees live. */
  get snapshotsDir(): string {
    return join(this.dir, 'snapshots');
  }
  /** Scratch space on the same file system, for atomic renames; emptied at every start. */
  get tmpDir(): string {
    return join(this.dir, 'tmp');
  }

  /** Every SVM. */
  svms(): Svm[] {
    return this.store.all<Svm>('svm');
  }

  /** An SVM by name or uuid; ONTAP's "entry doesn't exist" otherwise. */
  svm(nameOrUuid: string, target = 'svm.name'): Svm {
    const found = this.svms().find((s) => s.name === nameOrUuid || s.uuid === nameOrUuid);
    if (!found) throw notFound('svm', target);
    return found;
  }

  /** `{name, uuid}` of an SVM. */
  svmRef(nameOrUuid: string, target?: string): Ref {
    const s = this.svm(nameOrUuid, target);
    return { name: s.name, uuid: s.uuid };
  }
}
