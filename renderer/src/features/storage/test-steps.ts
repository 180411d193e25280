import type { ConnectionTestStep } from '../../../../shared/connections';

/** Each test step in the user's words. */
export const STEP_LABEL: Record<ConnectionTestStep['step'], string> = {
  dns: 'Name resolution',
  'tcp-rest': 'Network path to the REST API',
  'tcp-ssh': 'Network path to SSH',
  tls: 'Certificate (HTTPS)',
  login: 'Sign in to the REST API',
  version: 'ONTAP version',
  privileges: 'What this account may do',
  'ssh-login': 'Sign in over SSH',
  'ssh-host-key': 'SSH host key',
};

/** The troubleshooting entry that explains a step going wrong. */
export const STEP_TROUBLE: Partial<Record<ConnectionTestStep['step'], string>> = {
  dns: 'unreachable',
  'tcp-rest': 'unreachable',
  'tcp-ssh': 'unreachable',
  tls: 'certificate',
  login: 'auth',
  'ssh-login': 'auth',
  privileges: 'privilege',
};

/** Each step status as a word and a symbol, so colour is never the only signal. */
export const STATUS_LABEL: Record<ConnectionTestStep['status'], { text: string; symbol: string }> = {
  running: { text: 'Checking…', symbol: '…' },
  ok: { text: 'OK', symbol: '✓' },
  warning: { text: 'Warning', symbol: '!' },
  failed: { text: 'Failed', symbol: '✕' },
  skipped: { text: 'Skipped', symbol: '–' },
};
