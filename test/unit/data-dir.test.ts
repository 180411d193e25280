import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../electron/core/data-dir';

describe('resolveDataDir', () => {
  it('WORKBENCH_HOME wins', () => {
    expect(resolveDataDir({ WORKBENCH_HOME: '/tmp/wb', XDG_DATA_HOME: '/x' })).toBe('/tmp/wb');
  });
  it('follows XDG_DATA_HOME', () => {
    expect(resolveDataDir({ XDG_DATA_HOME: '/data/me' })).toBe('/data/me/ontap-mlops-workbench');
  });
  it('defaults to ~/.local/share', () => {
    expect(resolveDataDir({})).toBe(join(homedir(), '.local', 'share', 'ontap-mlops-workbench'));
  });
  it('ignores a relative XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(resolveDataDir({ XDG_DATA_HOME: 'relative/dir' })).toBe(join(homedir(), '.local', 'share', 'ontap-mlops-workbench'));
  });
});
