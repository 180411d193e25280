import type { S3SetupLog } from '../../../shared/s3setup';

/** A known failure: what causes it and how to fix it, in plain words. */
export interface TroubleshootEntry {
  title: string;
  cause: string;
  fix: string;
}

/** The known S3 setup failures, keyed as `s3setup.log` events name them. */
export const TROUBLESHOOT: Record<NonNullable<S3SetupLog['troubleshoot']>, TroubleshootEntry> = {
  unreachable: {
    title: 'The endpoint cannot be reached',
    cause:
      'S3 on ONTAP answers only on the SVM’s data interface, inside its network. A client outside that network (another VPC, a laptop at home) times out.',
    fix: 'The client must be in the same network/VPC as the SVM’s data interface (or peered with it), and firewalls or security groups must allow the S3 port.',
  },
  privilege: {
    title: 'The account may not do this',
    cause:
      'The connection’s account lacks the privilege for this step (an SVM-scoped account such as vsadmin cannot create every object).',
    fix: 'Connect with a cluster administrator (fsxadmin on FSx for ONTAP), or ask an administrator to run the command shown for this step.',
  },
  multipart: {
    title: 'Multipart uploads are not supported',
    cause: 'Some FSx for ONTAP releases answer NotImplemented to CreateMultipartUpload.',
    fix: 'Files are uploaded in a single PUT instead; very large files must be copied another way (e.g. over NFS). Newer ONTAP releases support multipart uploads.',
  },
  'access-denied': {
    title: 'AccessDenied when writing',
    cause:
      'On a NAS bucket, S3 writes run as the S3 user’s UNIX identity (the default user when it has no name mapping), so the volume’s UNIX permissions decide; 755 lets only its owner write.',
    fix: 'Let the wizard change the volume’s UNIX permissions (PATCH nas.unix_permissions, shown before it runs) instead of mounting the volume over NFS to chmod it.',
  },
  'custom-endpoint': {
    title: 'A tool cannot use a custom endpoint',
    cause:
      'Some SDK features and tools assume AWS’s own S3 endpoints (virtual-hosted addressing, S3 Transfer Acceleration, some managed services).',
    fix: 'Set the endpoint URL and path-style addressing explicitly (the profile’s snippets show how); use features that accept a custom endpoint.',
  },
  'keys-unknown': {
    title: 'The user’s secret key is not known',
    cause: 'ONTAP shows an S3 user’s secret key only once, when the user is created or its keys are regenerated.',
    fix: 'Regenerate the user’s keys in the wizard (clients using the old keys stop working), or create another user.',
  },
};
