import { loadClassifier, type Classifier } from './onnx-model';

interface Entry {
  loading: Promise<Classifier>;
  users: number;
  lastUsed: number;
}

/**
 * Loaded sessions kept for predictions from the UI, so clicking through images does not reload the
 * model each time; at most `capacity` stay loaded, the least recently used unused one closes first.
 */
export class ClassifierPool {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly capacity = 2,
  ) {}

  /** Runs `fn` with the classifier of `onnxPath`, loading it when needed. */
  async use<T>(onnxPath: string, labels: string[], fn: (classifier: Classifier) => Promise<T>): Promise<T> {
    const key = `${onnxPath}\0${labels.join('\0')}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { loading: loadClassifier(onnxPath, { labels, env: this.env }), users: 0, lastUsed: 0 };
      this.entries.set(key, entry);
      entry.loading.catch(() => this.entries.delete(key));
    }
    entry.users += 1;
    entry.lastUsed = Date.now();
    try {
      return await fn(await entry.loading);
    } finally {
      entry.users -= 1;
      await this.trim();
    }
  }

  /** Closes every idle session (the app is stopping). */
  async closeAll(): Promise<void> {
    for (const [key, entry] of [...this.entries]) {
      if (entry.users > 0) continue;
      this.entries.delete(key);
      await (await entry.loading.catch(() => null))?.close();
    }
  }

  private async trim(): Promise<void> {
    while (this.entries.size > this.capacity) {
      const idle = [...this.entries].filter(([, e]) => e.users === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
      const oldest = idle[0];
      if (!oldest) return;
      this.entries.delete(oldest[0]);
      await (await oldest[1].loading.catch(() => null))?.close();
    }
  }
}
