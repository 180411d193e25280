import type { IncomingHttpHeaders } from 'node:http';
import type { Lab } from '../model/lab';
import type { JsonRecord } from './query';

/** The HTTP methods the lab's REST API routes (HEAD is answered as GET, OPTIONS from the table). */
export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What a handler gets: the request with its path parameters and parsed, dot-expanded body. */
export interface RestRequest {
  method: RestMethod;
  /** The path without query, e.g. `/api/storage/volumes/<uuid>`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: JsonRecord;
  headers: IncomingHttpHeaders;
}

/** What a handler answers; the server writes it as JSON. */
export interface RestReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What every handler can reach: the lab and the address the API is served on. */
export interface RestContext {
  lab: Lab;
  host: string;
}

/** One endpoint's handler. */
export type RestHandler = (ctx: RestContext, req: RestRequest) => RestReply | Promise<RestReply>;

/** One row of the routing table: a path pattern with `{param}` segments and its methods. */
export interface RestRoute {
  path: string;
  methods: Partial<Record<RestMethod, RestHandler>>;
}
