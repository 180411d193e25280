import { CliError } from '../cli-error';
import { BOOLEAN, type CliCommand } from '../command-types';
import { runAsJob } from '../job-line';

const KEYS = [
  { name: 'vserver', required: true },
  { name: 'volume', required: true },
];

/** `volume unmount`: takes the volume off its junction path (NAS clients and buckets lose it). */
export const volumeUnmount: CliCommand = {
  path: ['volume', 'unmount'],
  params: [...KEYS, { name: 'force', values: BOOLEAN }],
  positional: ['volume'],
  defaultVserver: 'any',
  run({ lab, args }) {
    const volume = lab.volumes.find(args.vserver as string, args.volume as string);
    lab.volumes.patch(volume.uuid, { nas: { path: null } });
    return [];
  },
};

/** `volume offline`: as ONTAP, a volume must be offline before `volume delete`. */
export const volumeOffline: CliCommand = {
  path: ['volume', 'offline'],
  params: [...KEYS, { name: 'force', values: BOOLEAN }],
  positional: ['volume'],
  defaultVserver: 'any',
  run({ lab, args }) {
    const volume = lab.volumes.find(args.vserver as string, args.volume as string);
    lab.volumes.patch(volume.uuid, { state: 'offline' });
    return [`Volume "${volume.svm.name}:${volume.name}" is now offline.`];
  },
};

/** `volume delete`: refused while the volume is online, as ONTAP does; runs as a job. */
export const volumeDelete: CliCommand = {
  path: ['volume', 'delete'],
  params: [...KEYS, { name: 'force', values: BOOLEAN }, { name: 'foreground', values: BOOLEAN }],
  positional: ['volume'],
  defaultVserver: 'any',
  async run({ lab, args, confirm }) {
    const volume = lab.volumes.find(args.vserver as string, args.volume as string);
    if (volume.state !== 'offline')
      throw new CliError(`Volume "${volume.name}" in Vserver "${volume.svm.name}" must be offline to be deleted.`);
    const question = `Warning: Are you sure you want to delete volume "${volume.name}" in Vserver "${volume.svm.name}" ? {y|n}: `;
    if (!(await confirm([], question))) return [];
    return runAsJob(lab, `Delete ${volume.name}`, () => lab.volumes.delete(volume.uuid));
  },
};
