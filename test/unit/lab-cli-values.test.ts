import { describe, expect, it } from 'vitest';
import { formatSize, matchesQuery, modeString, parseSize, percent } from '../../electron/lab/ssh-cli/values';

describe('ONTAP CLI values', () => {
  it('shows sizes as ONTAP does', () => {
    expect(formatSize(0)).toBe('0B');
    expect(formatSize(180 * 1024)).toBe('180KB');
    expect(formatSize(10 * 1024 ** 3)).toBe('10GB');
    expect(formatSize(5.7 * 1024 ** 3)).toBe('5.70GB');
    expect(formatSize(971.9 * 1024 ** 2)).toBe('971.9MB');
  });

  it('reads sizes with or without units', () => {
    expect(parseSize('100')).toBe(100);
    expect(parseSize('20m')).toBe(20 * 1024 ** 2);
    expect(parseSize('10GB')).toBe(10 * 1024 ** 3);
    expect(parseSize('1.5t')).toBe(1.5 * 1024 ** 4);
    expect(parseSize('ten')).toBeUndefined();
  });

  it('matches ONTAP query values: wildcards, alternatives, negation, any case', () => {
    expect(matchesQuery('vol1', 'vol*')).toBe(true);
    expect(matchesQuery('vol1', 'VOL1')).toBe(true);
    expect(matchesQuery('vol1', 'vol2|vol1')).toBe(true);
    expect(matchesQuery('vol1', '!vol1')).toBe(false);
    expect(matchesQuery('vol1', '!vol2')).toBe(true);
    expect(matchesQuery('vol1.bak', 'vol1')).toBe(false);
  });

  it('writes permissions and percentages as ONTAP prints them', () => {
    expect(modeString(0o755)).toBe('---rwxr-xr-x');
    expect(percent(1, 4)).toBe('25%');
    expect(percent(5, 0)).toBe('0%');
  });
});
