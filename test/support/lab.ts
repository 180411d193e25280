import { join } from 'node:path';
import { Lab } from '../../electron/lab/model/lab';
import type { S3Bucket, S3User, Volume } from '../../electron/lab/model/types';
import { tempDir } from './temp-dir';

/** A fresh lab with a tiny sample, an S3 server, user `s3user` (FullAccess) and NAS bucket `bucket1` on vol1. */
export async function openTestLab(options: { writable?: boolean; sampleScale?: number } = {}): Promise<{
  lab: Lab;
  dir: string;
  vol1: Volume;
  user: S3User;
  bucket: S3Bucket;
  close: () => Promise<void>;
}> {
  const tmp = tempDir('workbench-lab-');
  const dir = join(tmp.path, 'lab');
  const lab = await Lab.open({ dir, sampleScale: options.sampleScale ?? 0.01 });
  lab.s3.createService('svm1', { name: 'fsx_s3', is_http_enabled: true, is_https_enabled: false });
  const user = lab.s3.createUser('svm1', { name: 's3user' });
  lab.s3.createGroup('svm1', { name: 's3group', users: [{ name: 's3user' }], policies: [{ name: 'FullAccess' }] });
  const bucket = await lab.s3.createBucket('svm1', { name: 'bucket1', type: 'nas', nas_path: '/vol1' });
  let vol1 = lab.volumes.find('svm1', 'vol1');
  if (options.writable !== false) vol1 = lab.volumes.patch(vol1.uuid, { nas: { unix_permissions: 0o777 } });
  return {
    lab,
    dir,
    vol1,
    user,
    bucket,
    close: async () => {
      await lab.close();
      tmp.remove();
    },
  };
}
