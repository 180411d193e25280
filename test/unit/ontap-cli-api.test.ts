import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../electron/core/errors';
import { CliOntapApi, cliValue, type CliTransport } from '../../electron/core/ontap/cli-api';
import { repoRoot } from '../support/temp-dir';

// The CLI client against recorded output, for the shapes the lab does not print: releases whose
// `user create` shows no secret (it is read from `user show` at advanced privilege), and errors.
const fixture = (name: string) => readFileSync(join(repoRoot, 'test/fixtures/ontap-cli', `${name}.txt`), 'utf8');

/** Answers each command line with the first recorded output whose pattern matches; records the lines. */
function recorded(answers: [RegExp, string][]): CliTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    exec: async (command) => {
      sent.push(command);
      const found = answers.find(([pattern]) => pattern.test(command));
      if (!found) throw new Error(`unexpected command: ${command}`);
      return found[1];
    },
    close: () => undefined,
  };
}

describe('the CLI client', () => {
  it('sends every command scripted: no confirmations, no paging', async () => {
    const transport = recorded([
      [/version$/, fixture('version')],
      [/vserver show -type admin/, fixture('vserver-show-admin-fields')],
    ]);
    const api = new CliOntapApi(transport);
    expect(await api.cluster()).toEqual({ name: 'lab-cluster', version: 'NetApp Release 9.14.1: Lab (ONTAP MLOps Workbench)' });
    expect(transport.sent.every((line) => line.startsWith('set -confirmations off; set -rows 0; '))).toBe(true);
  });

  it('reads the secret from user show’s Secret Key line when user create printed none (older releases)', async () => {
    const transport = recorded([
      [/user create/, '\r\n'],
      [
        /set -privilege advanced; vserver object-store-server user show -vserver svm1 -user s3user/,
        fixture('user-show-advanced'),
      ],
    ]);
    const keys = await new CliOntapApi(transport).createS3User('svm1', 's3user');
    expect(keys).toEqual({ accessKey: 'USSGMW4FHSRF3H1U8HDF', secretKey: 'ax5sC5pRyBS0dK5pPNOwWvRjDW54qbs9KfUf31X2' });
  });

  it('says how to get a secret when no form shows it', async () => {
    const transport = recorded([
      [/user create/, ''],
      [/user show/, fixture('ontap-md-user-show')],
    ]);
    const err = await new CliOntapApi(transport).createS3User('fsxn-svm-demo', 's3user').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbenchError);
    expect((err as WorkbenchError).hint).toMatch(/regenerate-keys/);
  });

  it('turns ONTAP’s Error lines into errors with its words, and a refusal into ONTAP_PRIVILEGE', async () => {
    const api = new CliOntapApi(
      recorded([
        [/user create/, fixture('user-create-duplicate')],
        [/volume modify/, '\r\nError: command failed: not authorized for that command\r\n'],
        [/bucket show/, fixture('not-a-command')],
      ]),
    );
    const duplicate = (await api.createS3User('svm1', 's3user').catch((e: unknown) => e)) as WorkbenchError;
    expect([duplicate.code, duplicate.message]).toEqual(['ONTAP_ERROR', 'User "s3user" already exists.']);
    const refused = (await api.setUnixPermissions('svm1', 'vol1', '777').catch((e: unknown) => e)) as WorkbenchError;
    expect(refused.code).toBe('ONTAP_PRIVILEGE');
    expect(refused.hint).toMatch(/SVM administrator/);
    const unknown = (await api.s3Buckets().catch((e: unknown) => e)) as WorkbenchError;
    expect(unknown.message).toMatch(/is not a recognized command/);
  });

  it('reads interfaces from -fields output and an empty S3 server answer', async () => {
    const api = new CliOntapApi(
      recorded([
        [/network interface show -vserver svm1/, fixture('network-interface-show-fields')],
        [/object-store-server show/, fixture('object-store-server-show-none')],
      ]),
    );
    expect(await api.interfaces('svm1')).toEqual([
      {
        name: 'nfs_smb_management_1',
        svm: 'svm1',
        address: '127.0.0.1',
        services: ['data_core', 'data_nfs', 'data_cifs', 'data_s3_server', 'management_https'],
        state: 'up',
      },
    ]);
    expect(await api.s3Service('svm1')).toBeNull();
  });

  it('quotes values with spaces and refuses line breaks that would start another command', () => {
    expect(cliValue('vol_1')).toBe('vol_1');
    expect(cliValue('my comment')).toBe('"my comment"');
    expect(cliValue('a;volume delete')).toBe('"a;volume delete"');
    expect(() => cliValue('x\nvolume delete -volume vol1')).toThrow(/line breaks/);
  });
});
