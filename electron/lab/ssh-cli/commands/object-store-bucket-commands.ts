import type { S3Bucket } from '../../model/types';
import { CliError } from '../cli-error';
import type { CliCommand } from '../command-types';
import { runAsJob } from '../job-line';
import { defineShow } from '../show-command';
import { formatTable, type Column } from '../table';
import { formatSize, orDash, parseSize } from '../values';

const DIR = ['vserver', 'object-store-server', 'bucket'];

const COLUMNS: Column[] = [
  { header: ['Vserver'], width: 11 },
  { header: ['Bucket'], width: 15 },
  { header: ['Type'], width: 8 },
  { header: ['Volume'], width: 17 },
  { header: ['Size'], width: 10 },
  { header: ['Encryption'], width: 10 },
  { header: ['Role'], width: 10 },
  { header: ['NAS Path'], width: 10 },
];

/** `vserver object-store-server bucket show`. */
export const bucketShow = defineShow<S3Bucket>({
  path: [...DIR, 'show'],
  keys: ['vserver', 'bucket'],
  positional: ['vserver', 'bucket'],
  fields: [
    { name: 'vserver', label: 'Vserver', get: (b) => b.svm.name },
    { name: 'bucket', label: 'Bucket', get: (b) => b.name },
    { name: 'type', label: 'Type', get: (b) => b.type },
    { name: 'volume', label: 'Volume', get: (b) => b.volume.name },
    { name: 'size', label: 'Size', get: (b) => formatSize(b.size) },
    { name: 'encryption', label: 'Encryption', get: () => 'false' },
    { name: 'role', label: 'Role', get: () => '-' },
    { name: 'nas-path', label: 'NAS Path', get: (b) => orDash(b.nas_path) },
    { name: 'uuid', label: 'Object Store Server Bucket UUID', get: (b) => b.uuid },
    { name: 'comment', label: 'Comment', get: (b) => orDash(b.comment) },
  ],
  rows: ({ lab }) => lab.s3.buckets(),
  table: (buckets) =>
    formatTable(
      COLUMNS,
      buckets.map((b) => [b.svm.name, b.name, b.type, b.volume.name, formatSize(b.size), 'false', '-', orDash(b.nas_path)]),
    ),
});

/** `vserver object-store-server bucket create NAME`: a NAS bucket on a junction path (silent), or an S3 bucket (a job). */
export const bucketCreate: CliCommand = {
  path: [...DIR, 'create'],
  params: [
    { name: 'vserver', required: true },
    { name: 'bucket', required: true },
    { name: 'type', values: ['s3', 'nas'] },
    { name: 'nas-path' },
    { name: 'size' },
    { name: 'comment' },
    { name: 'aggr-list' },
    { name: 'aggr-list-multiplier', integer: true },
    { name: 'storage-service-level', values: ['value', 'performance', 'extreme'] },
  ],
  positional: ['bucket'],
  defaultVserver: 'object-store',
  async run({ lab, args }) {
    const size = args.size === undefined ? undefined : parseSize(args.size);
    if (args.size !== undefined && size === undefined)
      throw new CliError(`"${args.size}" is an invalid value for field "-size" (<integer>[KB|MB|GB|TB|PB])`);
    const create = () =>
      lab.s3.createBucket(args.vserver as string, {
        name: args.bucket as string,
        type: args.type as 's3' | 'nas' | undefined,
        nas_path: args['nas-path'],
        size,
        comment: args.comment,
      });
    // ONTAP creates an S3 bucket's FlexGroup in a job; a NAS bucket is only configuration.
    if (args.type === 'nas') {
      await create();
      return [];
    }
    return runAsJob(lab, `Create bucket ${args.bucket}`, create);
  },
};

/** `vserver object-store-server bucket delete`: a NAS bucket's files stay; an S3 bucket must be empty. */
export const bucketDelete: CliCommand = {
  path: [...DIR, 'delete'],
  params: [
    { name: 'vserver', required: true },
    { name: 'bucket', required: true },
  ],
  positional: ['bucket'],
  defaultVserver: 'object-store',
  async run({ lab, args }) {
    await lab.s3.deleteBucket(
      args.vserver as string,
      args.bucket as string,
      async (b) => (await lab.objects.list(b, { maxKeys: 1 })).contents.length === 0,
    );
    return [];
  },
};
