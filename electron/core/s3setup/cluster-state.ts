import { WorkbenchError } from '../errors';
import type { OntapApi, OntapS3Bucket } from '../ontap/ontap-api';
import type { ClusterState } from './plan';

/**
 * Reads what the plan is built from, through OntapApi (REST or the CLI alike): the SVM, its
 * volumes, object-store server, users, groups, buckets and data interfaces.
 */
export async function readClusterState(api: OntapApi, svmName: string, signal?: AbortSignal): Promise<ClusterState> {
  const o = { signal };
  const svms = await api.svms(o);
  const svm = svms.find((s) => s.name === svmName);
  if (!svm) {
    throw new WorkbenchError('NOT_FOUND', `There is no SVM "${svmName}" on this cluster.`, {
      hint: svms.length
        ? `The SVMs are: ${svms.map((s) => s.name).join(', ')}.`
        : 'Refresh the discovery view and choose an SVM.',
    });
  }
  const [volumes, service, interfaces] = await Promise.all([
    api.volumes(svm.name, o),
    api.s3Service(svm.name, o),
    api.interfaces(svm.name, o),
  ]);
  // Users, groups and buckets only exist under an object-store server.
  const [users, groups, buckets] = service
    ? await Promise.all([api.s3Users(svm.name, o), api.s3Groups(svm.name, o), allBuckets(api, svm.name, signal)])
    : [[], [], await allBuckets(api, svm.name, signal)];
  return {
    svm: { name: svm.name, uuid: svm.uuid },
    volumes: volumes.filter((v) => v.svm === svm.name),
    service,
    users,
    groups,
    buckets,
    interfaces: interfaces.filter((i) => i.svm === svm.name),
  };
}

/** Every SVM's buckets (to warn about a name used elsewhere); an SVM-scoped account sees its own only. */
async function allBuckets(api: OntapApi, svm: string, signal?: AbortSignal): Promise<OntapS3Bucket[]> {
  try {
    return await api.s3Buckets(undefined, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    return api.s3Buckets(svm, { signal }).catch((inner: unknown) => {
      // No object-store server yet means no buckets on this SVM, however the API says it.
      if (inner instanceof WorkbenchError && inner.code === 'NOT_FOUND') return [];
      throw inner;
    });
  }
}
