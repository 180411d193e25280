import type { Lab } from '../../model/lab';
import type { Snapshot, Volume } from '../../model/types';
import { CliError } from '../cli-error';
import { BOOLEAN, type CliCommand } from '../command-types';
import { defineShow } from '../show-command';
import { formatTable, type Column } from '../table';
import { formatSize, matchesQuery, ontapTime, orDash, percent } from '../values';

const KEYS = [
  { name: 'vserver', required: true },
  { name: 'volume', required: true },
  { name: 'snapshot', required: true },
];

interface SnapshotRow {
  snapshot: Snapshot;
  volume: Volume;
}

const COLUMNS: Column[] = [
  { header: ['Vserver'], width: 8 },
  { header: ['Volume'], width: 8 },
  { header: ['Snapshot'], width: 37 },
  { header: ['Size'], width: 8, align: 'right' },
  { header: ['Total%'], width: 6, align: 'right' },
  { header: ['Used%'], width: 5, align: 'right' },
];
// The `---Blocks---` caption ends where the Used% column does.
const BLOCKS = '---Blocks---'.padStart(COLUMNS.reduce((n, c) => n + c.width + 1, -1));

/** `volume snapshot show`: grouped by Vserver and volume, as ONTAP prints it. */
export const snapshotShow = defineShow<SnapshotRow>({
  path: ['volume', 'snapshot', 'show'],
  keys: ['vserver', 'volume', 'snapshot'],
  positional: ['vserver', 'volume', 'snapshot'],
  fields: [
    { name: 'vserver', label: 'Vserver', get: (r) => r.volume.svm.name },
    { name: 'volume', label: 'Volume', get: (r) => r.volume.name },
    { name: 'snapshot', label: 'Snapshot', get: (r) => r.snapshot.name },
    { name: 'create-time', label: 'Creation Time', get: (r, { lab }) => ontapTime(r.snapshot.create_time, lab.timeZone) },
    { name: 'size', label: 'Snapshot Size', get: (r) => formatSize(r.snapshot.size) },
    { name: 'comment', label: 'Comment', get: (r) => orDash(r.snapshot.comment) },
    { name: 'snapmirror-label', label: 'Label for SnapMirror Operations', get: (r) => orDash(r.snapshot.snapmirror_label) },
    { name: 'expiry-time', label: 'Expiry Time', get: (r, { lab }) => ontapTime(r.snapshot.expiry_time, lab.timeZone) },
    { name: 'instance-uuid', label: 'Instance UUID', get: (r) => r.snapshot.uuid },
  ],
  rows: ({ lab }) =>
    lab.volumes.all().flatMap((volume) => lab.volumes.snapshots(volume.uuid).map((snapshot) => ({ snapshot, volume }))),
  table: (rows) =>
    formatTable(
      COLUMNS,
      rows.map(({ snapshot, volume }) => [
        volume.svm.name,
        volume.name,
        snapshot.name,
        formatSize(snapshot.size),
        percent(snapshot.size, volume.space.size),
        percent(snapshot.size, Math.max(volume.space.used, snapshot.size)),
      ]),
      { above: [BLOCKS], group: 2 },
    ),
});

function volumeOf(lab: Lab, args: Record<string, string>): Volume {
  return lab.volumes.find(args.vserver as string, args.volume as string);
}

/** `volume snapshot create`: silent on success, as ONTAP is. */
export const snapshotCreate: CliCommand = {
  path: ['volume', 'snapshot', 'create'],
  params: [...KEYS, { name: 'comment' }, { name: 'snapmirror-label' }, { name: 'foreground', values: BOOLEAN }],
  positional: ['vserver', 'volume', 'snapshot'],
  defaultVserver: 'any',
  async run({ lab, args }) {
    await lab.volumes.createSnapshot(volumeOf(lab, args).uuid, {
      name: args.snapshot as string,
      comment: args.comment,
      snapmirror_label: args['snapmirror-label'],
    });
    return [];
  },
};

/** `volume snapshot delete`: asks per snapshot unless `-force true` or confirmations are off; `-snapshot` may be a pattern. */
export const snapshotDelete: CliCommand = {
  path: ['volume', 'snapshot', 'delete'],
  params: [...KEYS, { name: 'force', values: BOOLEAN }, { name: 'ignore-owners', values: BOOLEAN }],
  positional: ['vserver', 'volume', 'snapshot'],
  defaultVserver: 'any',
  async run({ lab, args, confirm }) {
    const volume = volumeOf(lab, args);
    // Like ONTAP's other delete commands, this is a query: nothing matching is an error, and asks nothing.
    const names = lab.volumes
      .snapshots(volume.uuid)
      .filter((s) => matchesQuery(s.name, args.snapshot as string))
      .map((s) => s.name);
    if (!names.length) throw new CliError('There are no entries matching your query.');
    for (const name of names) {
      const question =
        `Warning: Deleting a Snapshot copy permanently removes data that is stored only in that Snapshot copy. ` +
        `Are you sure you want to delete Snapshot copy "${name}" for volume "${volume.name}" in Vserver "${volume.svm.name}" ? {y|n}: `;
      if (args.force === 'true' || (await confirm([], question))) await lab.volumes.deleteSnapshot(volume.uuid, name);
    }
    return [];
  },
};

/** `volume snapshot restore`: the volume becomes the snapshot (newer snapshots go); asks unless `-force true`. */
export const snapshotRestore: CliCommand = {
  path: ['volume', 'snapshot', 'restore'],
  params: [...KEYS, { name: 'force', values: BOOLEAN }, { name: 'preserve-lun-ids', values: BOOLEAN }],
  positional: ['vserver', 'volume', 'snapshot'],
  defaultVserver: 'any',
  async run({ lab, args, confirm }) {
    const volume = volumeOf(lab, args);
    const snapshot = lab.volumes.snapshot(volume.uuid, args.snapshot as string);
    const warning = [
      `Warning: Restoring volume "${volume.name}" in Vserver "${volume.svm.name}" to Snapshot copy "${snapshot.name}" discards ` +
        `every change made to the volume since that copy was created, and deletes the Snapshot copies newer than it.`,
    ];
    if (args.force === 'true' || (await confirm(warning))) await lab.volumes.restore(volume.uuid, snapshot.uuid);
    return [];
  },
};

/** `volume snapshot rename`. */
export const snapshotRename: CliCommand = {
  path: ['volume', 'snapshot', 'rename'],
  params: [...KEYS, { name: 'new-name', required: true }],
  positional: ['vserver', 'volume', 'snapshot', 'new-name'],
  defaultVserver: 'any',
  async run({ lab, args }) {
    await lab.volumes.patchSnapshot(volumeOf(lab, args).uuid, args.snapshot as string, { name: args['new-name'] });
    return [];
  },
};
