import type { Lab } from '../../model/lab';
import type { S3Group, S3User } from '../../model/types';
import type { CliCommand } from '../command-types';
import { defineShow } from '../show-command';
import { formatTable, type Column, type TableRow } from '../table';
import { orDash } from '../values';

const DIR = ['vserver', 'object-store-server'];

interface UserRow {
  user: S3User;
  id: number;
}

/** ONTAP numbers an SVM's S3 users: root is 0, the others count up in creation order. */
function userRows(lab: Lab): UserRow[] {
  return lab.s3.services().flatMap((service) => {
    let next = 1;
    return lab.s3.users(service.svm.uuid).map((user) => ({ user, id: user.name === 'root' ? 0 : next++ }));
  });
}

const USER_COLUMNS: Column[] = [
  { header: ['Vserver'], width: 11 },
  { header: ['User'], width: 15 },
  { header: ['ID'], width: 8 },
  { header: ['Key Time To Live'], width: 16 },
  { header: ['Key Expiry Time'], width: 17 },
];

/**
 * `vserver object-store-server user show`: a row per user with its `Access Key:` and `Comment:`
 * lines. At advanced privilege it also prints `Secret Key:`, as releases up to 9.14 (which the
 * lab presents itself as) did; the reference guide's recipe reads the key there after `set adv`.
 */
export const userShow = defineShow<UserRow>({
  path: [...DIR, 'user', 'show'],
  keys: ['vserver', 'user'],
  positional: ['vserver', 'user'],
  fields: [
    { name: 'vserver', label: 'Vserver', get: (r) => r.user.svm.name },
    { name: 'user', label: 'User', get: (r) => r.user.name },
    { name: 'id', label: 'ID', get: (r) => String(r.id) },
    { name: 'access-key', label: 'Access Key', get: (r) => orDash(r.user.access_key) },
    { name: 'secret-key', label: 'Secret Key', get: (r) => orDash(r.user.secret_key), advanced: true },
    { name: 'key-time-to-live', label: 'Key Time To Live', get: () => '-' },
    { name: 'key-expiry-time', label: 'Key Expiry Time', get: () => '-' },
    { name: 'comment', label: 'Comment', get: (r) => r.user.comment },
  ],
  rows: ({ lab }) => userRows(lab),
  table: (rows, { settings }) =>
    formatTable(
      USER_COLUMNS,
      rows.map(({ user, id }): TableRow => ({
        cells: [user.svm.name, user.name, String(id), '-', '-'],
        after: [
          `Access Key: ${orDash(user.access_key)}`,
          ...(settings.privilege === 'admin' ? [] : [`Secret Key: ${orDash(user.secret_key)}`]),
          `   Comment: ${user.comment}`.trimEnd(),
        ],
      })),
    ),
});

/** `vserver object-store-server user create`: prints the new user's keys. */
export const userCreate: CliCommand = {
  path: [...DIR, 'user', 'create'],
  params: [
    { name: 'vserver', required: true },
    { name: 'user', required: true },
    { name: 'comment' },
    { name: 'key-time-to-live' },
  ],
  defaultVserver: 'object-store',
  run({ lab, args }) {
    const user = lab.s3.createUser(args.vserver as string, { name: args.user as string, comment: args.comment });
    return keyLines(user);
  },
};

/** What `user create` and `regenerate-keys` print: the only time the secret key is shown. */
function keyLines(user: S3User): string[] {
  return [
    '',
    `Vserver: ${user.svm.name}`,
    `User: ${user.name}`,
    `Access Key: ${user.access_key}`,
    `Secret Key: ${user.secret_key}`,
  ];
}

/** `vserver object-store-server user regenerate-keys`: new keys, printed as `create` prints them. */
export const userRegenerateKeys: CliCommand = {
  path: [...DIR, 'user', 'regenerate-keys'],
  params: [{ name: 'vserver', required: true }, { name: 'user', required: true }, { name: 'key-time-to-live' }],
  defaultVserver: 'object-store',
  run({ lab, args }) {
    const user = lab.s3.regenerateKeys(args.vserver as string, args.user as string);
    return keyLines(user);
  },
};

/** `vserver object-store-server user delete`. */
export const userDelete: CliCommand = {
  path: [...DIR, 'user', 'delete'],
  params: [
    { name: 'vserver', required: true },
    { name: 'user', required: true },
  ],
  defaultVserver: 'object-store',
  run({ lab, args }) {
    lab.s3.deleteUser(args.vserver as string, args.user as string);
    return [];
  },
};

const GROUP_COLUMNS: Column[] = [
  { header: ['Vserver'], width: 11 },
  { header: ['Group Name'], width: 15 },
  { header: ['ID'], width: 4 },
  { header: ['Users'], width: 20 },
  { header: ['Policies'], width: 20 },
  { header: ['Comment'], width: 10 },
];

const names = (list: { name: string }[]) => orDash(list.map((x) => x.name).join(','));

/** `vserver object-store-server group show`. */
export const groupShow = defineShow<S3Group>({
  path: [...DIR, 'group', 'show'],
  keys: ['vserver', 'name'],
  positional: ['vserver', 'name'],
  fields: [
    { name: 'vserver', label: 'Vserver', get: (g) => g.svm.name },
    { name: 'name', label: 'Group Name', get: (g) => g.name },
    { name: 'id', label: 'Group ID', get: (g) => String(g.id) },
    { name: 'users', label: 'Users', get: (g) => names(g.users) },
    { name: 'policies', label: 'Policies', get: (g) => names(g.policies) },
    { name: 'comment', label: 'Comment', get: (g) => orDash(g.comment) },
  ],
  rows: ({ lab }) => lab.s3.services().flatMap((s) => lab.s3.groups(s.svm.uuid)),
  table: (groups) =>
    formatTable(
      GROUP_COLUMNS,
      groups.map((g) => [g.svm.name, g.name, String(g.id), names(g.users), names(g.policies), orDash(g.comment)]),
    ),
});

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n && n !== '-')
    .map((name) => ({ name }));

/** `vserver object-store-server group create`: users get the policies; `-vserver` may be left out with one S3 server. */
export const groupCreate: CliCommand = {
  path: [...DIR, 'group', 'create'],
  params: [
    { name: 'vserver', required: true },
    { name: 'name', required: true },
    { name: 'users', required: true },
    { name: 'policies', required: true },
    { name: 'comment' },
  ],
  defaultVserver: 'object-store',
  run({ lab, args }) {
    lab.s3.createGroup(args.vserver as string, {
      name: args.name as string,
      users: list(args.users),
      policies: list(args.policies),
      comment: args.comment,
    });
    return [];
  },
};

/** `vserver object-store-server group delete`. */
export const groupDelete: CliCommand = {
  path: [...DIR, 'group', 'delete'],
  params: [
    { name: 'vserver', required: true },
    { name: 'name', required: true },
  ],
  defaultVserver: 'object-store',
  run({ lab, args }) {
    const group = lab.s3.groups(args.vserver as string).find((g) => g.name === args.name);
    lab.s3.deleteGroup(args.vserver as string, group?.id ?? -1);
    return [];
  },
};
