import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entriesDisplayed, findCliError, findJobLine, isNoEntries } from '../../electron/core/ontap/cli-parsers/cli-messages';
import { parseInstance, parseInstances } from '../../electron/core/ontap/cli-parsers/instance';
import { parseS3Keys, parseS3UserShow } from '../../electron/core/ontap/cli-parsers/s3-users';
import { parseTable } from '../../electron/core/ontap/cli-parsers/table';
import { parseCliSize, permissionsToOctal } from '../../electron/core/ontap/cli-parsers/values';
import { repoRoot } from '../support/temp-dir';

// Recorded outputs: the reference page's FSx examples and the lab's CLI over OpenSSH (see the folder's README).
const fixture = (name: string) => readFileSync(join(repoRoot, 'test/fixtures/ontap-cli', `${name}.txt`), 'utf8');

describe('ONTAP CLI tables', () => {
  it('reads the reference page’s interface table: the SVM and LIF each push the rest of the row down', () => {
    const table = parseTable(fixture('ontap-md-network-interface-show'));
    expect(table?.columns).toEqual([
      'Vserver',
      'Logical Interface',
      'Status Admin/Oper',
      'Network Address/Mask',
      'Current Node',
      'Current Port',
      'Is Home',
    ]);
    expect(table?.rows).toEqual([
      {
        cells: {
          Vserver: 'fsxn-svm-demo',
          'Logical Interface': 'nfs_smb_management_1',
          'Status Admin/Oper': 'up/up',
          'Network Address/Mask': '172.31.32.10/20',
          'Current Node': 'FsxId0ab-01',
          'Current Port': 'e0e',
          'Is Home': 'true',
        },
        details: {},
      },
    ]);
  });

  it('reads the lab’s interface table: the SVM on its own line, a long node name wrapping the port', () => {
    const rows = parseTable(fixture('network-interface-show'))?.rows;
    expect(rows?.map((r) => r.cells)).toEqual([
      {
        Vserver: 'svm1',
        'Logical Interface': 'nfs_smb_management_1',
        'Status Admin/Oper': 'up/up',
        'Network Address/Mask': '127.0.0.1/8',
        'Current Node': 'lab-cluster-01',
        'Current Port': 'e0e',
        'Is Home': 'true',
      },
    ]);
  });

  it('reads -fields output where a later row’s long values wrap twice', () => {
    const table = parseTable(fixture('volume-show-fields'));
    expect(table?.columns.slice(0, 6)).toEqual(['vserver', 'volume', 'uuid', 'size', 'used', 'junction-path']);
    expect(table?.rows.map((r) => r.cells)).toEqual([
      expect.objectContaining({ vserver: 'svm1', volume: 'vol1', size: '10GB', 'junction-path': '/vol1', group: '1' }),
      {
        vserver: 'svm1',
        volume: 'training_data_for_resnet50_v2',
        uuid: 'd48a793c-76c0-4d34-ac63-7465e63cc60a',
        size: '1GB',
        used: '0B',
        'junction-path': '/training_data_for_resnet50_v2',
        'clone-volume': 'false',
        'unix-permissions': '---rwxr-xr-x',
        user: '0',
        group: '1',
        aggregate: 'aggr1',
      },
    ]);
    expect(entriesDisplayed(fixture('volume-show-fields'))).toBe(2);
  });

  it('reads default views with two-line headers and wrapped names', () => {
    const vservers = parseTable(fixture('vserver-show'));
    expect(vservers?.columns).toEqual([
      'Vserver',
      'Type',
      'Subtype',
      'Admin State',
      'Operational State',
      'Root Volume',
      'Aggregate',
    ]);
    expect(vservers?.rows.map((r) => [r.cells.Vserver, r.cells.Type, r.cells['Admin State']])).toEqual([
      ['lab-cluster', 'admin', '-'],
      ['lab-cluster-01', 'node', '-'],
      ['svm1', 'data', 'running'],
    ]);
    const buckets = parseTable(fixture('bucket-show'))?.rows.map((r) => r.cells);
    expect(buckets?.[1]).toMatchObject({
      Bucket: 'training-data-for-resnet50-v2',
      Type: 'nas',
      Volume: 'training_data_for_resnet50_v2',
      Size: '1GB',
      'NAS Path': '/training_data_for_resnet50_v2',
    });
    const volumes = parseTable(fixture('volume-show'))?.rows.map((r) => r.cells);
    expect(volumes?.[1]).toMatchObject({ Volume: 'training_data_for_resnet50_v2', Aggregate: 'aggr1', Size: '1GB' });
  });

  it('keeps a service list with spaces whole in the last column', () => {
    const row = parseTable(fixture('network-interface-show-fields'))?.rows[0];
    expect(row?.cells.services).toBe('data-core, data-nfs, data-cifs, data-s3-server, management-https');
    expect(row?.cells.address).toBe('127.0.0.1');
  });

  it('repeats grouped columns ONTAP leaves blank', () => {
    const text = [
      'Vserver  Volume   Snapshot',
      '-------- -------- ----------',
      'svm1     vol1     snap_a',
      '                  snap_b',
      '         vol2     snap_c',
      '3 entries were displayed.',
    ].join('\r\n');
    expect(parseTable(text)?.rows.map((r) => Object.values(r.cells))).toEqual([
      ['svm1', 'vol1', 'snap_a'],
      ['svm1', 'vol1', 'snap_b'],
      ['svm1', 'vol2', 'snap_c'],
    ]);
  });

  it('finds no table in a message', () => {
    expect(parseTable(fixture('no-entries'))).toBeNull();
    expect(isNoEntries(fixture('no-entries'))).toBe(true);
  });
});

describe('ONTAP CLI detailed views', () => {
  it('reads -instance, keeping a value that contains a colon', () => {
    const volume = parseInstance(fixture('volume-show-instance'));
    expect(volume).toMatchObject({
      'Vserver Name': 'svm1',
      'Volume Name': 'vol1',
      'UNIX Permissions': '---rwxr-xr-x',
      'Junction Path': '/vol1',
      'Space Reserved for Snapshot Copies': '5%',
      Comment: 'Synthetic tyre-quality sample: 19 generated images under dataset/tyre/ (not photographs)',
    });
  });

  it('reads object-store-server show with its Vserver heading, and with -instance', () => {
    for (const name of ['object-store-server-show', 'object-store-server-show-instance']) {
      const records = parseInstances(fixture(name));
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        Vserver: 'svm1',
        'Object Store Server Name': 'fsx_s3',
        'HTTP Enabled': 'true',
        'HTTPS Enabled': 'false',
        'Listener Port For HTTP': expect.stringMatching(/^\d+$/),
      });
    }
  });

  it('joins a value ONTAP wrapped onto an indented line, and starts a record when a label repeats', () => {
    const text = [
      '',
      '          Vserver Name: svm1',
      'Logical Interface Name: lif1',
      '          Service List: data-core, data-nfs, data-cifs,',
      '                        data-s3-server',
      '',
      '          Vserver Name: svm2',
      'Logical Interface Name: lif2',
      '2 entries were displayed.',
    ].join('\n');
    expect(parseInstances(text)).toEqual([
      {
        'Vserver Name': 'svm1',
        'Logical Interface Name': 'lif1',
        'Service List': 'data-core, data-nfs, data-cifs, data-s3-server',
      },
      { 'Vserver Name': 'svm2', 'Logical Interface Name': 'lif2' },
    ]);
  });
});

describe('S3 users', () => {
  it('reads user show as current releases print it: access key, no secret, a long name wrapping', () => {
    const users = parseS3UserShow(fixture('user-show'));
    expect(users.map((u) => [u.name, u.id, u.accessKey, u.secretKey, u.comment])).toEqual([
      ['root', 0, '32WM0A9YKYRWNZ8ZLLPR', null, 'Root user'],
      ['s3user', 1, 'USSGMW4FHSRF3H1U8HDF', null, ''],
      ['ml_training_pipeline_user', 2, 'FYJ58Z3KDZS8VV8H3WF4', null, ''],
    ]);
  });

  it('reads user show with the Secret Key line of older releases', () => {
    const users = parseS3UserShow(fixture('user-show-advanced'));
    expect(users.find((u) => u.name === 's3user')).toEqual({
      svm: 'svm1',
      name: 's3user',
      id: 1,
      accessKey: 'USSGMW4FHSRF3H1U8HDF',
      secretKey: 'ax5sC5pRyBS0dK5pPNOwWvRjDW54qbs9KfUf31X2',
      comment: '',
    });
  });

  it('reads the reference page’s user show, the SVM name pushing the user down', () => {
    expect(parseS3UserShow(fixture('ontap-md-user-show'))).toEqual([
      { svm: 'fsxn-svm-demo', name: 's3user', id: 1, accessKey: '32BEO512EVJ9V4CA8662', secretKey: null, comment: '' },
    ]);
  });

  it('reads one user’s detailed view and an empty result', () => {
    const text = [
      '',
      '   Vserver: svm1',
      '      User: u1',
      '        ID: 1',
      'Access Key: AK1',
      'Secret Key: SK1',
      '   Comment:',
    ].join('\r\n');
    expect(parseS3UserShow(text)).toEqual([{ svm: 'svm1', name: 'u1', id: 1, accessKey: 'AK1', secretKey: 'SK1', comment: '' }]);
    expect(parseS3UserShow(fixture('no-entries'))).toEqual([]);
  });

  it('reads the keys user create and regenerate-keys print once', () => {
    expect(parseS3Keys(fixture('user-create'))).toEqual({
      accessKey: 'USSGMW4FHSRF3H1U8HDF',
      secretKey: 'ax5sC5pRyBS0dK5pPNOwWvRjDW54qbs9KfUf31X2',
    });
    expect(parseS3Keys(fixture('user-regenerate-keys'))?.secretKey).toBe('cK6byirRDPoEf1Kp0_dLI2uzq0XGcsGumUCSTfd2');
    // Releases that print nothing on create: no keys to read (the client then asks user show).
    expect(parseS3Keys('')).toBeNull();
  });
});

describe('ONTAP CLI messages', () => {
  it('reads errors: command failed, unknown command, not authorized', () => {
    expect(findCliError(fixture('user-create-duplicate'))).toEqual({
      kind: 'command-failed',
      message: 'User "s3user" already exists.',
    });
    expect(findCliError(fixture('not-a-command'))).toEqual({
      kind: 'unknown-command',
      message: '"frobnicate" is not a recognized command',
    });
    expect(findCliError(fixture('volume-modify-missing'))).toEqual({ kind: 'command-failed', message: "entry doesn't exist" });
    expect(findCliError('\nError: command failed: not authorized for that command\n')?.kind).toBe('not-authorized');
    expect(findCliError('Error: command failed: Failed to create the volume because\n       the aggregate is full.')).toEqual({
      kind: 'command-failed',
      message: 'Failed to create the volume because the aggregate is full.',
    });
    expect(findCliError(fixture('volume-show'))).toBeNull();
  });

  it('reads job lines and counts', () => {
    expect(findJobLine(fixture('volume-create'))).toEqual({ job: 1, state: 'succeeded', message: 'Successful' });
    expect(findJobLine('[Job 7] Job failed: Aggregate full')).toEqual({ job: 7, state: 'failed', message: 'Aggregate full' });
    expect(entriesDisplayed(fixture('network-interface-show'))).toBeNull();
  });
});

describe('CLI values', () => {
  it('reads sizes in ONTAP’s binary units and raw bytes', () => {
    expect(parseCliSize('10GB')).toBe(10 * 1024 ** 3);
    expect(parseCliSize('218.5KB')).toBe(Math.round(218.5 * 1024));
    expect(parseCliSize('0B')).toBe(0);
    expect(parseCliSize('1073741824')).toBe(1073741824);
    expect(parseCliSize('-')).toBeNull();
  });

  it('reads permissions as octal digits', () => {
    expect(permissionsToOctal('---rwxr-xr-x')).toBe('755');
    expect(permissionsToOctal('---rwxrwxrwx')).toBe('777');
    expect(permissionsToOctal('0755')).toBe('755');
    expect(permissionsToOctal('-')).toBeNull();
  });
});
