import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { WorkbenchError } from '../errors';

/** A local file to upload and the key it goes to. */
export interface LocalFile {
  path: string;
  key: string;
  size: number;
  mtimeMs: number;
}

/** The prefix as a folder: empty, or ending in "/". */
export function folderPrefix(prefix: string): string {
  return prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
}

/**
 * The files behind the paths the user chose: a file goes to `<prefix><name>`, a folder's files to
 * `<prefix><folder>/<relative path>`, as dragging a folder into a bucket browser does.
 */
export async function collectFiles(paths: readonly string[], prefix: string): Promise<LocalFile[]> {
  const base = folderPrefix(prefix);
  const out: LocalFile[] = [];
  for (const p of paths) {
    const s = await stat(p).catch((err: unknown) => {
      throw new WorkbenchError('NOT_FOUND', `Cannot read ${p} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, {
        hint: 'Choose files and folders that exist and that you may read.',
      });
    });
    if (s.isFile()) out.push({ path: p, key: `${base}${basename(p)}`, size: s.size, mtimeMs: s.mtimeMs });
    else if (s.isDirectory()) {
      for (const f of await readdir(p, { recursive: true, withFileTypes: true })) {
        if (!f.isFile()) continue;
        const full = join(f.parentPath, f.name);
        const fs = await stat(full);
        const rel = relative(p, full).split(sep).join('/');
        out.push({ path: full, key: `${base}${basename(p)}/${rel}`, size: fs.size, mtimeMs: fs.mtimeMs });
      }
    }
  }
  return out;
}
