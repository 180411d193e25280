import type { Discovery } from '../../../../shared/connections';
import type { MethodInput } from '../../../../shared/contract';
import { bucketNameSchema } from '../../../../shared/s3setup';
import { toBytes } from '../../shell/bytes';
import type { WizardDraft } from '../../stores/s3-wizard-store';

/** A bucket name derived from a volume name (lower case, "_" → "-"), valid by ONTAP's rules. */
export function suggestBucketName(volume: string | null): string {
  const base = (volume ?? 'datasets')
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63);
  return base.length >= 3 ? base : `${base}-bucket`.replace(/^-/, '');
}

/** The volume the bucket will sit on: the chosen one, or the one to create. */
export function chosenVolume(draft: WizardDraft): string | null {
  return draft.volumeMode === 'existing' ? draft.volume : draft.newVolume.name || null;
}

/** The bucket name in effect: what the user typed, else the suggestion from the volume. */
export function bucketNameOf(draft: WizardDraft): string {
  return draft.bucketName ?? suggestBucketName(chosenVolume(draft));
}

/** The junction path of a new volume: what the user typed, else /<name>. */
export function junctionPathOf(draft: WizardDraft): string {
  return draft.newVolume.junctionPath ?? `/${draft.newVolume.name}`;
}

/** Why a bucket name is refused, live as the user types; null when ONTAP will take it. */
export function bucketNameProblem(name: string): string | null {
  const parsed = bucketNameSchema.safeParse(name);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'not a valid bucket name');
}

/** The first choice that makes sense on a cluster: its first running SVM, and a mounted, non-clone volume on it. */
export function defaultsFor(data: Discovery, svm: string | null): { svm: string | null; volume: string | null } {
  const chosenSvm =
    svm && data.svms.some((s) => s.name === svm)
      ? svm
      : ((data.svms.find((s) => s.state === 'running') ?? data.svms[0])?.name ?? null);
  const volumes = data.volumes.filter((v) => v.svm === chosenSvm && v.junctionPath && v.junctionPath !== '/');
  const volume = (volumes.find((v) => !v.isClone) ?? volumes[0])?.name ?? null;
  return { svm: chosenSvm, volume };
}

/** The method's input from the draft, or what is still missing in plain words. */
export function setupInputOf(draft: WizardDraft): { input: MethodInput<'s3setup.plan'> } | { missing: string } {
  if (!draft.connectionId) return { missing: 'Choose a connection.' };
  if (!draft.svm) return { missing: 'Choose an SVM.' };
  let volume: MethodInput<'s3setup.plan'>['volume'];
  if (draft.volumeMode === 'existing') {
    if (!draft.volume) return { missing: 'Choose a volume, or create a new one.' };
    volume = { existing: draft.volume };
  } else {
    const sizeBytes = toBytes(draft.newVolume.size, draft.newVolume.unit);
    if (sizeBytes === null) return { missing: 'Give the new volume a size, e.g. 100 GiB.' };
    volume = { create: { name: draft.newVolume.name, sizeBytes, junctionPath: junctionPathOf(draft) } };
  }
  return {
    input: {
      connectionId: draft.connectionId,
      svm: draft.svm,
      volume,
      serverName: draft.serverName,
      http: draft.http,
      https: draft.https,
      userName: draft.userName,
      groupName: draft.groupName,
      policy: draft.policy,
      bucketName: bucketNameOf(draft),
      regenerateKeys: draft.regenerateKeys,
    },
  };
}
