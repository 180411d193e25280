import { WorkbenchError } from '../errors';
import { findCliError, findJobLine, isNoEntries } from './cli-parsers/cli-messages';
import { parseInstance } from './cli-parsers/instance';
import { parseS3Keys, parseS3UserShow } from './cli-parsers/s3-users';
import { clonesFromRows, snapshotsFromRows } from './cli-parsers/snapshots';
import { parseTable, type CliTableRow } from './cli-parsers/table';
import { orNull, parseCliBoolean, parseCliInteger, parseCliSize, permissionsToOctal } from './cli-parsers/values';
import type {
  CallOptions,
  OntapApi,
  OntapInterface,
  OntapS3Bucket,
  OntapS3Group,
  OntapS3Keys,
  OntapS3Service,
  OntapS3User,
  OntapClone,
  OntapSnapshot,
  OntapVolume,
} from './ontap-api';
import { SVM_SCOPE_HINT } from './rest-errors';
import type { ExecOptions } from './ssh-session';

/**
 * The OntapApi over ONTAP's CLI via SSH: each call is one exec of `set -confirmations off;
 * set -rows 0; <command>` (no questions, no paging), its output read by the parsers in
 * cli-parsers/. ONTAP prints failures as `Error: …` lines, which become WorkbenchError here.
 */

const SCRIPTED = 'set -confirmations off; set -rows 0; ';

/** Where CLI command lines run: an SshSession, or recorded output in tests. */
export interface CliTransport {
  exec(command: string, o?: ExecOptions): Promise<string>;
  close(): void;
}

/** Quotes a value for the ONTAP command line when it needs it. */
export function cliValue(value: string): string {
  // A line break would end the command line and start another: never let one through.
  if ([...value].some((ch) => ch < ' ' || ch === '\u007f'))
    throw new WorkbenchError('INVALID_INPUT', 'Names sent to the ONTAP CLI cannot contain control characters or line breaks.');
  if (/^[A-Za-z0-9_./:@,*|-]+$/.test(value)) return value;
  return `"${value.replace(/"/g, '\\"')}"`;
}

function cliError(command: string, output: string): WorkbenchError | null {
  const error = findCliError(output);
  if (error) {
    const words = command.split(' -')[0] ?? command;
    if (error.kind === 'not-authorized')
      return new WorkbenchError('ONTAP_PRIVILEGE', `ONTAP refused "${words}": ${error.message}`, {
        hint: `Use an account with the role this needs. ${SVM_SCOPE_HINT}`,
        details: { command: words },
      });
    if (error.kind === 'unknown-command')
      return new WorkbenchError('ONTAP_ERROR', `ONTAP does not offer "${words}": ${error.message}.`, {
        hint: `This release or this account's role lacks the command; an SVM administrator sees fewer commands. ${SVM_SCOPE_HINT}`,
        details: { command: words },
      });
    return new WorkbenchError('ONTAP_ERROR', error.message, { details: { command: words } });
  }
  const job = findJobLine(output);
  if (job?.state === 'failed')
    return new WorkbenchError('ONTAP_ERROR', job.message || `Job ${job.job} failed.`, { details: { job: job.job } });
  return null;
}

function rowsOf(output: string): CliTableRow[] {
  if (isNoEntries(output)) return [];
  const table = parseTable(output);
  if (!table)
    throw new WorkbenchError('ONTAP_ERROR', 'Could not read the CLI’s answer as a table.', {
      details: { output: output.slice(0, 500) },
    });
  return table.rows;
}

function toVolume(cells: Record<string, string>, clones: Set<string>): OntapVolume {
  return {
    uuid: cells.uuid ?? '',
    name: cells.volume ?? '',
    svm: cells.vserver ?? '',
    size: parseCliSize(cells.size) ?? 0,
    used: parseCliSize(cells.used) ?? 0,
    junctionPath: orNull(cells['junction-path']),
    isClone: clones.has(`${cells.vserver ?? ''}/${cells.volume ?? ''}`),
    unixPermissions: permissionsToOctal(cells['unix-permissions']),
    uid: parseCliInteger(cells.user),
    gid: parseCliInteger(cells.group),
  };
}

const VOLUME_FIELDS = 'uuid,size,used,junction-path,unix-permissions,user,group,aggregate';

/** The OntapApi over the CLI; `close()` ends the SSH session. */
export class CliOntapApi implements OntapApi {
  readonly protocol = 'ssh' as const;

  constructor(private readonly session: CliTransport) {}

  // Asked once per session: the zone the CLI prints times in (null when the cluster does not say).
  private timeZone: Promise<string | null> | null = null;

  /** The cluster's time zone (`cluster date show -fields timezone`), or null when it cannot be read. */
  clusterTimeZone(o: CallOptions = {}): Promise<string | null> {
    this.timeZone ??= this.cli('cluster date show -fields timezone', o).then(
      (out) => orNull(rowsOf(out)[0]?.cells.timezone) ?? null,
      () => {
        this.timeZone = null; // a failed or cancelled ask is asked again next time
        return null;
      },
    );
    return this.timeZone;
  }

  /** Runs a command scripted-style; an `Error:` in its output is thrown. */
  async cli(command: string, o: CallOptions = {}): Promise<string> {
    const output = await this.session.exec(SCRIPTED + command, { signal: o.signal });
    const error = cliError(command, output);
    if (error) throw error;
    return output;
  }

  async cluster(o: CallOptions = {}): Promise<{ name: string; version: string }> {
    const version = (await this.cli('version', o))
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => /NetApp Release/i.test(l));
    // The cluster's admin Vserver carries the cluster's name.
    const admin = rowsOf(await this.cli('vserver show -type admin -fields vserver', o))[0];
    return { name: admin?.cells.vserver ?? '', version: version ?? '' };
  }

  async svms(o: CallOptions = {}): Promise<{ name: string; uuid: string; state: string }[]> {
    const rows = rowsOf(await this.cli('vserver show -type data -fields uuid,admin-state', o));
    return rows.map((r) => ({ name: r.cells.vserver ?? '', uuid: r.cells.uuid ?? '', state: r.cells['admin-state'] ?? '' }));
  }

  async volumes(svm?: string, o: CallOptions = {}): Promise<OntapVolume[]> {
    const scope = svm ? ` -vserver ${cliValue(svm)}` : '';
    const rows = rowsOf(await this.cli(`volume show${scope} -fields ${VOLUME_FIELDS}`, o));
    // `volume clone show` is the documented way to tell FlexClones, on every release and for SVM admins.
    const clones = new Set(
      rowsOf(await this.cli(`volume clone show${scope} -fields parent-volume`, o)).map(
        (r) => `${r.cells.vserver ?? ''}/${r.cells.flexclone ?? ''}`,
      ),
    );
    return rows.map((r) => toVolume(r.cells, clones));
  }

  async createVolume(
    input: { svm: string; name: string; sizeBytes: number; junctionPath: string },
    o: CallOptions = {},
  ): Promise<OntapVolume> {
    // The aggregate the SVM's volumes already use (FSx has one); without one ONTAP is left to choose.
    const existing = rowsOf(await this.cli(`volume show -vserver ${cliValue(input.svm)} -fields aggregate`, o));
    const aggregate = orNull(existing[0]?.cells.aggregate);
    await this.cli(
      `volume create -vserver ${cliValue(input.svm)} -volume ${cliValue(input.name)}` +
        (aggregate ? ` -aggregate ${cliValue(aggregate)}` : '') +
        ` -size ${Math.round(input.sizeBytes)} -junction-path ${cliValue(input.junctionPath)} -security-style unix`,
      o,
    );
    return this.volume(input.svm, input.name, o);
  }

  async setUnixPermissions(svm: string, volume: string, mode: string, o: CallOptions = {}): Promise<void> {
    if (!/^0?[0-7]{3,4}$/.test(mode))
      throw new WorkbenchError('INVALID_INPUT', `"${mode}" is not a UNIX mode; give octal digits such as 0777 or 755.`);
    const digits = mode.length === 3 ? `0${mode}` : mode;
    await this.cli(`volume modify -vserver ${cliValue(svm)} -volume ${cliValue(volume)} -unix-permissions ${digits}`, o);
  }

  async interfaces(svm?: string, o: CallOptions = {}): Promise<OntapInterface[]> {
    const scope = svm ? ` -vserver ${cliValue(svm)}` : '';
    // services last: its value has spaces, and a last column is read to the end of the line.
    const rows = rowsOf(await this.cli(`network interface show${scope} -fields address,status-oper,services`, o));
    // Without an SVM asked for, keep the data SVMs' interfaces, as REST's records with an SVM.
    const dataSvms = svm ? null : new Set((await this.svms(o)).map((s) => s.name));
    return rows
      .filter((r) => !dataSvms || dataSvms.has(r.cells.vserver ?? ''))
      .map((r) => ({
        name: r.cells.lif ?? '',
        svm: r.cells.vserver ?? '',
        address: r.cells.address ?? '',
        services: (orNull(r.cells.services) ?? '')
          .split(',')
          .map((s) => s.trim().replace(/-/g, '_'))
          .filter(Boolean),
        state: r.cells['status-oper'] ?? '',
      }));
  }

  async s3Service(svm: string, o: CallOptions = {}): Promise<OntapS3Service | null> {
    const output = await this.cli(`vserver object-store-server show -vserver ${cliValue(svm)} -instance`, o);
    if (isNoEntries(output)) return null;
    const r = parseInstance(output);
    if (!r) return null;
    return {
      svm: r.Vserver ?? svm,
      name: r['Object Store Server Name'] ?? '',
      enabled: (r['Administrative State'] ?? 'up') === 'up',
      http: parseCliBoolean(r['HTTP Enabled']) === true,
      https: parseCliBoolean(r['HTTPS Enabled']) === true,
      port: parseCliInteger(r['Listener Port For HTTP']) ?? 80,
      securePort: parseCliInteger(r['Secure Listener Port For HTTPS']) ?? 443,
    };
  }

  async createS3Service(
    svm: string,
    input: { name: string; http: boolean; https: boolean },
    o: CallOptions = {},
  ): Promise<OntapS3Service> {
    await this.cli(
      `vserver object-store-server create -vserver ${cliValue(svm)} -object-store-server ${cliValue(input.name)}` +
        ` -is-http-enabled ${input.http} -is-https-enabled ${input.https}`,
      o,
    );
    const service = await this.s3Service(svm, o);
    if (!service) throw new WorkbenchError('ONTAP_ERROR', `ONTAP created no object-store server on ${svm}.`);
    return service;
  }

  async s3Users(svm: string, o: CallOptions = {}): Promise<OntapS3User[]> {
    const output = await this.cli(`vserver object-store-server user show -vserver ${cliValue(svm)}`, o);
    return parseS3UserShow(output).map((u) => ({ svm: u.svm || svm, name: u.name, accessKey: u.accessKey }));
  }

  async createS3User(svm: string, name: string, o: CallOptions = {}): Promise<OntapS3Keys> {
    const output = await this.cli(`vserver object-store-server user create -vserver ${cliValue(svm)} -user ${cliValue(name)}`, o);
    return this.keys(svm, name, output, o);
  }

  async regenerateS3Keys(svm: string, name: string, o: CallOptions = {}): Promise<OntapS3Keys> {
    const output = await this.cli(
      `vserver object-store-server user regenerate-keys -vserver ${cliValue(svm)} -user ${cliValue(name)}`,
      o,
    );
    return this.keys(svm, name, output, o);
  }

  async s3Groups(svm: string, o: CallOptions = {}): Promise<OntapS3Group[]> {
    const rows = rowsOf(
      await this.cli(`vserver object-store-server group show -vserver ${cliValue(svm)} -fields id,users,policies`, o),
    );
    const list = (value: string | undefined) =>
      (orNull(value) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    return rows.map((r) => ({
      svm: r.cells.vserver ?? svm,
      id: parseCliInteger(r.cells.id),
      name: r.cells.name ?? '',
      users: list(r.cells.users),
      policies: list(r.cells.policies),
    }));
  }

  async createS3Group(
    svm: string,
    input: { name: string; users: string[]; policies: string[] },
    o: CallOptions = {},
  ): Promise<OntapS3Group> {
    await this.cli(
      `vserver object-store-server group create -vserver ${cliValue(svm)} -name ${cliValue(input.name)}` +
        ` -users ${cliValue(input.users.join(','))} -policies ${cliValue(input.policies.join(','))}`,
      o,
    );
    const group = (await this.s3Groups(svm, o)).find((g) => g.name === input.name);
    if (!group) throw new WorkbenchError('ONTAP_ERROR', `ONTAP created no group ${input.name} on ${svm}.`);
    return group;
  }

  async s3Buckets(svm?: string, o: CallOptions = {}): Promise<OntapS3Bucket[]> {
    const scope = svm ? ` -vserver ${cliValue(svm)}` : '';
    const rows = rowsOf(await this.cli(`vserver object-store-server bucket show${scope} -fields type,nas-path`, o));
    return rows.map((r) => ({
      svm: r.cells.vserver ?? svm ?? '',
      name: r.cells.bucket ?? '',
      type: r.cells.type === 'nas' ? 'nas' : 's3',
      nasPath: orNull(r.cells['nas-path']),
    }));
  }

  async createNasBucket(svm: string, input: { name: string; nasPath: string }, o: CallOptions = {}): Promise<OntapS3Bucket> {
    await this.cli(
      `vserver object-store-server bucket create -vserver ${cliValue(svm)} -bucket ${cliValue(input.name)}` +
        ` -type nas -nas-path ${cliValue(input.nasPath)}`,
      o,
    );
    const bucket = (await this.s3Buckets(svm, o)).find((b) => b.name === input.name);
    if (!bucket) throw new WorkbenchError('ONTAP_ERROR', `ONTAP created no bucket ${input.name} on ${svm}.`);
    return bucket;
  }

  async deleteBucket(svm: string, name: string, o: CallOptions = {}): Promise<void> {
    await this.cli(`vserver object-store-server bucket delete -vserver ${cliValue(svm)} -bucket ${cliValue(name)}`, o);
  }

  async snapshots(svm: string, volume: string, o: CallOptions = {}): Promise<OntapSnapshot[]> {
    // comment last: its value may have spaces, and a last column is read to the end of the line.
    const rows = rowsOf(
      await this.cli(
        `volume snapshot show -vserver ${cliValue(svm)} -volume ${cliValue(volume)} -fields create-time,instance-uuid,comment`,
        o,
      ),
    );
    return snapshotsFromRows(rows, await this.clusterTimeZone(o));
  }

  async createSnapshot(
    svm: string,
    volume: string,
    input: { name: string; comment?: string },
    o: CallOptions = {},
  ): Promise<OntapSnapshot> {
    await this.cli(
      `volume snapshot create -vserver ${cliValue(svm)} -volume ${cliValue(volume)} -snapshot ${cliValue(input.name)}` +
        (input.comment ? ` -comment ${cliValue(input.comment)}` : ''),
      o,
    );
    const created = (await this.snapshots(svm, volume, o)).find((s) => s.name === input.name);
    if (!created) throw new WorkbenchError('ONTAP_ERROR', `ONTAP created no snapshot ${input.name} of ${volume}.`);
    return created;
  }

  async deleteSnapshot(svm: string, volume: string, snapshot: string, o: CallOptions = {}): Promise<void> {
    await this.cli(
      `volume snapshot delete -vserver ${cliValue(svm)} -volume ${cliValue(volume)} -snapshot ${cliValue(snapshot)} -force true`,
      o,
    );
  }

  async restoreSnapshot(svm: string, volume: string, snapshot: string, o: CallOptions = {}): Promise<void> {
    await this.cli(
      `volume snapshot restore -vserver ${cliValue(svm)} -volume ${cliValue(volume)} -snapshot ${cliValue(snapshot)} -force true`,
      o,
    );
  }

  async clones(svm?: string, o: CallOptions = {}): Promise<OntapClone[]> {
    const scope = svm ? ` -vserver ${cliValue(svm)}` : '';
    const rows = rowsOf(
      await this.cli(`volume clone show${scope} -fields parent-vserver,parent-volume,parent-snapshot,junction-path`, o),
    );
    return clonesFromRows(rows);
  }

  async createClone(
    input: { svm: string; name: string; parentVolume: string; parentSnapshot: string; junctionPath: string | null },
    o: CallOptions = {},
  ): Promise<OntapVolume> {
    await this.cli(
      `volume clone create -vserver ${cliValue(input.svm)} -flexclone ${cliValue(input.name)}` +
        ` -parent-volume ${cliValue(input.parentVolume)} -parent-snapshot ${cliValue(input.parentSnapshot)}` +
        (input.junctionPath ? ` -junction-path ${cliValue(input.junctionPath)}` : ''),
      o,
    );
    return this.volume(input.svm, input.name, o);
  }

  async splitClone(svm: string, name: string, o: CallOptions = {}): Promise<void> {
    await this.cli(`volume clone split start -vserver ${cliValue(svm)} -flexclone ${cliValue(name)}`, o);
  }

  async deleteVolume(svm: string, name: string, o: CallOptions = {}): Promise<void> {
    const target = `-vserver ${cliValue(svm)} -volume ${cliValue(name)}`;
    // ONTAP deletes only an unmounted, offline volume over the CLI.
    await this.cli(`volume unmount ${target}`, o);
    await this.cli(`volume offline ${target}`, o);
    await this.cli(`volume delete ${target}`, o);
  }

  async close(): Promise<void> {
    this.session.close();
  }

  private async volume(svm: string, name: string, o: CallOptions): Promise<OntapVolume> {
    const found = (await this.volumes(svm, o)).find((v) => v.name === name);
    if (!found)
      throw new WorkbenchError('NOT_FOUND', `There is no volume ${name} on SVM ${svm}.`, {
        hint: 'Refresh the cluster view; the volume may have been renamed or deleted.',
      });
    return found;
  }

  /**
   * The keys `create`/`regenerate-keys` printed. Releases that do not print the secret there show
   * it in `user show` at advanced privilege (the `Secret Key:` line), so that is asked next.
   */
  private async keys(svm: string, name: string, output: string, o: CallOptions): Promise<OntapS3Keys> {
    const printed = parseS3Keys(output);
    if (printed?.secretKey) return { accessKey: printed.accessKey, secretKey: printed.secretKey };
    const shown = await this.cli(
      `set -privilege advanced; vserver object-store-server user show -vserver ${cliValue(svm)} -user ${cliValue(name)} -instance`,
      o,
    );
    const user = parseS3UserShow(shown).find((u) => u.name === name);
    const accessKey = user?.accessKey ?? printed?.accessKey ?? null;
    const secretKey = user?.secretKey ?? null;
    if (!accessKey || !secretKey)
      throw new WorkbenchError('ONTAP_ERROR', `ONTAP did not show the secret key of ${name}.`, {
        hint: 'Regenerate the user’s keys (`vserver object-store-server user regenerate-keys`) and copy the secret it prints.',
      });
    return { accessKey, secretKey };
  }
}
