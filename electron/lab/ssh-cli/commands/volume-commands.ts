import { parseUnixPermissions, type PatchVolumeInput } from '../../model/volumes';
import type { Volume } from '../../model/types';
import { CliError } from '../cli-error';
import type { CliCommand } from '../command-types';
import { runAsJob } from '../job-line';
import { defineShow } from '../show-command';
import { formatTable, type Column } from '../table';
import { formatSize, modeString, ontapTime, orDash, parseSize, percent } from '../values';

const COLUMNS: Column[] = [
  { header: ['Vserver'], width: 9 },
  { header: ['Volume'], width: 12 },
  { header: ['Aggregate'], width: 12 },
  { header: ['State'], width: 10 },
  { header: ['Type'], width: 4 },
  { header: ['Size'], width: 10, align: 'right' },
  { header: ['Available'], width: 10, align: 'right' },
  { header: ['Used%'], width: 5, align: 'right' },
];

/** `volume show`: every volume with its space, or the fields asked for. */
export const volumeShow = defineShow<Volume>({
  path: ['volume', 'show'],
  keys: ['vserver', 'volume'],
  positional: ['volume'],
  fields: [
    { name: 'vserver', label: 'Vserver Name', get: (v) => v.svm.name },
    { name: 'volume', label: 'Volume Name', get: (v) => v.name },
    { name: 'aggregate', label: 'Aggregate Name', get: (v) => v.aggregates.map((a) => a.name).join(',') },
    { name: 'size', label: 'Volume Size', get: (v) => formatSize(v.space.size) },
    { name: 'uuid', label: 'Volume Data Set ID', get: (v) => v.uuid },
    { name: 'state', label: 'Volume State', get: (v) => v.state },
    { name: 'volume-style-extended', label: 'Volume Style Extended', get: () => 'flexvol' },
    { name: 'type', label: 'Volume Type', get: () => 'RW' },
    { name: 'user', label: 'User ID', get: (v) => String(v.nas.uid) },
    { name: 'group', label: 'Group ID', get: (v) => String(v.nas.gid) },
    { name: 'security-style', label: 'Security Style', get: (v) => v.nas.security_style },
    { name: 'unix-permissions', label: 'UNIX Permissions', get: (v) => modeString(v.nas.unix_permissions) },
    { name: 'junction-path', label: 'Junction Path', get: (v) => orDash(v.nas.path) },
    { name: 'policy', label: 'Export Policy', get: (v) => v.nas.export_policy.name },
    { name: 'comment', label: 'Comment', get: (v) => v.comment },
    { name: 'available', label: 'Available Size', get: (v) => formatSize(v.space.available) },
    { name: 'used', label: 'Used Size', get: (v) => formatSize(v.space.used) },
    { name: 'percent-used', label: 'Used Percentage', get: (v) => percent(v.space.used, v.space.size) },
    {
      name: 'percent-snapshot-space',
      label: 'Space Reserved for Snapshot Copies',
      get: (v) => `${v.space.snapshot.reserve_percent}%`,
    },
    { name: 'snapshot-policy', label: 'Snapshot Policy', get: (v) => v.snapshot_policy.name },
    { name: 'clone-volume', label: 'Is Volume a FlexClone', get: (v) => String(v.clone.is_flexclone) },
    { name: 'create-time', label: 'Creation Time', get: (v, { lab }) => ontapTime(v.create_time, lab.timeZone) },
  ],
  rows: ({ lab }) => lab.volumes.all(),
  table: (volumes) =>
    formatTable(
      COLUMNS,
      volumes.map((v) => [
        v.svm.name,
        v.name,
        v.aggregates[0]?.name ?? '-',
        v.state,
        'RW',
        formatSize(v.space.size),
        formatSize(v.space.available),
        percent(v.space.used, v.space.size),
      ]),
    ),
});

/** `volume create`: an empty volume, made as a job like ONTAP's. */
export const volumeCreate: CliCommand = {
  path: ['volume', 'create'],
  params: [
    { name: 'vserver', required: true },
    { name: 'volume', required: true },
    { name: 'aggregate' },
    { name: 'size' },
    { name: 'junction-path' },
    { name: 'security-style', values: ['unix', 'ntfs', 'mixed'] },
    { name: 'unix-permissions' },
    { name: 'user' },
    { name: 'group' },
    { name: 'comment' },
    { name: 'state', values: ['online'] },
    { name: 'type', values: ['RW'] },
    { name: 'policy' },
    { name: 'snapshot-policy' },
    { name: 'space-guarantee', values: ['none', 'volume'] },
  ],
  positional: ['volume', 'aggregate', 'size'],
  defaultVserver: 'any',
  run({ lab, args }) {
    const size = args.size === undefined ? undefined : parseSize(args.size);
    if (size === undefined && args.size !== undefined)
      throw new CliError(`"${args.size}" is an invalid value for field "-size" (<integer>[KB|MB|GB|TB|PB])`);
    const id = (name: 'user' | 'group') => {
      const value = args[name];
      if (value === undefined) return undefined;
      if (!/^\d+$/.test(value)) throw new CliError(`"${value}" is an invalid value for field "-${name}" (<integer>)`);
      return Number(value);
    };
    const input = {
      name: args.volume as string,
      svm: args.vserver as string,
      size,
      aggregate: args.aggregate,
      junctionPath: args['junction-path'],
      securityStyle: args['security-style'] as Volume['nas']['security_style'] | undefined,
      unixPermissions: args['unix-permissions'] ? parseUnixPermissions(args['unix-permissions'], 'unix-permissions') : undefined,
      uid: id('user'),
      gid: id('group'),
      comment: args.comment,
    };
    return runAsJob(lab, `Create ${input.name}`, () => lab.volumes.create(input));
  },
};

/**
 * `volume modify`: the settings the workbench changes on a volume (the S3 AccessDenied fix is
 * `-unix-permissions 0777`), printing ONTAP's confirmation line.
 */
export const volumeModify: CliCommand = {
  path: ['volume', 'modify'],
  params: [
    { name: 'vserver', required: true },
    { name: 'volume', required: true },
    { name: 'unix-permissions' },
    { name: 'user' },
    { name: 'group' },
    { name: 'size' },
    { name: 'comment' },
  ],
  positional: ['volume'],
  defaultVserver: 'any',
  run({ lab, args }) {
    const volume = lab.volumes.find(args.vserver as string, args.volume as string);
    const size = args.size === undefined ? undefined : parseSize(args.size);
    if (size === undefined && args.size !== undefined)
      throw new CliError(`"${args.size}" is an invalid value for field "-size" (<integer>[KB|MB|GB|TB|PB])`);
    const id = (name: 'user' | 'group') => {
      const value = args[name];
      if (value === undefined) return undefined;
      if (!/^\d+$/.test(value)) throw new CliError(`"${value}" is an invalid value for field "-${name}" (<integer>)`);
      return Number(value);
    };
    const nas: NonNullable<PatchVolumeInput['nas']> = {};
    if (args['unix-permissions'] !== undefined)
      nas.unix_permissions = parseUnixPermissions(args['unix-permissions'], 'unix-permissions');
    const uid = id('user');
    const gid = id('group');
    if (uid !== undefined) nas.uid = uid;
    if (gid !== undefined) nas.gid = gid;
    lab.volumes.patch(volume.uuid, {
      ...(Object.keys(nas).length ? { nas } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(args.comment !== undefined ? { comment: args.comment } : {}),
    });
    return [`Volume modify successful on volume ${volume.name} of Vserver ${volume.svm.name}.`];
  },
};
