import type { Model, ModelVersion } from '../../../../shared/models';

/** An accuracy as a percentage with two decimals, or an em dash when the run did not record it. */
export function formatAccuracy(value: number | undefined): string {
  return value === undefined ? '—' : `${(value * 100).toFixed(2)}%`;
}

/** A score (0..1) as a percentage with one decimal. */
export function formatScore(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A version as the user names it: `v3`. */
export function versionName(version: number | null): string {
  return version === null ? '—' : `v${version}`;
}

/** The version a default request uses (production), or null when none is in production. */
export function productionOf(model: Model): ModelVersion | null {
  return model.versions.find((v) => v.version === model.productionVersion) ?? null;
}

/** A milliseconds figure for the latency line. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** The curl command that sends an image to the endpoint, with the token header when one is required. */
export function curlExample(url: string, tokenRequired: boolean): string {
  const auth = tokenRequired ? ` -H "Authorization: Bearer $WORKBENCH_TOKEN"` : '';
  return `curl -X POST --data-binary @image.jpg -H 'Content-Type: image/jpeg'${auth} ${url}/invocations`;
}
