import type { Volume } from '../../model/types';
import { BOOLEAN, type CliCommand } from '../command-types';
import { runAsJob } from '../job-line';
import { defineShow } from '../show-command';
import { formatTable, type Column } from '../table';
import { orDash } from '../values';

const COLUMNS: Column[] = [
  { header: ['Vserver'], width: 7 },
  { header: ['FlexClone'], width: 13 },
  { header: ['Parent', 'Vserver'], width: 7 },
  { header: ['Parent', 'Volume'], width: 13 },
  { header: ['Parent', 'Snapshot'], width: 20 },
  { header: ['State'], width: 9 },
  { header: ['Type'], width: 4 },
];

/** `volume clone show`: the FlexClones still tied to a parent snapshot. */
export const cloneShow = defineShow<Volume>({
  path: ['volume', 'clone', 'show'],
  keys: ['vserver', 'flexclone'],
  positional: ['vserver', 'flexclone'],
  fields: [
    { name: 'vserver', label: 'Vserver Name', get: (v) => v.svm.name },
    { name: 'flexclone', label: 'FlexClone Volume', get: (v) => v.name },
    { name: 'parent-vserver', label: 'FlexClone Parent Vserver', get: (v) => orDash(v.clone.parent_svm?.name) },
    { name: 'parent-volume', label: 'FlexClone Parent Volume', get: (v) => orDash(v.clone.parent_volume?.name) },
    { name: 'parent-snapshot', label: 'FlexClone Parent Snapshot', get: (v) => orDash(v.clone.parent_snapshot?.name) },
    { name: 'state', label: 'FlexClone Volume State', get: (v) => v.state },
    { name: 'type', label: 'FlexClone Volume Type', get: () => 'RW' },
    { name: 'junction-path', label: 'Junction Path', get: (v) => orDash(v.nas.path) },
    { name: 'comment', label: 'Comment', get: (v) => orDash(v.comment) },
    { name: 'flexclone-dsid', label: 'FlexClone Data Set ID', get: (v) => v.uuid },
  ],
  rows: ({ lab }) => lab.volumes.all().filter((v) => v.clone.is_flexclone),
  table: (clones) =>
    formatTable(
      COLUMNS,
      clones.map((v) => [
        v.svm.name,
        v.name,
        orDash(v.clone.parent_svm?.name),
        orDash(v.clone.parent_volume?.name),
        orDash(v.clone.parent_snapshot?.name),
        v.state,
        'RW',
      ]),
    ),
});

/** `volume clone create`: a writable FlexClone of a snapshot (a new one when `-parent-snapshot` is left out), as a job. */
export const cloneCreate: CliCommand = {
  path: ['volume', 'clone', 'create'],
  params: [
    { name: 'vserver', required: true },
    { name: 'flexclone', required: true },
    { name: 'parent-volume', required: true },
    { name: 'parent-snapshot' },
    { name: 'parent-vserver' },
    { name: 'junction-path' },
    { name: 'junction-active', values: BOOLEAN },
    { name: 'comment' },
    { name: 'type', values: ['RW'] },
    { name: 'space-guarantee', values: ['none', 'volume'] },
    { name: 'foreground', values: BOOLEAN },
  ],
  positional: ['flexclone'],
  defaultVserver: 'any',
  run({ lab, args }) {
    const input = {
      name: args.flexclone as string,
      svm: args.vserver as string,
      parentVolume: args['parent-volume'] as string,
      parentSnapshot: args['parent-snapshot'],
      parentSvm: args['parent-vserver'],
      junctionPath: args['junction-path'],
      comment: args.comment,
    };
    return runAsJob(lab, `Create ${input.name}`, () => lab.volumes.clone(input));
  },
};

/** `volume clone split start`: the clone stops depending on its parent snapshot. */
export const cloneSplitStart: CliCommand = {
  path: ['volume', 'clone', 'split', 'start'],
  params: [
    { name: 'vserver', required: true },
    { name: 'flexclone', required: true },
    { name: 'foreground', values: BOOLEAN },
  ],
  positional: ['flexclone'],
  defaultVserver: 'any',
  async run({ lab, args, confirm }) {
    const clone = lab.volumes.find(args.vserver as string, args.flexclone as string);
    const question = `Warning: Are you sure you want to split clone volume ${clone.name} in Vserver ${clone.svm.name} ? {y|n}: `;
    if (!(await confirm([], question))) return [];
    return runAsJob(lab, `Split ${clone.name}`, async () => lab.volumes.split(clone.uuid));
  },
};
