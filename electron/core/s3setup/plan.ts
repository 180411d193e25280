import type { S3Profile, S3SetupInput, S3SetupPlan } from '../../../shared/s3setup';
import { WorkbenchError } from '../errors';
import type { OntapInterface, OntapS3Bucket, OntapS3Group, OntapS3Service, OntapS3User, OntapVolume } from '../ontap/ontap-api';
import * as cmd from './commands';
import { octalMode, othersMayWrite } from './unix-mode';

/** What the plan is built from: the SVM's current S3 setup as read through OntapApi. */
export interface ClusterState {
  svm: { name: string; uuid: string };
  /** The SVM's volumes. */
  volumes: OntapVolume[];
  service: OntapS3Service | null;
  users: OntapS3User[];
  groups: OntapS3Group[];
  /** Every bucket the account can see, on any SVM (to warn about a name used elsewhere). */
  buckets: OntapS3Bucket[];
  /** The SVM's data interfaces. */
  interfaces: OntapInterface[];
}

/** One plan step. */
export type PlanStep = S3SetupPlan['steps'][number];

/** What the run needs beyond the shown plan: the volume, interface and keys the steps refer to. */
export interface PlanDetails {
  /** The volume the bucket goes on; null when the plan creates it. */
  volume: OntapVolume | null;
  volumeName: string;
  junctionPath: string | null;
  dataInterface: OntapInterface | null;
  /** The saved profile this setup updates (same connection, bucket and access key), if any. */
  reuseProfile: S3Profile | null;
  /** A saved profile whose stored secret belongs to the existing user's current access key. */
  keySource: S3Profile | null;
}

/** A built plan: what the user reviews, and what the run uses. */
export interface BuiltPlan {
  plan: S3SetupPlan;
  details: PlanDetails;
}

const S3_SERVICE = 'data_s3_server';
const norm = (s: string) => s.replace(/-/g, '_');
const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** The data interface S3 clients should use: one serving S3 (up first), else any data interface of the SVM. */
export function pickDataInterface(interfaces: OntapInterface[], svm: string): OntapInterface | null {
  const own = interfaces.filter((i) => i.svm === svm && i.address);
  const up = (i: OntapInterface) => i.state === 'up';
  const s3 = own.filter((i) => i.services.some((s) => norm(s) === S3_SERVICE));
  const data = own.filter((i) => i.services.some((s) => norm(s).startsWith('data_')));
  return s3.find(up) ?? s3[0] ?? data.find(up) ?? data[0] ?? null;
}

function volumeStep(input: S3SetupInput, state: ClusterState, warnings: string[]) {
  const svm = state.svm.name;
  if ('existing' in input.volume) {
    const name = input.volume.existing;
    const volume = state.volumes.find((v) => v.name === name);
    if (!volume) {
      throw new WorkbenchError('NOT_FOUND', `There is no volume "${name}" in SVM "${svm}".`, {
        hint: 'Refresh the list of volumes and choose one, or create a new volume.',
      });
    }
    const octal = octalMode(volume.unixPermissions);
    const perms = octal ? `, UNIX permissions ${octal}` : '';
    const step: PlanStep = {
      id: 'volume',
      title: `Use volume ${name}`,
      action: 'check',
      note: volume.junctionPath
        ? `Mounted at ${volume.junctionPath}${perms}.`
        : `Volume ${name} is not mounted (no junction path), so a NAS bucket cannot map to it.`,
      ...cmd.volumeShow(svm, name),
    };
    return { step, volume, volumeName: name, junctionPath: volume.junctionPath };
  }
  const wanted = input.volume.create;
  const existing = state.volumes.find((v) => v.name === wanted.name);
  if (existing) {
    // Never recreate or resize: a volume of that name is used as it is.
    if (existing.junctionPath !== null && trimSlash(existing.junctionPath) !== trimSlash(wanted.junctionPath))
      warnings.push(
        `Volume ${wanted.name} already exists, mounted at ${existing.junctionPath} rather than ${wanted.junctionPath}; the bucket uses ${existing.junctionPath}.`,
      );
    const step: PlanStep = {
      id: 'volume',
      title: `Use volume ${wanted.name}`,
      action: 'reuse',
      note: `Volume ${wanted.name} already exists; it is used as it is, not created again.`,
      ...cmd.volumeShow(svm, wanted.name),
    };
    return { step, volume: existing, volumeName: wanted.name, junctionPath: existing.junctionPath };
  }
  const taken = state.volumes.find((v) => v.junctionPath && trimSlash(v.junctionPath) === trimSlash(wanted.junctionPath));
  const step: PlanStep = taken
    ? {
        id: 'volume',
        title: `Create volume ${wanted.name}`,
        action: 'blocked',
        note: `The junction path ${wanted.junctionPath} is already used by volume ${taken.name}; choose another path.`,
        ...cmd.volumeCreate(svm, wanted.name, wanted.sizeBytes, wanted.junctionPath),
      }
    : {
        id: 'volume',
        title: `Create volume ${wanted.name}`,
        action: 'create',
        ...cmd.volumeCreate(svm, wanted.name, wanted.sizeBytes, wanted.junctionPath),
      };
  return { step, volume: null, volumeName: wanted.name, junctionPath: wanted.junctionPath };
}

function serverStep(input: S3SetupInput, state: ClusterState, warnings: string[]): PlanStep {
  const svm = state.svm.name;
  const s = state.service;
  if (!s) {
    return {
      id: 'server',
      title: `Create object-store server ${input.serverName}`,
      action: 'create',
      ...cmd.serverCreate(svm, input.serverName, input.http, input.https),
    };
  }
  const protocols = [s.http && 'HTTP', s.https && 'HTTPS'].filter(Boolean).join(' and ') || 'neither HTTP nor HTTPS';
  if (!s.enabled)
    warnings.push(`The object-store server ${s.name} is administratively down; S3 clients cannot connect until it is up.`);
  if (!s.http && !s.https) warnings.push(`The object-store server ${s.name} has neither HTTP nor HTTPS enabled.`);
  else if ((input.http && !s.http) || (input.https && !s.https))
    warnings.push(`The object-store server ${s.name} serves ${protocols} only; the wizard does not change an existing server.`);
  const renamed =
    s.name !== input.serverName
      ? ` An SVM has one object-store server, so ${s.name} is used instead of creating ${input.serverName}.`
      : '';
  return {
    id: 'server',
    title: `Use object-store server ${s.name}`,
    action: 'reuse',
    note: `SVM ${svm} already has object-store server ${s.name} (${protocols}).${renamed}`,
    ...cmd.serverShow(svm, state.svm.uuid),
  };
}

function userStep(input: S3SetupInput, state: ClusterState, profiles: S3Profile[]) {
  const svm = state.svm.name;
  const uuid = state.svm.uuid;
  const user = state.service ? state.users.find((u) => u.name === input.userName) : undefined;
  if (!user) {
    const step: PlanStep = {
      id: 'user',
      title: `Create S3 user ${input.userName}`,
      action: 'create',
      note: 'The secret key is shown only once, when the user is created; the wizard keeps it in the secrets store.',
      ...cmd.userCreate(svm, uuid, input.userName),
    };
    return { step, keySource: null, accessKey: null };
  }
  const keySource =
    profiles.find(
      (p) => p.connectionId === input.connectionId && p.hasSecret && user.accessKey && p.accessKeyId === user.accessKey,
    ) ?? null;
  if (keySource) {
    const step: PlanStep = {
      id: 'user',
      title: `Use S3 user ${user.name}`,
      action: 'reuse',
      note: `User ${user.name} already exists and its secret key is in the secrets store (profile "${keySource.name}").`,
      ...cmd.userShow(svm, uuid, user.name),
    };
    return { step, keySource, accessKey: user.accessKey };
  }
  const consequence =
    'Regenerating issues new keys: every client still using the old keys (scripts, notebooks, other tools) stops working until it gets the new ones.';
  const step: PlanStep = input.regenerateKeys
    ? {
        id: 'user',
        title: `Issue new keys to S3 user ${user.name}`,
        action: 'regenerate',
        note: `User ${user.name} exists but its secret key is not known here (ONTAP shows it only once). ${consequence}`,
        ...cmd.userRegenerateKeys(svm, uuid, user.name),
      }
    : {
        id: 'user',
        title: `S3 user ${user.name} exists`,
        action: 'blocked',
        note: `User ${user.name} exists but its secret key is not known here (ONTAP shows it only once). Allow the wizard to regenerate its keys, or choose another user name. ${consequence}`,
        ...cmd.userRegenerateKeys(svm, uuid, user.name),
      };
  return { step, keySource: null, accessKey: user.accessKey };
}

function groupStep(input: S3SetupInput, state: ClusterState): PlanStep {
  const svm = state.svm.name;
  const uuid = state.svm.uuid;
  const group = state.service ? state.groups.find((g) => g.name === input.groupName) : undefined;
  if (!group) {
    return {
      id: 'group',
      title: `Create group ${input.groupName} (${input.policy})`,
      action: 'create',
      ...cmd.groupCreate(svm, uuid, input.groupName, [input.userName], [input.policy]),
    };
  }
  const missing = [
    !group.users.includes(input.userName) && `does not include user ${input.userName}`,
    !group.policies.includes(input.policy) && `does not grant ${input.policy}`,
  ].filter((m): m is string => Boolean(m));
  if (!missing.length) {
    return {
      id: 'group',
      title: `Use group ${group.name}`,
      action: 'reuse',
      note: `Group ${group.name} already gives ${input.userName} ${input.policy}.`,
      ...cmd.groupShow(svm, uuid, group.name),
    };
  }
  const users = [...new Set([...group.users, input.userName])];
  const policies = [...new Set([...group.policies, input.policy])];
  return {
    id: 'group',
    title: `Group ${group.name} exists`,
    action: 'blocked',
    // Changing a group changes access for everyone in it, so that stays the user's decision.
    note: `Group ${group.name} already exists but ${missing.join(' and ')}. The wizard does not change an existing group: choose another group name, or run the command shown to add them yourself.`,
    ...cmd.groupModify(svm, uuid, group.id, group.name, users, policies),
  };
}

function bucketStep(
  input: S3SetupInput,
  state: ClusterState,
  junctionPath: string | null,
  volumeName: string,
  warnings: string[],
): PlanStep {
  const svm = state.svm.name;
  const uuid = state.svm.uuid;
  const name = input.bucketName;
  const here = state.service ? state.buckets.find((b) => b.svm === svm && b.name === name) : undefined;
  if (here) {
    if (here.type === 'nas' && here.nasPath && junctionPath && trimSlash(here.nasPath) === trimSlash(junctionPath)) {
      return {
        id: 'bucket',
        title: `Use bucket ${name}`,
        action: 'reuse',
        note: `Bucket ${name} already maps to ${here.nasPath}.`,
        ...cmd.bucketShow(svm, uuid, name),
      };
    }
    const what = here.type === 'nas' ? `maps to ${here.nasPath ?? 'another path'}` : 'is an S3 (not NAS) bucket';
    return {
      id: 'bucket',
      title: `Bucket ${name} exists`,
      action: 'blocked',
      note: `Bucket ${name} already exists on SVM ${svm} but ${what}, not to volume ${volumeName}. The wizard does not change an existing bucket: choose another bucket name.`,
      ...cmd.bucketShow(svm, uuid, name),
    };
  }
  const elsewhere = state.buckets.filter((b) => b.name === name && b.svm !== svm).map((b) => b.svm);
  if (elsewhere.length)
    warnings.push(
      `A bucket named ${name} already exists on SVM ${elsewhere.join(', ')}. Clients must use this SVM's endpoint to reach the new one; some ONTAP releases refuse the same name twice in a cluster.`,
    );
  if (!junctionPath) {
    warnings.push(
      `Volume ${volumeName} has no junction path. Mount it first (volume mount -vserver ${svm} -volume ${volumeName} -junction-path /${volumeName}), then run the wizard again.`,
    );
    return {
      id: 'bucket',
      title: `Create bucket ${name}`,
      action: 'blocked',
      note: `A NAS bucket maps to a junction path, and volume ${volumeName} has none.`,
      ...cmd.bucketCreate(svm, name, `/${volumeName}`),
    };
  }
  return {
    id: 'bucket',
    title: `Create NAS bucket ${name} on ${junctionPath}`,
    action: 'create',
    note: `Objects in the bucket are the files under ${junctionPath}.`,
    ...cmd.bucketCreate(svm, name, junctionPath),
  };
}

function interfaceStep(state: ClusterState, warnings: string[]) {
  const svm = state.svm.name;
  const lif = pickDataInterface(state.interfaces, svm);
  if (!lif) {
    const step: PlanStep = {
      id: 'interface',
      title: 'Find the data interface',
      action: 'blocked',
      note: `SVM ${svm} has no data interface with an address; S3 clients need one to connect to.`,
      ...cmd.interfaceShow(svm, state.svm.uuid, null),
    };
    return { step, lif };
  }
  if (!lif.services.some((s) => norm(s) === S3_SERVICE))
    warnings.push(
      `Interface ${lif.name} does not list the ${S3_SERVICE} service; S3 may not answer there until its service policy includes it.`,
    );
  if (lif.state !== 'up') warnings.push(`Interface ${lif.name} is ${lif.state}; S3 clients cannot reach it until it is up.`);
  const step: PlanStep = {
    id: 'interface',
    title: `Use data interface ${lif.name} (${lif.address})`,
    action: 'check',
    note: `S3 clients connect to ${lif.address}; they must be in the same network (VPC) as this interface.`,
    ...cmd.interfaceShow(svm, state.svm.uuid, lif.name),
  };
  return { step, lif };
}

/**
 * Builds the S3 setup plan from the request and the cluster's current state: pure, so the same
 * state always gives the same plan, and a second run over a finished setup reuses every step.
 * Existing servers, users, groups and buckets are reused, never duplicated or changed; steps that
 * cannot go ahead are `blocked` with the reason.
 */
export function buildPlan(input: S3SetupInput, state: ClusterState, profiles: S3Profile[]): BuiltPlan {
  const warnings: string[] = [];
  const volume = volumeStep(input, state, warnings);
  const server = serverStep(input, state, warnings);
  const user = userStep(input, state, profiles);
  const group = groupStep(input, state);
  const bucket = bucketStep(input, state, volume.junctionPath, volume.volumeName, warnings);
  const iface = interfaceStep(state, warnings);

  const perms = octalMode(volume.volume?.unixPermissions ?? null);
  if (input.policy === 'FullAccess' && volume.volume && othersMayWrite(perms) === false)
    warnings.push(
      `Volume ${volume.volumeName} has UNIX permissions ${perms}, which usually refuse writes by S3 users; the endpoint test checks this and offers the fix.`,
    );

  // The profile of this bucket and this user (known by its current access key) is updated, not duplicated;
  // after a regeneration it gets the new keys.
  const reuseProfile =
    user.step.action === 'reuse' || user.step.action === 'regenerate'
      ? (profiles.find(
          (p) => p.connectionId === input.connectionId && p.bucket === input.bucketName && p.accessKeyId === user.accessKey,
        ) ?? null)
      : null;
  const steps: PlanStep[] = [
    volume.step,
    server,
    user.step,
    group,
    bucket,
    iface.step,
    {
      id: 'endpoint-test',
      title: 'Test the S3 endpoint',
      action: 'check',
      note: 'Puts, reads, lists and deletes a small probe object under .workbench-probe/, and tries a multipart upload (created, then aborted).',
      cli: null,
      rest: null,
    },
    reuseProfile
      ? {
          id: 'profile',
          title: `Update S3 profile "${reuseProfile.name}"`,
          action: 'reuse',
          note:
            user.step.action === 'regenerate'
              ? 'The saved profile of this bucket and user gets the new keys.'
              : 'A profile for this bucket and these keys is already saved; it is updated.',
          cli: null,
          rest: null,
        }
      : {
          id: 'profile',
          title: 'Save an S3 profile',
          action: 'create',
          note: 'Endpoint, bucket, region and key id are saved for the dataset browser; the secret key stays in the secrets store.',
          cli: null,
          rest: null,
        },
  ];
  return {
    plan: { steps, warnings },
    details: {
      volume: volume.volume,
      volumeName: volume.volumeName,
      junctionPath: volume.junctionPath,
      dataInterface: iface.lif,
      reuseProfile,
      keySource: user.keySource,
    },
  };
}
