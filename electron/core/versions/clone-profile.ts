import type { S3Profile } from '../../../shared/s3setup';
import type { OntapApi } from '../ontap/ontap-api';
import { SourceCatalog } from '../browse/sources';
import { S3ProfileStore } from '../s3profiles/profile-store';
import type { ServiceContext } from '../services';

/**
 * Saves an S3 profile for a clone's new NAS bucket, so the workspace can be browsed, uploaded to
 * and registered as a dataset at once: the keys are those of a saved profile of the same
 * connection whose bucket is on the same SVM (the wizard's user and group give that user the
 * SVM's buckets). Answers null when no such profile exists (the wizard is then the way).
 */
export async function saveCloneProfile(
  ctx: Pick<ServiceContext, 'dataDir' | 'secrets' | 'bus'>,
  api: OntapApi,
  input: { connectionId: string; svm: string; bucket: string; clone: string; signal?: AbortSignal },
): Promise<S3Profile | null> {
  const store = new S3ProfileStore(ctx.dataDir, ctx.secrets);
  const onSvm = new Set((await api.s3Buckets(input.svm, { signal: input.signal })).map((b) => b.name));
  const candidates = (await store.list()).filter(
    (p) => p.connectionId === input.connectionId && p.hasSecret && p.bucket && onSvm.has(p.bucket),
  );
  const template = candidates[0];
  const secret = template ? await store.secret(template.id) : null;
  if (!template || !secret) return null;
  const existing = candidates.find((p) => p.bucket === input.bucket);
  if (existing) return existing;
  const { name: _name, id: _id, createdAt: _createdAt, hasSecret: _hasSecret, ...endpoint } = template;
  const profile = await store.save(
    { ...endpoint, name: `${input.bucket} on ${input.svm} (clone ${input.clone})`, bucket: input.bucket },
    secret,
  );
  // The Datasets page lists sources from this event.
  ctx.bus.publish('sources.changed', { sources: await new SourceCatalog(ctx.dataDir, ctx.secrets).list() });
  return profile;
}

/** The NAS buckets that show a clone's files (their path at or under its junction path), read before it is deleted. */
export async function bucketsOfClone(api: OntapApi, svm: string, clone: string, signal?: AbortSignal): Promise<string[]> {
  const volume = (await api.volumes(svm, { signal })).find((v) => v.name === clone);
  const junction = volume?.junctionPath;
  if (!junction) return [];
  return (await api.s3Buckets(svm, { signal }))
    .filter((b) => b.type === 'nas' && b.nasPath && (b.nasPath === junction || b.nasPath.startsWith(`${junction}/`)))
    .map((b) => b.name);
}

/** Forgets the saved S3 sources of a deleted clone's buckets, so the Datasets page lists nothing that cannot open. */
export async function forgetCloneProfiles(
  ctx: Pick<ServiceContext, 'dataDir' | 'secrets' | 'bus'>,
  input: { connectionId: string; buckets: string[] },
): Promise<number> {
  if (!input.buckets.length) return 0;
  const store = new S3ProfileStore(ctx.dataDir, ctx.secrets);
  const gone = (await store.list()).filter(
    (p) => p.connectionId === input.connectionId && p.bucket && input.buckets.includes(p.bucket),
  );
  for (const p of gone) await store.delete(p.id);
  if (gone.length) ctx.bus.publish('sources.changed', { sources: await new SourceCatalog(ctx.dataDir, ctx.secrets).list() });
  return gone.length;
}
