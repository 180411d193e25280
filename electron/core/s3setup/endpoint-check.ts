import type { S3SetupResult } from '../../../shared/s3setup';
import type { OntapApi } from '../ontap/ontap-api';
import { volumeSetPermissions } from './commands';
import { testEndpoint, type EndpointCredentials } from './endpoint-test';
import { octalMode, othersMayWrite } from './unix-mode';
import type { SetupLogger, SetupRecord } from './results';

/**
 * The mode the fix proposes. 777 rather than 775: ONTAP runs an S3 user without a name mapping as
 * the default UNIX user (nobody/pcuser), which is neither the volume's owner nor in its group, so
 * only the "other" write bit lets it write — as NetApp's own guidance for NAS buckets says.
 */
export const FIX_MODE = '777';

/**
 * Runs the endpoint test and records what it found on the setup's result: reachable, writable,
 * multipart, and — when writes are refused by the volume's UNIX permissions — the fix to offer
 * (read from the volume's current permissions, shown before it runs).
 */
export async function checkEndpoint(args: {
  api: OntapApi;
  record: SetupRecord;
  credentials: EndpointCredentials;
  log: SetupLogger;
  signal: AbortSignal;
  justCreated?: boolean;
}): Promise<void> {
  const { api, record, credentials, log, signal } = args;
  const { input, result } = record;
  const readOnly = input.policy === 'ReadOnlyAccess';
  const outcome = await testEndpoint(credentials, {
    signal,
    justCreated: args.justCreated,
    readOnly,
    report: (line) => log('endpoint-test', line.status, line.message, line),
  });
  result.writable = readOnly ? false : outcome.writable;
  if (outcome.multipartSupported !== null) result.multipartSupported = outcome.multipartSupported;
  result.permissionFix = null;
  if (!outcome.ok) {
    result.state = 'needs-attention';
    return;
  }
  if (readOnly) {
    log('endpoint-test', 'ok', `Reading works; writing is not tested because the user has ReadOnlyAccess, as chosen.`);
    result.state = 'done';
    return;
  }
  if (outcome.writable) {
    result.state = 'done';
    return;
  }
  result.state = 'needs-attention';
  result.permissionFix = await proposeFix(api, record, signal);
  if (result.permissionFix) {
    const fix = result.permissionFix;
    log(
      'endpoint-test',
      'warning',
      `The fix: change volume ${fix.volume}'s UNIX permissions from ${fix.from} to ${fix.to}, so the S3 user may write.`,
      {
        hint: `Review it, then apply it from the wizard (it runs: ${fix.cli}). ${FIX_REASON}`,
        troubleshoot: 'access-denied',
      },
    );
  } else {
    log('endpoint-test', 'warning', 'Writes are refused although the volume’s UNIX permissions allow everyone to write.', {
      hint: 'Check the bucket policy, the group’s policies and the S3 user’s UNIX name mapping on the SVM.',
      troubleshoot: 'access-denied',
    });
  }
}

const FIX_REASON =
  '777 lets every user of the volume write to it, which is what the S3 user (mapped to the default UNIX user) needs; 775 would not be enough.';

async function proposeFix(api: OntapApi, record: SetupRecord, signal: AbortSignal): Promise<S3SetupResult['permissionFix']> {
  const name = record.volume?.name;
  if (!name) return null;
  const volume = (await api.volumes(record.input.svm, { signal })).find((v) => v.name === name);
  if (!volume) return null;
  record.volume = { name: volume.name, uuid: volume.uuid };
  // Only when the permissions explain the refusal: "other" lacks the write bit.
  if (othersMayWrite(volume.unixPermissions) !== false) return null;
  const from = octalMode(volume.unixPermissions)!;
  return {
    volume: volume.name,
    from,
    to: FIX_MODE,
    ...volumeSetPermissions(record.input.svm, volume.name, volume.uuid, FIX_MODE),
  };
}
