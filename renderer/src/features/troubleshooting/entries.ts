import type { S3SetupLog } from '../../../../shared/s3setup';

/** A known failure, explained: what you see, why it happens, what to do. */
export interface TroubleshootingEntry {
  id: string;
  title: string;
  symptom: string;
  cause: string;
  fix: string[];
}

type Key = NonNullable<S3SetupLog['troubleshoot']>;

/** Every entry the wizard's errors can link to (by their `troubleshoot` key), then the connection failures. */
export const ENTRIES: (TroubleshootingEntry & { id: Key | 'auth' | 'certificate' })[] = [
  {
    id: 'unreachable',
    title: 'The cluster or the S3 endpoint does not answer',
    symptom: 'A test or the setup waits and then says "timed out", "connection refused" or "host unreachable".',
    cause:
      'Storage on ONTAP answers only inside its own network. With Amazon FSx for NetApp ONTAP the file system lives in a VPC: a workstation outside that VPC (or a VPN that does not route to it) cannot reach the management address or the data interface, and the security group must let the traffic through.',
    fix: [
      'Run the workbench on a machine in the same VPC and subnet as the file system, or connect through a VPN or peering that routes to it.',
      'In the security group of the file system, allow TCP 443 (REST API), 22 (SSH) and 80 or 443 (S3 over HTTP or HTTPS) from your workstation.',
      'Use the data interface address the wizard shows for S3, not the management address: S3 clients talk to the data interface.',
      'Check the address and port in the connection: on FSx, the "Management" endpoint of the file system or SVM.',
    ],
  },
  {
    id: 'auth',
    title: 'Wrong user name or password',
    symptom: 'The "Sign in" step fails with "401" or "authentication failed".',
    cause: 'The cluster refused the user name and password of the connection.',
    fix: [
      'Edit the connection and type the password again (on FSx, the fsxadmin password you set on the file system, or vsadmin for an SVM).',
      'Check that the account is not locked and may use the REST API ("http") and SSH ("ssh") applications.',
    ],
  },
  {
    id: 'certificate',
    title: 'The certificate is not trusted',
    symptom: 'The "Certificate (HTTPS)" step asks you to trust a certificate, or says it changed.',
    cause:
      'Clusters usually present a self-signed certificate, which no browser or operating system trusts. The workbench shows its fingerprint and trusts it only when you say so; later it refuses any different certificate, because that may be someone in the middle.',
    fix: [
      'Compare the fingerprint with the one your storage administrator sees on the cluster (or the one in the certificate file it installed), then press “Trust this certificate”.',
      'If it changed because the cluster got a new certificate, delete and re-add the connection, then trust the new one.',
    ],
  },
  {
    id: 'privilege',
    title: 'The account may not do this (privilege level)',
    symptom: 'A step fails with "not authorized" or "insufficient privileges", or a CLI command is not found.',
    cause:
      'An SVM administrator account (vsadmin) manages one SVM only: it cannot see the cluster, and some of the S3 setup needs a cluster administrator. Some CLI commands also exist only at the "advanced" privilege level.',
    fix: [
      'Use the cluster administrator (fsxadmin on FSx) for the S3 setup, or ask your storage administrator to run the commands of the plan once — the wizard shows each one.',
      'When typing commands yourself, enter `set -privilege advanced` (and answer y) before those that need it.',
      'The connection test’s step “What this account may do” tells which kind of account a connection uses.',
    ],
  },
  {
    id: 'multipart',
    title: 'Large uploads fail with NotImplemented (CreateMultipartUpload)',
    symptom: 'Uploading a big file fails with "NotImplemented" on CreateMultipartUpload; small files work.',
    cause:
      'Some FSx for NetApp ONTAP releases accept single uploads of up to about 100 MB but no multipart uploads. Tools like the AWS CLI and boto3 switch to multipart automatically for big files.',
    fix: [
      'The workbench detects this and uploads with single PUTs; files above about 100 MB must go another way (copy them over NFS).',
      'With the AWS CLI, raise the threshold so it never uses multipart: `aws configure set default.s3.multipart_threshold 5GB`.',
      'With boto3, pass `Config=TransferConfig(multipart_threshold=5 * 1024**3)` to upload_file.',
    ],
  },
  {
    id: 'access-denied',
    title: 'AccessDenied when writing (PutObject)',
    symptom: 'Reading the bucket works, but uploading fails with "AccessDenied".',
    cause:
      'A NAS bucket is a folder of a volume: files written over S3 are created as the S3 user’s UNIX identity, so the volume’s UNIX permissions decide whether that user may write. A new volume (mode 755) lets only its owner write.',
    fix: [
      'Let the wizard apply the fix it shows you: it changes the volume’s UNIX permissions (`PATCH nas.unix_permissions` in the REST API, `volume modify -unix-permissions` in the CLI).',
      'The manual alternative — mounting the volume over NFS and running chmod on it — is no longer needed.',
    ],
  },
  {
    id: 'custom-endpoint',
    title: 'A tool cannot be pointed at the ONTAP endpoint',
    symptom:
      'A library or service keeps talking to Amazon S3 instead of your endpoint, or fails with "bucket not found" or DNS errors.',
    cause:
      'ONTAP’s S3 is reached at your own address (the data interface) with path-style addressing. Some SDK features assume Amazon S3 itself: virtual-hosted bucket names in DNS, S3 Transfer Acceleration, S3 Select, presigned POST policies, or services that only take an AWS bucket ARN.',
    fix: [
      'Always set the endpoint URL (`endpoint_url` in boto3, `--endpoint-url` in the AWS CLI) and path-style addressing — the snippets the wizard gives do both.',
      'Turn off acceleration and virtual-hosted addressing; for tools without a custom endpoint, copy the data over NFS or through the workbench instead.',
    ],
  },
  {
    id: 'keys-unknown',
    title: 'The S3 user exists but its secret key is unknown',
    symptom: 'The wizard says the user already exists and no secret key is stored.',
    cause:
      'ONTAP shows an S3 user’s secret key only once, when the user is created (or its keys are regenerated). If someone created the user earlier, nobody can read the secret again.',
    fix: [
      'Ask whoever created the user for the secret key, if it is still in use.',
      'Or let the wizard regenerate the keys: it issues a new pair and stores it, but every program still using the old keys stops working.',
      'Or give the wizard another user name: a new user gets new keys.',
    ],
  },
];
