import { renameSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { LabContext } from './context';
import { ensureParent, keyToPath, writeTemp } from './file-tree';
import { DEFAULT_TYPE, keyError, type LabObjects, type ObjectInfo } from './objects';
import { S3Error, s3Errors } from './s3-errors';
import type { LabS3Config } from './s3-config';
import type { S3Bucket, S3User } from './types';

/** A multipart upload in progress, kept beside its parts until completed or aborted. */
export interface UploadRecord {
  uploadId: string;
  bucketUuid: string;
  key: string;
  contentType: string;
  userMeta: Record<string, string>;
  initiated: string;
  user: string;
}

/** S3's smallest part, except the last. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

/**
 * Multipart uploads: parts are stored under `<lab>/multipart/<uploadId>/` and assembled into the
 * object through the same atomic commit as a single PUT. A server with multipart switched off
 * answers NotImplemented, as some FSx for ONTAP releases do.
 */
export class LabUploads {
  constructor(
    private readonly ctx: LabContext,
    private readonly s3: LabS3Config,
    private readonly objects: LabObjects,
  ) {}

  private get uploadsDir(): string {
    return join(this.ctx.dir, 'multipart');
  }

  private checkMultipart(bucket: S3Bucket): void {
    const service = this.s3.requireService(bucket.svm.uuid);
    if (!service.lab.multipart_supported) throw s3Errors.notImplemented('Multipart upload');
  }

  /** Starts a multipart upload; refused with NotImplemented where the server has multipart off. */
  async createUpload(
    bucket: S3Bucket,
    key: string,
    options: { user: S3User; contentType?: string; userMeta?: Record<string, string> },
  ): Promise<string> {
    this.checkMultipart(bucket);
    try {
      keyToPath(this.objects.location(bucket).root, key);
    } catch (err) {
      keyError(err, key);
    }
    const uploadId = randomBytes(24).toString('base64url');
    const record: UploadRecord = {
      uploadId,
      bucketUuid: bucket.uuid,
      key,
      contentType: options.contentType ?? DEFAULT_TYPE,
      userMeta: options.userMeta ?? {},
      initiated: new Date().toISOString(),
      user: options.user.name,
    };
    const dir = join(this.uploadsDir, uploadId);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'upload.json'), JSON.stringify(record));
    return uploadId;
  }

  private async upload(bucket: S3Bucket, uploadId: string): Promise<UploadRecord> {
    if (!/^[\w-]+$/.test(uploadId)) throw s3Errors.noSuchUpload(uploadId);
    try {
      const record = JSON.parse(await readFile(join(this.uploadsDir, uploadId, 'upload.json'), 'utf8')) as UploadRecord;
      if (record.bucketUuid !== bucket.uuid) throw s3Errors.noSuchUpload(uploadId);
      return record;
    } catch (err) {
      if (err instanceof S3Error) throw err;
      throw s3Errors.noSuchUpload(uploadId);
    }
  }

  /** Stores one part; returns its ETag (the part's MD5). */
  async putPart(
    bucket: S3Bucket,
    uploadId: string,
    partNumber: number,
    body: Readable | Buffer,
    options: { key: string; contentLength?: number; contentMd5?: string; signal?: AbortSignal },
  ): Promise<string> {
    this.checkMultipart(bucket);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw s3Errors.invalidArgument(`Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`);
    }
    // A part sent to another key's upload is refused, as S3 does.
    if ((await this.upload(bucket, uploadId)).key !== options.key) throw s3Errors.noSuchUpload(uploadId);
    await mkdir(this.ctx.tmpDir, { recursive: true });
    const written = await writeTemp(this.ctx.tmpDir, body, 5 * 1024 ** 3, options.signal).catch((err: unknown) =>
      keyError(err, ''),
    );
    try {
      if (options.contentLength !== undefined && written.size !== options.contentLength) throw s3Errors.incompleteBody();
      if (options.contentMd5 && Buffer.from(written.md5, 'hex').toString('base64') !== options.contentMd5)
        throw s3Errors.badDigest();
      const dir = join(this.uploadsDir, uploadId);
      await writeFile(
        join(dir, `${partNumber}.json`),
        JSON.stringify({ etag: written.md5, size: written.size, lastModified: new Date().toISOString() }),
      );
      renameSync(written.tmpPath, join(dir, `${partNumber}.part`));
    } catch (err) {
      await rm(written.tmpPath, { force: true });
      throw err;
    }
    return written.md5;
  }

  /** The parts uploaded so far, by part number. */
  async listParts(
    bucket: S3Bucket,
    uploadId: string,
  ): Promise<{ record: UploadRecord; parts: { partNumber: number; etag: string; size: number; lastModified: string }[] }> {
    const record = await this.upload(bucket, uploadId);
    const names = await readdir(join(this.uploadsDir, uploadId));
    const parts = [];
    for (const name of names) {
      const m = /^(\d+)\.json$/.exec(name);
      if (!m) continue;
      const meta = JSON.parse(await readFile(join(this.uploadsDir, uploadId, name), 'utf8')) as {
        etag: string;
        size: number;
        lastModified: string;
      };
      parts.push({ partNumber: Number(m[1]), ...meta });
    }
    parts.sort((a, b) => a.partNumber - b.partNumber);
    return { record, parts };
  }

  /** Assembles the listed parts into the object, atomically, with S3's multipart ETag. */
  async complete(
    bucket: S3Bucket,
    uploadId: string,
    requested: { partNumber: number; etag: string }[],
    user: S3User,
  ): Promise<ObjectInfo> {
    this.checkMultipart(bucket);
    const { record, parts } = await this.listParts(bucket, uploadId);
    if (!requested.length) throw s3Errors.invalidRequest('You must specify at least one part');
    const byNumber = new Map(parts.map((p) => [p.partNumber, p]));
    const chosen = requested.map((r, i) => {
      if (i > 0 && r.partNumber <= (requested[i - 1]?.partNumber ?? 0)) throw s3Errors.invalidPartOrder();
      const part = byNumber.get(r.partNumber);
      if (!part || part.etag !== r.etag.replace(/"/g, '')) throw s3Errors.invalidPart();
      return part;
    });
    chosen.forEach((p, i) => {
      if (i < chosen.length - 1 && p.size < MIN_PART_BYTES) throw s3Errors.entityTooSmall();
    });
    const { volume, root } = this.objects.location(bucket);
    const path = keyToPath(root, record.key);
    const size = chosen.reduce((n, p) => n + p.size, 0);
    this.objects.checkSpace(volume, path, size);
    await mkdir(this.ctx.tmpDir, { recursive: true });
    const tmp = join(this.ctx.tmpDir, `${uploadId}.assembled`);
    const out = await open(tmp, 'w');
    try {
      for (const p of chosen) {
        const data = await open(join(this.uploadsDir, uploadId, `${p.partNumber}.part`), 'r');
        try {
          for await (const chunk of data.createReadStream({ autoClose: false })) await out.write(chunk as Buffer);
        } finally {
          await data.close();
        }
      }
      await out.sync();
    } finally {
      await out.close();
    }
    const etag = `${createHash('md5')
      .update(Buffer.concat(chosen.map((p) => Buffer.from(p.etag, 'hex'))))
      .digest('hex')}-${chosen.length}`;
    try {
      await ensureParent(path);
      const info = this.objects.commit(bucket, volume, root, record.key, path, tmp, size, etag, {
        user,
        contentType: record.contentType,
        userMeta: record.userMeta,
        partSizes: chosen.map((p) => p.size),
      });
      await rm(join(this.uploadsDir, uploadId), { recursive: true, force: true });
      return info;
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Abandons an upload and its parts. */
  async abort(bucket: S3Bucket, uploadId: string): Promise<void> {
    await this.upload(bucket, uploadId);
    await rm(join(this.uploadsDir, uploadId), { recursive: true, force: true });
  }

  /** Uploads in progress in a bucket. */
  async listUploads(bucket: S3Bucket): Promise<UploadRecord[]> {
    let ids: string[];
    try {
      ids = await readdir(this.uploadsDir);
    } catch {
      return [];
    }
    const out: UploadRecord[] = [];
    for (const id of ids) {
      try {
        const r = JSON.parse(await readFile(join(this.uploadsDir, id, 'upload.json'), 'utf8')) as UploadRecord;
        if (r.bucketUuid === bucket.uuid) out.push(r);
      } catch {
        // a half-created upload from a crash; ignored
      }
    }
    return out.sort((a, b) => (a.key === b.key ? a.initiated.localeCompare(b.initiated) : a.key < b.key ? -1 : 1));
  }
}
