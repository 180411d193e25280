import type { S3Service } from '../../model/types';
import { BOOLEAN, type CliCommand } from '../command-types';
import { defineShow } from '../show-command';
import { formatInstance } from '../table';
import { orDash } from '../values';

const DIR = ['vserver', 'object-store-server'];

/** ONTAP's name for the UNIX user S3 users map to when they have no mapping (uid 65534). */
const DEFAULT_UNIX_USER = 'pcuser';

const LABELS: [string, string, (s: S3Service) => string][] = [
  ['object-store-server', 'Object Store Server Name', (s) => s.name],
  ['status-admin', 'Administrative State', (s) => (s.enabled ? 'up' : 'down')],
  ['is-http-enabled', 'HTTP Enabled', (s) => String(s.is_http_enabled)],
  // The lab's real ports: ONTAP would say 80 and 443, but the lab cannot assume it may bind them.
  ['listener-port', 'Listener Port For HTTP', (s) => String(s.port)],
  ['is-https-enabled', 'HTTPS Enabled', (s) => String(s.is_https_enabled)],
  ['secure-listener-port', 'Secure Listener Port For HTTPS', (s) => String(s.secure_port)],
  ['certificate-name', 'Certificate for HTTPS Connections', () => '-'],
  ['default-unix-user', 'Default UNIX User', () => DEFAULT_UNIX_USER],
  ['default-win-user', 'Default Windows User', () => '-'],
  ['comment', 'Comment', (s) => s.comment],
];

/** `vserver object-store-server show`: one block per server, `Vserver:` first, as ONTAP lists them. */
export const objectStoreServerShow = defineShow<S3Service>({
  path: [...DIR, 'show'],
  keys: ['vserver'],
  positional: ['vserver'],
  fields: [
    { name: 'vserver', label: 'Vserver', get: (s) => s.svm.name },
    ...LABELS.map(([name, label, get]) => ({ name, label, get: (s: S3Service) => orDash(get(s)) })),
  ],
  rows: ({ lab }) => lab.s3.services(),
  table: (services) => [
    ...services.flatMap((s) => [
      '',
      `Vserver: ${s.svm.name}`,
      '',
      // ONTAP aligns these labels two columns right of the longest one.
      ...formatInstance(
        LABELS.map(([, label, get]) => [label, get(s)]),
        35,
      ),
    ]),
    // A blank line before the count line when there is one.
    ...(services.length > 1 ? [''] : []),
  ],
});

/** `vserver object-store-server create`: the SVM's S3 server (and its root user); silent on success. */
export const objectStoreServerCreate: CliCommand = {
  path: [...DIR, 'create'],
  params: [
    { name: 'vserver', required: true },
    { name: 'object-store-server', required: true },
    { name: 'is-http-enabled', values: BOOLEAN },
    { name: 'is-https-enabled', values: BOOLEAN },
    { name: 'status-admin', values: ['up', 'down'] },
    { name: 'comment' },
    { name: 'certificate-name' },
    { name: 'listener-port', integer: true },
    { name: 'secure-listener-port', integer: true },
  ],
  defaultVserver: 'any',
  run({ lab, args }) {
    lab.s3.createService(args.vserver as string, {
      name: args['object-store-server'] as string,
      enabled: args['status-admin'] ? args['status-admin'] === 'up' : undefined,
      is_http_enabled: args['is-http-enabled'] ? args['is-http-enabled'] === 'true' : undefined,
      is_https_enabled: args['is-https-enabled'] ? args['is-https-enabled'] === 'true' : undefined,
      comment: args.comment,
    });
    return [];
  },
};

/** `vserver object-store-server modify`: turn HTTP/HTTPS or the server on and off, rename, comment. */
export const objectStoreServerModify: CliCommand = {
  path: [...DIR, 'modify'],
  params: [
    { name: 'vserver', required: true },
    { name: 'object-store-server' },
    { name: 'is-http-enabled', values: BOOLEAN },
    { name: 'is-https-enabled', values: BOOLEAN },
    { name: 'status-admin', values: ['up', 'down'] },
    { name: 'comment' },
  ],
  defaultVserver: 'object-store',
  run({ lab, args }) {
    const bool = (name: string) => (args[name] === undefined ? undefined : args[name] === 'true');
    lab.s3.patchService(args.vserver as string, {
      ...(args['object-store-server'] !== undefined ? { name: args['object-store-server'] } : {}),
      ...(args['status-admin'] !== undefined ? { enabled: args['status-admin'] === 'up' } : {}),
      ...(args['is-http-enabled'] !== undefined ? { is_http_enabled: bool('is-http-enabled') } : {}),
      ...(args['is-https-enabled'] !== undefined ? { is_https_enabled: bool('is-https-enabled') } : {}),
      ...(args.comment !== undefined ? { comment: args.comment } : {}),
    });
    return [];
  },
};

/** `vserver object-store-server delete`: refused while buckets remain, as ONTAP refuses it. */
export const objectStoreServerDelete: CliCommand = {
  path: [...DIR, 'delete'],
  params: [{ name: 'vserver', required: true }],
  defaultVserver: 'object-store',
  run({ lab, args }) {
    lab.s3.deleteService(args.vserver as string);
    return [];
  },
};
