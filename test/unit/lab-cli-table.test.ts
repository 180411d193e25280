import { describe, expect, it } from 'vitest';
import { entriesLine, formatFields, formatInstance, formatTable, type Column } from '../../electron/lab/ssh-cli/table';

const LIF_COLUMNS: Column[] = [
  { header: ['', 'Vserver'], width: 11 },
  { header: ['Logical', 'Interface'], width: 10 },
  { header: ['Status', 'Admin/Oper'], width: 10 },
  { header: ['Network', 'Address/Mask'], width: 18 },
  { header: ['Current', 'Node'], width: 13 },
  { header: ['Current', 'Port'], width: 7 },
  { header: ['Is', 'Home'], width: 4 },
];

describe('ONTAP tables', () => {
  it('reproduces network interface show: the SVM on its own line, a long name pushing the row down', () => {
    const lines = formatTable(
      LIF_COLUMNS,
      [
        ['fsxn-svm-demo', 'nfs_smb_management_1', '  up/up', '172.31.32.10/20', 'FsxId0ab-01', 'e0e', 'true'],
        ['fsxn-svm-demo', 'iscsi_1', '  up/up', '172.31.0.143/20', 'FsxId0ab-01', 'e0e', 'true'],
      ],
      { group: 1, groupOwnLine: true },
    );
    expect(lines).toEqual([
      '            Logical    Status     Network            Current       Current Is',
      'Vserver     Interface  Admin/Oper Address/Mask       Node          Port    Home',
      '----------- ---------- ---------- ------------------ ------------- ------- ----',
      'fsxn-svm-demo',
      '            nfs_smb_management_1',
      '                         up/up    172.31.32.10/20    FsxId0ab-01   e0e     true',
      '            iscsi_1      up/up    172.31.0.143/20    FsxId0ab-01   e0e     true',
    ]);
  });

  it('moves every cell after an overflowing one to the next line, at its usual column', () => {
    const columns: Column[] = [
      { header: ['Vserver'], width: 11 },
      { header: ['User'], width: 15 },
      { header: ['ID'], width: 8 },
    ];
    expect(
      formatTable(columns, [{ cells: ['fsxn-svm-demo', 's3user', '1'], after: ['Access Key: KEY', '   Comment:'] }]),
    ).toEqual([
      'Vserver     User            ID',
      '----------- --------------- --------',
      'fsxn-svm-demo',
      '            s3user          1',
      'Access Key: KEY',
      '   Comment:',
    ]);
  });

  it('breaks as often as needed and right-aligns numeric columns, even after a break', () => {
    const columns: Column[] = [
      { header: ['Volume'], width: 8 },
      { header: ['Snapshot'], width: 10 },
      { header: ['Size'], width: 8, align: 'right' },
    ];
    expect(formatTable(columns, [['nas1_pvc_b2113a4f', 'snapshot-21331427', '180KB']])).toEqual([
      'Volume   Snapshot       Size',
      '-------- ---------- --------',
      'nas1_pvc_b2113a4f',
      '         snapshot-21331427',
      '                       180KB',
    ]);
  });

  it('prints grouped leading columns only when they change', () => {
    const columns: Column[] = [
      { header: ['Vserver'], width: 8 },
      { header: ['Volume'], width: 8 },
      { header: ['Snapshot'], width: 10 },
    ];
    const lines = formatTable(
      columns,
      [
        ['svm1', 'vol1', 'a'],
        ['svm1', 'vol1', 'b'],
        ['svm1', 'vol2', 'c'],
        ['svm2', 'vol2', 'd'],
      ],
      { group: 2, above: ['    caption'] },
    );
    expect(lines).toEqual([
      '    caption',
      'Vserver  Volume   Snapshot',
      '-------- -------- ----------',
      'svm1     vol1     a',
      '                  b',
      '         vol2     c',
      'svm2     vol2     d',
    ]);
  });

  it('counts results of two or more rows, as ONTAP does', () => {
    expect(entriesLine(0)).toEqual([]);
    expect(entriesLine(1)).toEqual([]);
    expect(entriesLine(3)).toEqual(['3 entries were displayed.']);
  });

  it('sizes -fields columns by their names and the first row, pushing longer values down as ONTAP does', () => {
    expect(
      formatFields(
        ['vserver', 'volume', 'policy'],
        [
          ['cluster1-01', 'vol0', '-'],
          ['svm-01', 'rootvol', 'default'],
        ],
      ),
    ).toEqual([
      'vserver     volume policy',
      '----------- ------ ------',
      'cluster1-01 vol0   -',
      'svm-01      rootvol',
      '                   default',
    ]);
  });

  it('aligns -instance labels on their colons', () => {
    expect(
      formatInstance([
        ['Vserver', 'svm1'],
        ['Object Store Server Name', 'fsx_s3'],
        ['Comment', ''],
      ]),
    ).toEqual(['                 Vserver: svm1', 'Object Store Server Name: fsx_s3', '                 Comment:']);
  });
});
