import { open } from 'node:fs/promises';

const CHUNK = 64 * 1024;

/**
 * The last `lines` lines of a log file, read backwards in chunks so a huge log costs only its
 * tail; `truncated` says whether earlier lines exist. A missing file is an empty log.
 */
export async function tailLines(file: string, lines: number): Promise<{ text: string; truncated: boolean }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', truncated: false };
    throw err;
  }
  try {
    const { size } = await handle.stat();
    let position = size;
    const chunks: Buffer[] = [];
    let newlines = 0;
    // One more newline than lines asked for marks where the kept text starts.
    while (position > 0 && newlines <= lines) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, position);
      chunks.unshift(buffer);
      for (const byte of buffer) if (byte === 10) newlines += 1;
    }
    let text = Buffer.concat(chunks).toString('utf8');
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    const all = body.split('\n');
    const truncated = position > 0 || all.length > lines;
    text = all.slice(-lines).join('\n') + (text.endsWith('\n') ? '\n' : '');
    return { text, truncated };
  } finally {
    await handle.close();
  }
}
