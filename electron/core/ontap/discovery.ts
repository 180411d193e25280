import type { Discovery } from '../../../shared/connections';
import { WorkbenchError } from '../errors';
import type { CallOptions, OntapApi } from './ontap-api';

/**
 * Reads what the discovery view shows: the cluster, SVMs, volumes, data interfaces and each SVM's
 * S3 server, buckets and users (access keys only, never secrets). What the account may not read
 * (an SVM-scoped account and the cluster) is left empty and said in `limits`; any other failure
 * is the caller's.
 */
export async function discoverCluster(api: OntapApi, o: CallOptions = {}): Promise<Discovery> {
  const limits: string[] = [];
  /** Runs `read`; a refusal for lack of privilege becomes a limit instead of a failure. */
  const allowed = async <T>(what: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof WorkbenchError && err.code === 'ONTAP_PRIVILEGE') {
        limits.push(`This account may not read ${what}: ${err.message}`);
        return fallback;
      }
      throw err;
    }
  };

  const cluster = await allowed('the cluster (its name and version)', () => api.cluster(o), null);
  const svms = await allowed('the SVMs', () => api.svms(o), []);
  const volumes = await allowed('the volumes', () => api.volumes(undefined, o), []);
  const interfaces = await allowed('the network interfaces', () => api.interfaces(undefined, o), []);
  const buckets = await allowed('the S3 buckets', () => api.s3Buckets(undefined, o), []);

  const services: Discovery['s3']['services'] = [];
  const users: Discovery['s3']['users'] = [];
  for (const svm of svms) {
    const service = await allowed(`the S3 server of ${svm.name}`, () => api.s3Service(svm.name, o), null);
    if (!service) continue;
    services.push(service);
    const svmUsers = await allowed(`the S3 users of ${svm.name}`, () => api.s3Users(svm.name, o), []);
    users.push(...svmUsers.map((u) => ({ svm: u.svm, name: u.name, accessKey: u.accessKey })));
  }

  return {
    cluster,
    svms,
    volumes: volumes.map((v) => ({
      uuid: v.uuid,
      name: v.name,
      svm: v.svm,
      size: v.size,
      used: v.used,
      junctionPath: v.junctionPath,
      isClone: v.isClone,
    })),
    interfaces: interfaces.map((i) => ({ name: i.name, svm: i.svm, address: i.address, services: i.services, state: i.state })),
    s3: { services, buckets, users },
    limits,
  };
}
