import { readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { LabelRule } from '../../../shared/datasets';
import { UNLABELLED } from '../../../shared/datasets';
import { labeller } from '../../../shared/label-rules';
import { cancelledError } from '../errors';

/** What the runner reads to know the dataset: class names and each image's label. */
export interface Manifest {
  labels: string[];
  files: { path: string; label: string }[];
}

const IMAGE = /\.(jpe?g|png)$/i;

async function* walk(dir: string, signal?: AbortSignal): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (signal?.aborted) throw cancelledError('Listing the dataset');
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, signal);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Lists the images of a materialized dataset (.jpg, .jpeg, .png), labels them with the dataset's
 * rule (the same function its summary counts with) and sorts them by path. Images the rule does
 * not label are left out and counted, since "(unlabelled)" is not a class to learn.
 */
export async function buildManifest(
  dir: string,
  rule: LabelRule,
  signal?: AbortSignal,
): Promise<Manifest & { unlabelled: number }> {
  const label = labeller(rule);
  const files: Manifest['files'] = [];
  let unlabelled = 0;
  for await (const file of walk(dir, signal)) {
    if (!IMAGE.test(file)) continue;
    const path = relative(dir, file).split(sep).join('/');
    const l = label(path);
    if (l === UNLABELLED) unlabelled += 1;
    else files.push({ path, label: l });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const labels = [...new Set(files.map((f) => f.label))].sort();
  return { labels, files, unlabelled };
}

/** Writes the manifest as the runner expects it. */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeFile(file, JSON.stringify({ labels: manifest.labels, files: manifest.files }));
}
