import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** S3's own single-PUT limit; ONTAP may answer EntityTooLarge below it. */
export const S3_MAX_PUT_BYTES = 5 * 1024 ** 3;

/**
 * What the workbench learned about an endpoint that its profile has no field for: the single-PUT
 * cap the server answered with EntityTooLarge. Kept in the data directory so the next upload is
 * refused up front instead of after minutes of sending.
 */
export class EndpointLimits {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'transfers', 'endpoint-limits.json');
  }

  /** The largest single PUT the endpoint accepts, as far as we know. */
  maxPutBytes(endpoint: string): number {
    return this.read()[endpoint]?.maxPutBytes ?? S3_MAX_PUT_BYTES;
  }

  /** Remembers a lower cap the endpoint answered with. */
  rememberMaxPut(endpoint: string, bytes: number): void {
    const all = this.read();
    all[endpoint] = { ...all[endpoint], maxPutBytes: Math.min(bytes, all[endpoint]?.maxPutBytes ?? S3_MAX_PUT_BYTES) };
    mkdirSync(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`);
    renameSync(tmp, this.file);
  }

  private read(): Record<string, { maxPutBytes?: number }> {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, { maxPutBytes?: number }>;
    } catch {
      return {}; // a damaged hint file only costs re-learning the cap
    }
  }
}
