/** An S3 error as the S3 server answers it: `<Error><Code>…</Code><Message>…</Message></Error>` with an HTTP status. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

/** The standard S3 errors the lab answers with. */
export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  noSuchUpload: (id: string) => new S3Error('NoSuchUpload', 'The specified upload does not exist.', 404, { UploadId: id }),
  accessDenied: (why = 'Access Denied') => new S3Error('AccessDenied', why, 403),
  notImplemented: (what: string) => new S3Error('NotImplemented', `${what} is not implemented by this object store server.`, 501),
  entityTooLarge: (limit: number) =>
    new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', 400, {
      MaxSizeAllowed: String(limit),
    }),
  insufficientStorage: (volume: string, need: number, available: number) =>
    new S3Error('InsufficientStorage', `Volume "${volume}" has ${available} bytes free; this object needs ${need}.`, 507),
  invalidPart: () =>
    new S3Error('InvalidPart', 'One or more of the specified parts could not be found or its entity tag did not match.', 400),
  invalidPartOrder: () => new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.', 400),
  entityTooSmall: () =>
    new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400),
  badDigest: () => new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400),
  invalidArgument: (message: string) => new S3Error('InvalidArgument', message, 400),
  invalidRequest: (message: string) => new S3Error('InvalidRequest', message, 400),
  keyTooLong: () => new S3Error('KeyTooLong', 'Your key is too long', 400),
  incompleteBody: () =>
    new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400),
};
