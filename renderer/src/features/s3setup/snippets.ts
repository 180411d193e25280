import type { S3Profile } from '../../../../shared/s3setup';

/** What stands in for the secret key until the user presses Reveal. */
export const SECRET_MASK = '••••••••••••••••';

/** A short name the AWS CLI accepts for a profile: ontap-<bucket>, else from the workbench profile's name. */
export function cliProfileName(profile: Pick<S3Profile, 'name' | 'bucket'>): string {
  return (
    `ontap-${profile.bucket ?? profile.name}`
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/-$/, '') || 'ontap'
  );
}

/** boto3 with path-style addressing and Signature V4 against the endpoint, listing the first keys of the bucket. */
export function boto3Snippet(p: S3Profile, secret: string | null): string {
  const lines = [
    'import boto3',
    'from botocore.config import Config',
    '',
    's3 = boto3.client(',
    '    "s3",',
    `    endpoint_url="${p.endpoint}",`,
    `    aws_access_key_id="${p.accessKeyId}",`,
    `    aws_secret_access_key="${secret ?? SECRET_MASK}",`,
    `    region_name="${p.region}",`,
    '    # ONTAP serves buckets by path (http://host/bucket/key) and signs with SigV4',
    '    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),',
    ')',
    '',
    `resp = s3.list_objects_v2(Bucket="${p.bucket ?? 'BUCKET'}", MaxKeys=20)`,
    'for obj in resp.get("Contents", []):',
    '    print(obj["Key"], obj["Size"])',
  ];
  if (p.multipartSupported === false) {
    lines.push(
      '',
      '# This cluster refuses multipart uploads: keep every upload a single PUT (up to about 100 MB)',
      'from boto3.s3.transfer import TransferConfig',
      'single_put = TransferConfig(multipart_threshold=5 * 1024**3)',
      `# s3.upload_file("local.png", "${p.bucket ?? 'BUCKET'}", "key.png", Config=single_put)`,
    );
  }
  return lines.join('\n');
}

/** An AWS CLI profile set up with `aws configure set`, then a listing with the endpoint given explicitly. */
export function awsCliSnippet(p: S3Profile, secret: string | null): string {
  const name = cliProfileName(p);
  const lines = [
    `aws configure set aws_access_key_id ${p.accessKeyId} --profile ${name}`,
    `aws configure set aws_secret_access_key ${secret ?? SECRET_MASK} --profile ${name}`,
    `aws configure set region ${p.region} --profile ${name}`,
    `aws configure set s3.addressing_style path --profile ${name}`,
  ];
  if (p.multipartSupported === false) lines.push(`aws configure set s3.multipart_threshold 5GB --profile ${name}`);
  lines.push('', `aws s3 ls s3://${p.bucket ?? ''}${p.bucket ? '/' : ''} --endpoint-url ${p.endpoint} --profile ${name}`);
  return lines.join('\n');
}
