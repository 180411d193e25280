import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the lab wrote in WORKBENCH_HOME: its admin password, ports and certificate fingerprint. */
export interface LabInfo {
  adminPassword: string;
  restPort: number;
  sshPort: number;
  /** SHA-256 of the lab's certificate, as colon-separated hex. */
  certSha256: string;
  certSubject: string;
}

/** Reads the lab's lab.json and certificate (call once the lab runs). */
export function readLab(home: string): LabInfo {
  const config = JSON.parse(readFileSync(join(home, 'lab', 'lab.json'), 'utf8')) as {
    adminPassword: string;
    ports: { rest: number; ssh: number };
  };
  const cert = new X509Certificate(readFileSync(join(home, 'lab', 'tls', 'cert.pem')));
  return {
    adminPassword: config.adminPassword,
    restPort: config.ports.rest,
    sshPort: config.ports.ssh,
    certSha256: cert.fingerprint256,
    certSubject: cert.subject,
  };
}
