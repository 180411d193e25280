import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Connection, connectionInputSchema, connectionUpdateSchema, Discovery } from '../../../shared/connections';
import { WorkbenchError } from '../errors';
import type { EventBus } from '../event-bus';
import type { JobRegistry } from '../jobs/job-registry';
import { CliOntapApi } from '../ontap/cli-api';
import { runConnectionTest } from '../ontap/connection-test';
import { discoverCluster } from '../ontap/discovery';
import type { OntapApi } from '../ontap/ontap-api';
import { RestOntapApi } from '../ontap/rest-api';
import { RestClient } from '../ontap/rest-client';
import { hostKeyFingerprint, normalizeHostKeyFingerprint, probeHostKey, SshSession } from '../ontap/ssh-session';
import { certificateIdentity, normalizeFingerprint, probeCertificate } from '../ontap/tls-trust';
import type { ConnectionRegistry, SecretStore } from '../services';
import { ConnectionFile } from './connection-file';

/** What adding a connection takes (the contract's input, defaults applied). */
export type ConnectionInput = z.output<typeof connectionInputSchema>;
/** What editing one takes. */
export type ConnectionUpdate = z.output<typeof connectionUpdateSchema>;

/** The running lab, as attach.ts hands it over. */
export interface LabConnectionInput {
  host: string;
  restPort: number;
  sshPort: number;
  username: string;
  password: string;
  /** The lab's certificate (PEM) and SSH host key (private key text): the app made them, so it pins them itself. */
  certificatePem: string;
  hostKey: string;
}

/** The fixed id of the built-in lab's connection. */
export const LAB_CONNECTION_ID = 'local-lab';
const LAB_NAME = 'Local lab';

/** Where a connection's password is kept in the secrets store. */
export function passwordKey(id: string): string {
  return `connection:${id}:password`;
}

/**
 * The saved connections (`connections.json`, no secrets) and their passwords (the secrets store):
 * add, edit, delete, pin a certificate or host key, test as a job, discover, and open an OntapApi
 * over REST or SSH. The built-in lab's connection is kept up to date by upsertLab.
 */
export class ConnectionService implements ConnectionRegistry {
  private readonly file: ConnectionFile;
  private connections: Connection[];
  private readonly secrets: SecretStore;
  private readonly bus: EventBus;
  private readonly jobs: JobRegistry;
  /** What the last test saw of each connection's certificate and host key (what `trust` may pin without asking the server). */
  private readonly seen = new Map<string, { certificate?: { sha256: string; subject: string }; hostKey?: { sha256: string } }>();

  constructor(deps: { dataDir: string; env: NodeJS.ProcessEnv; secrets: SecretStore; bus: EventBus; jobs: JobRegistry }) {
    this.file = new ConnectionFile(deps.dataDir);
    this.connections = this.file.load();
    this.secrets = deps.secrets;
    this.bus = deps.bus;
    this.jobs = deps.jobs;
  }

  /** The connections, the lab first, then in the order they were added. */
  list(): Connection[] {
    const lab = this.connections.filter((c) => c.isLab);
    return [...lab, ...this.connections.filter((c) => !c.isLab)].map((c) => ({ ...c }));
  }

  /** One connection; NOT_FOUND when the id is unknown. */
  get(id: string): Connection {
    const found = this.connections.find((c) => c.id === id);
    if (!found)
      throw new WorkbenchError('NOT_FOUND', `There is no connection ${id}.`, {
        hint: 'It may have been deleted; connections.list shows the saved ones.',
      });
    return { ...found };
  }

  /** Saves a new connection; its password goes to the secrets store. */
  async add(input: ConnectionInput): Promise<Connection> {
    const connection: Connection = {
      id: randomUUID(),
      name: input.name,
      host: input.host,
      restPort: input.restPort,
      sshPort: input.sshPort,
      username: input.username,
      protocol: input.protocol,
      hasPassword: true,
      pinnedCertificate: null,
      sshHostKey: null,
      isLab: false,
      createdAt: new Date().toISOString(),
    };
    await this.secrets.set(passwordKey(connection.id), input.password);
    await this.commit([...this.connections, connection]);
    return { ...connection };
  }

  /**
   * Changes a connection; an absent password keeps the stored one. A new host forgets both pins,
   * a new REST or SSH port the pin for that port: they belonged to the old endpoint.
   */
  async update(input: ConnectionUpdate): Promise<Connection> {
    const current = this.get(input.id);
    if (current.isLab) {
      const managed = (['host', 'restPort', 'sshPort', 'username', 'password'] as const).filter((k) => input[k] !== undefined);
      if (managed.length)
        throw new WorkbenchError('INVALID_INPUT', `The local lab's ${managed.join(', ')} are set by the app.`, {
          hint: 'Only the name and protocol of the lab connection can be changed.',
        });
    }
    const next: Connection = {
      ...current,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.host !== undefined ? { host: input.host } : {}),
      ...(input.restPort !== undefined ? { restPort: input.restPort } : {}),
      ...(input.sshPort !== undefined ? { sshPort: input.sshPort } : {}),
      ...(input.username !== undefined ? { username: input.username } : {}),
      ...(input.protocol !== undefined ? { protocol: input.protocol } : {}),
    };
    if (next.host !== current.host || next.restPort !== current.restPort) next.pinnedCertificate = null;
    if (next.host !== current.host || next.sshPort !== current.sshPort) next.sshHostKey = null;
    if (next.host !== current.host) this.seen.delete(next.id);
    if (input.password !== undefined) {
      await this.secrets.set(passwordKey(next.id), input.password);
      next.hasPassword = true;
    }
    await this.replace(next);
    return { ...next };
  }

  /** Deletes a connection and its password; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const found = this.connections.find((c) => c.id === id);
    if (!found) return false;
    if (found.isLab)
      throw new WorkbenchError('INVALID_INPUT', 'The local lab’s connection is kept by the app while the lab runs.', {
        hint: 'To stop using the lab, start the workbench with WORKBENCH_LAB=off.',
      });
    await this.commit(this.connections.filter((c) => c.id !== id));
    await this.secrets.delete(passwordKey(id));
    this.seen.delete(id);
    return true;
  }

  /**
   * Pins the certificate or SSH host key the user was shown. A fingerprint the last test did not
   * see is checked against what the server presents now, so only a real certificate or key is pinned.
   */
  async trust(id: string, kind: 'certificate' | 'host-key', sha256: string): Promise<Connection> {
    const connection = this.get(id);
    const seen = this.seen.get(id) ?? {};
    if (kind === 'certificate') {
      const fingerprint = normalizeFingerprint(sha256);
      if (!fingerprint)
        throw new WorkbenchError('INVALID_INPUT', 'That is not a SHA-256 certificate fingerprint (32 hex pairs).', {
          hint: 'Use the fingerprint the connection test showed.',
        });
      let subject = seen.certificate?.sha256 === fingerprint ? seen.certificate.subject : null;
      if (subject === null) {
        const presented = await probeCertificate({
          host: connection.host,
          port: connection.restPort,
          pinnedSha256: fingerprint,
        }).catch((err: unknown) => {
          throw mismatch(err, 'certificate');
        });
        subject = presented.subject;
      }
      connection.pinnedCertificate = { sha256: fingerprint, subject };
    } else {
      const fingerprint = normalizeHostKeyFingerprint(sha256);
      if (!fingerprint)
        throw new WorkbenchError('INVALID_INPUT', 'That is not an SSH host key fingerprint (SHA256:…).', {
          hint: 'Use the fingerprint the connection test showed.',
        });
      if (seen.hostKey?.sha256 !== fingerprint) {
        const presented = await probeHostKey({ host: connection.host, port: connection.sshPort });
        if (presented !== fingerprint) throw mismatch(null, 'host key', presented);
      }
      connection.sshHostKey = { sha256: fingerprint };
    }
    await this.replace(connection);
    return { ...connection };
  }

  /** An API session over the connection's protocol (or the one asked for); the caller closes it. */
  async openApi(id: string, options: { protocol?: 'rest' | 'ssh'; signal?: AbortSignal } = {}): Promise<OntapApi> {
    const connection = this.get(id);
    const password = await this.password(connection);
    const protocol = options.protocol ?? connection.protocol;
    if (protocol === 'rest') {
      const client = new RestClient({
        host: connection.host,
        port: connection.restPort,
        username: connection.username,
        password,
        pinnedSha256: connection.pinnedCertificate?.sha256 ?? null,
      });
      return new RestOntapApi(client);
    }
    const session = await SshSession.open({
      host: connection.host,
      port: connection.sshPort,
      username: connection.username,
      password,
      pinnedSha256: connection.sshHostKey?.sha256 ?? null,
      signal: options.signal,
    });
    return new CliOntapApi(session);
  }

  /** Starts the connection test as a job; its steps stream as `connection.test` events. */
  test(id: string): string {
    const connection = this.get(id);
    return this.jobs.start({
      kind: 'connection.test',
      title: `Test the connection “${connection.name}”`,
      unit: 'steps',
      total: 9,
      run: async (ctx) => {
        const password = connection.hasPassword ? await this.secrets.get(passwordKey(id)) : null;
        const outcome = await runConnectionTest(
          {
            connectionId: id,
            host: connection.host,
            restPort: connection.restPort,
            sshPort: connection.sshPort,
            username: connection.username,
            password,
            pinnedCertificate: connection.pinnedCertificate?.sha256 ?? null,
            pinnedHostKey: connection.sshHostKey?.sha256 ?? null,
          },
          {
            jobId: ctx.jobId,
            signal: ctx.signal,
            publish: (step) => this.bus.publish('connection.test', step),
            progress: (done, total, message) => ctx.progress({ done, total, message }),
          },
        );
        this.seen.set(id, outcome.seen);
        if (outcome.failure) throw outcome.failure;
        ctx.progress({ message: `${connection.name}: every check passed.` });
      },
    });
  }

  /** Reads the cluster behind a connection for the discovery view. */
  async discover(id: string, signal?: AbortSignal): Promise<Discovery> {
    const api = await this.openApi(id, { signal });
    try {
      return await discoverCluster(api, { signal });
    } finally {
      await api.close();
    }
  }

  /**
   * Registers or refreshes the built-in lab's connection ("Local lab"): its ports, admin user and
   * password (to the secrets store), and its certificate and host key pinned — the app made them.
   */
  async upsertLab(lab: LabConnectionInput): Promise<Connection> {
    const current = this.connections.find((c) => c.id === LAB_CONNECTION_ID);
    const certificate = certificateIdentity(lab.certificatePem);
    const next: Connection = {
      id: LAB_CONNECTION_ID,
      name: current?.name ?? LAB_NAME,
      host: lab.host,
      restPort: lab.restPort,
      sshPort: lab.sshPort,
      username: lab.username,
      protocol: current?.protocol ?? 'rest',
      hasPassword: true,
      pinnedCertificate: { sha256: certificate.sha256, subject: certificate.subject },
      sshHostKey: { sha256: hostKeyFingerprint(lab.hostKey) },
      isLab: true,
      createdAt: current?.createdAt ?? new Date().toISOString(),
    };
    if ((await this.secrets.get(passwordKey(LAB_CONNECTION_ID))) !== lab.password)
      await this.secrets.set(passwordKey(LAB_CONNECTION_ID), lab.password);
    if (JSON.stringify(current) !== JSON.stringify(next)) await this.replace(next);
    return { ...next };
  }

  private async password(connection: Connection): Promise<string> {
    const password = connection.hasPassword ? await this.secrets.get(passwordKey(connection.id)) : null;
    if (password === null)
      throw new WorkbenchError('ONTAP_AUTH_FAILED', `No password is stored for “${connection.name}”.`, {
        hint: 'Edit the connection and enter the password.',
      });
    return password;
  }

  private async replace(connection: Connection): Promise<void> {
    const exists = this.connections.some((c) => c.id === connection.id);
    await this.commit(
      exists ? this.connections.map((c) => (c.id === connection.id ? connection : c)) : [...this.connections, connection],
    );
  }

  /** Takes `next` at once (so changes made meanwhile build on it), then writes it; a failed write is undone. */
  private async commit(next: Connection[]): Promise<void> {
    const before = this.connections;
    this.connections = next;
    try {
      await this.file.save(next);
    } catch (err) {
      if (this.connections === next) this.connections = before;
      throw err;
    }
    // Every window hears of it, e.g. the lab's connection appearing after the lab starts.
    this.bus.publish('connections.changed', { connections: this.list() });
  }
}

/** Why a fingerprint cannot be pinned: the server presents another (or cannot be reached to check). */
function mismatch(err: unknown, what: 'certificate' | 'host key', presented?: string): WorkbenchError {
  const details = err instanceof WorkbenchError ? (err.details as { sha256?: string } | undefined) : undefined;
  if (err instanceof WorkbenchError && err.code !== 'TLS_CERTIFICATE_CHANGED') return err;
  const now = presented ?? details?.sha256 ?? 'another one';
  return new WorkbenchError(
    'INVALID_INPUT',
    `The server presents a different ${what} (${now}) than the one you asked to trust.`,
    {
      hint: 'Run the connection test again and compare the fingerprint it shows.',
      details: { sha256: now },
    },
  );
}
