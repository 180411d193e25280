import { request } from 'node:https';

/** A JSON request to an HTTPS API (the lab's REST) with basic auth, trusting only `ca`. */
export function httpsJson(
  method: string,
  url: string,
  options: { auth: string; ca: string; body?: unknown },
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      url,
      {
        method,
        ca: options.ca,
        headers: {
          authorization: `Basic ${Buffer.from(options.auth).toString('base64')}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
        timeout: 30_000,
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: data ? (JSON.parse(data) as Record<string, unknown>) : {} }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
