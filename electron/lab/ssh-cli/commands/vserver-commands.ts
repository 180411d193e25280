import { defineShow } from '../show-command';
import { formatTable, type Column } from '../table';

interface VserverRow {
  vserver: string;
  type: 'admin' | 'node' | 'data';
  subtype: string;
  adminState: string;
  operState: string;
  rootVolume: string;
  aggregate: string;
  uuid: string;
}

const COLUMNS: Column[] = [
  { header: ['Vserver'], width: 11 },
  { header: ['Type'], width: 7 },
  { header: ['Subtype'], width: 10 },
  { header: ['Admin', 'State'], width: 10 },
  { header: ['Operational', 'State'], width: 11 },
  { header: ['Root', 'Volume'], width: 10 },
  { header: ['Aggregate'], width: 10 },
];

/** `vserver show`: the admin and node Vservers ONTAP always lists, then the data SVMs. */
export const vserverShow = defineShow<VserverRow>({
  path: ['vserver', 'show'],
  keys: ['vserver'],
  positional: ['vserver'],
  fields: [
    { name: 'vserver', label: 'Vserver', get: (r) => r.vserver },
    { name: 'type', label: 'Vserver Type', get: (r) => r.type },
    { name: 'subtype', label: 'Vserver Subtype', get: (r) => r.subtype },
    { name: 'uuid', label: 'Vserver UUID', get: (r) => r.uuid },
    { name: 'rootvolume', label: 'Root Volume', get: (r) => r.rootVolume },
    { name: 'aggregate', label: 'Aggregate', get: (r) => r.aggregate },
    { name: 'admin-state', label: 'Vserver Admin State', get: (r) => r.adminState },
    { name: 'operational-state', label: 'Vserver Operational State', get: (r) => r.operState },
  ],
  rows: ({ lab }) => {
    const cluster = lab.config;
    const none = { subtype: '-', adminState: '-', operState: '-', rootVolume: '-', aggregate: '-' };
    return [
      { vserver: cluster.name, type: 'admin' as const, uuid: cluster.uuid, ...none },
      { vserver: cluster.nodeName, type: 'node' as const, uuid: '-', ...none },
      ...lab.svms().map((svm) => ({
        vserver: svm.name,
        type: 'data' as const,
        subtype: svm.subtype,
        adminState: svm.state,
        operState: svm.state,
        // The lab keeps no SVM root volume; ONTAP's would be <svm>_root on the aggregate.
        rootVolume: '-',
        aggregate: cluster.aggregate.name,
        uuid: svm.uuid,
      })),
    ];
  },
  table: (rows) =>
    formatTable(
      COLUMNS,
      rows.map((r) => [r.vserver, r.type, r.subtype, r.adminState, r.operState, r.rootVolume, r.aggregate]),
    ),
});
