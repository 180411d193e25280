import { execFileSync } from 'node:child_process';
import { generateHostKey } from '../../electron/lab/model/bootstrap';
import { createHash, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { hostKeyFingerprint, normalizeHostKeyFingerprint, sshFingerprint } from '../../electron/core/ontap/ssh-session';
import { certificateIdentity, formatFingerprint, normalizeFingerprint } from '../../electron/core/ontap/tls-trust';
import { tempDir } from '../support/temp-dir';

describe('certificate fingerprints', () => {
  it('are SHA-256 of the DER certificate as upper-case hex pairs joined by colons', async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'cluster1' }], { keyType: 'ec', algorithm: 'sha256' });
    const der = new X509Certificate(pems.cert).raw;
    const expected = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':');
    expect(certificateIdentity(pems.cert)).toEqual({ sha256: expected, subject: 'CN=cluster1' });
    expect(formatFingerprint(Buffer.from([0, 10, 255]))).toBe('00:0A:FF');
  });

  it('are read back from the forms people paste: lower case, no colons, spaces, a sha256 prefix', () => {
    const canonical = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
    const bare = canonical.replace(/:/g, '');
    for (const typed of [
      canonical,
      canonical.toLowerCase(),
      bare,
      `SHA256 Fingerprint=${canonical}`,
      bare.match(/..../g)?.join(' ') ?? '',
    ])
      expect(normalizeFingerprint(typed)).toBe(canonical);
    expect(normalizeFingerprint('AB:CD')).toBeNull();
    expect(normalizeFingerprint(`${bare}00`)).toBeNull();
  });
});

describe('SSH host key fingerprints', () => {
  it('every host key the lab makes can be read back (ssh2’s generator alone writes a malformed one about once in 250)', () => {
    const failures = Array.from({ length: 1500 }, generateHostKey).filter((k) => ssh2.utils.parseKey(k) instanceof Error);
    expect(failures).toEqual([]);
  });

  it('match what OpenSSH’s ssh-keygen -l prints for the same key', () => {
    const privateKey = generateHostKey();
    const key = ssh2.utils.parseKey(privateKey);
    if (key instanceof Error) throw key;
    const pair = { private: privateKey, public: `${key.type} ${key.getPublicSSH().toString('base64')}` };
    const dir = tempDir('hostkey-');
    try {
      writeFileSync(join(dir.path, 'key.pub'), `${pair.public}\n`);
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir.path, 'key.pub')]).toString();
      const fromPrivate = hostKeyFingerprint(pair.private);
      expect(printed).toContain(fromPrivate);
      expect(hostKeyFingerprint(pair.public)).toBe(fromPrivate);
      expect(fromPrivate).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    } finally {
      dir.remove();
    }
  });

  it('are read back with or without the SHA256: prefix and padding', () => {
    const fp = sshFingerprint(Buffer.from('a host key blob'));
    const b64 = fp.slice('SHA256:'.length);
    expect(normalizeHostKeyFingerprint(fp)).toBe(fp);
    expect(normalizeHostKeyFingerprint(b64)).toBe(fp);
    expect(normalizeHostKeyFingerprint(`${b64}=`)).toBe(fp);
    expect(normalizeHostKeyFingerprint('SHA256:short')).toBeNull();
  });
});
