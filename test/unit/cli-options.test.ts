import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { isLoopback, parseHost, parsePort } from '../../electron/cli/options';

describe('workbench serve options', () => {
  it('accepts ports 0…65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort('65535')).toBe(65535);
  });
  it.each(['', 'abc', '-1', '65536', '80.5', '1e3'])('refuses port %j with the allowed range', (value) => {
    expect(() => parsePort(value)).toThrow(InvalidArgumentError);
    expect(() => parsePort(value)).toThrow(/0 to 65535/);
  });
  it('refuses a host with spaces or shell characters', () => {
    expect(() => parseHost('127.0.0.1; rm -rf /')).toThrow(/IP address or host name/);
  });
  it('unwraps a bracketed IPv6 address', () => {
    expect(parseHost('[::1]')).toBe('::1');
  });
  it('tells loopback from exposed addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.5')).toBe(false);
  });
});
