import { LabError } from '../model/errors';
import type { RestMethod, RestRoute } from './types';

/** A routing table compiled once: each pattern's segments, `{name}` ones capturing. */
export interface CompiledRoute {
  route: RestRoute;
  segments: { literal?: string; param?: string }[];
}

/** Compiles route patterns like `/api/storage/volumes/{uuid}/snapshots`. */
export function compileRoutes(routes: readonly RestRoute[]): CompiledRoute[] {
  return routes.map((route) => ({
    route,
    segments: route.path
      .split('/')
      .filter(Boolean)
      .map((s) => (/^\{[^}]+\}$/.test(s) ? { param: s.slice(1, -1) } : { literal: s })),
  }));
}

/** ONTAP's answer for a path that is no API. */
export function apiNotFound(): LabError {
  return new LabError('3', 'API not found', 404);
}

/** Finds the route for a path and captures its parameters (URL-decoded). */
export function matchRoute(
  table: readonly CompiledRoute[],
  path: string,
): { route: RestRoute; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (const { route, segments } of table) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (const [i, seg] of segments.entries()) {
      const part = parts[i] ?? '';
      if (seg.literal !== undefined) ok = seg.literal === part;
      else if (seg.param) {
        try {
          params[seg.param] = decodeURIComponent(part);
        } catch {
          ok = false;
        }
      }
      if (!ok) break;
    }
    if (ok) return { route, params };
  }
  return undefined;
}

/** The methods a route answers, for `Allow` and 405s. */
export function allowedMethods(route: RestRoute): string {
  const methods = Object.keys(route.methods) as RestMethod[];
  if (methods.includes('GET')) methods.push('HEAD' as RestMethod);
  return [...methods, 'OPTIONS'].join(', ');
}

/** ONTAP's answer for a method an API does not have. */
export function methodNotAllowed(method: string): LabError {
  return new LabError('3', `The API does not support the "${method}" method.`, 405);
}
