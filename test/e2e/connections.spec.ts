import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { httpsJson } from '../support/https-json';
import { expect, test } from './fixtures';
import { readLab } from './lab-info';
import { shoot } from './screens';

test.setTimeout(120_000);

/** A port nobody listens on: bound, read, closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits for the lab, then returns its ports, password and certificate. */
async function labReady(page: Page, url: string, home: string) {
  await page.goto(url);
  await expect(page.getByTestId('lab-card')).toHaveAttribute('data-lab-state', 'running', { timeout: 120_000 });
  return readLab(home);
}

/** Fills the Add form and saves it; returns the new connection's card. */
async function addConnection(
  page: Page,
  c: { name: string; host: string; restPort: number; sshPort: number; username: string; password: string },
): Promise<Locator> {
  await page.getByTestId('add-connection').click();
  const form = page.getByTestId('conn-form');
  await form.getByTestId('conn-name').fill(c.name);
  await form.getByTestId('conn-host').fill(c.host);
  await form.getByTestId('conn-rest-port').fill(String(c.restPort));
  await form.getByTestId('conn-ssh-port').fill(String(c.sshPort));
  await form.getByTestId('conn-username').fill(c.username);
  await form.getByTestId('conn-password').fill(c.password);
  await form.getByTestId('conn-save').click();
  await expect(form).toHaveCount(0);
  const card = page.locator(`[data-testid="connection"][data-connection-name="${c.name}"]`);
  await expect(card).toBeVisible();
  return card;
}

/** Trusts whatever the test asks to trust (certificate, then host key), re-testing after each. */
async function trustAll(card: Locator) {
  for (const kind of ['certificate', 'host-key']) {
    const box = card.getByTestId(`trust-${kind}`);
    await expect(card.getByTestId('test-panel')).not.toHaveAttribute('data-outcome', 'running');
    if (await box.count()) {
      await box.getByTestId(`trust-${kind}-button`).click();
      await expect(box).toHaveCount(0);
      await expect(card.getByTestId('test-panel')).not.toHaveAttribute('data-outcome', 'running');
    }
  }
}

const hex = (fingerprint: string) => fingerprint.replace(/[^0-9a-f]/gi, '').toLowerCase();

test('an untrusted certificate shows its fingerprint and subject, and works once trusted from the UI', async ({
  page,
  workbench,
}) => {
  const lab = await labReady(page, workbench.url, workbench.home);
  const card = await addConnection(page, {
    name: 'Lab without a pin',
    host: '127.0.0.1',
    restPort: lab.restPort,
    sshPort: lab.sshPort,
    username: 'fsxadmin',
    password: lab.adminPassword,
  });
  await card.getByTestId('conn-test').click();
  const tls = card.getByTestId('test-step-tls');
  await expect(tls).toHaveAttribute('data-status', /failed|warning/);
  const fingerprint = (await tls.getByTestId('trust-fingerprint').textContent()) ?? '';
  expect(hex(fingerprint)).toBe(hex(lab.certSha256)); // the very certificate the lab serves
  await expect(tls.getByTestId('trust-certificate-button')).toHaveText('Trust this certificate');
  await expect(card.getByTestId('test-panel')).toHaveAttribute('data-outcome', 'failed');
  await shoot(page, 'storage-untrusted-certificate');

  await trustAll(card);
  await expect(card.getByTestId('test-panel')).toHaveAttribute('data-outcome', 'ok');
  await expect(card.getByTestId('test-step-tls')).toHaveAttribute('data-status', 'ok');
  await expect(card.getByTestId('conn-pinned')).toBeVisible();
});

test('a wrong password says so, with the fix', async ({ page, workbench }) => {
  const lab = await labReady(page, workbench.url, workbench.home);
  const card = await addConnection(page, {
    name: 'Wrong password',
    host: '127.0.0.1',
    restPort: lab.restPort,
    sshPort: lab.sshPort,
    username: 'fsxadmin',
    password: 'not-the-password',
  });
  await card.getByTestId('conn-test').click();
  await trustAll(card);
  const login = card.getByTestId('test-step-login');
  await expect(login).toHaveAttribute('data-status', 'failed');
  await expect(login).toContainText(/password/i);
  await expect(login.getByTestId('test-hint')).toBeVisible();
  await expect(card.getByTestId('test-panel')).toHaveAttribute('data-outcome', 'failed');
  await expect(page.locator('body')).not.toContainText(lab.adminPassword);
  await shoot(page, 'storage-wrong-password');

  // Edit: the password box is empty (never pre-filled); typing the right one fixes the connection.
  await card.getByTestId('conn-edit').click();
  const form = page.getByTestId('conn-form');
  await expect(form.getByTestId('conn-password')).toHaveValue('');
  await expect(form.getByTestId('conn-password')).toHaveAttribute('type', 'password');
  await form.getByTestId('conn-password').fill(lab.adminPassword);
  await form.getByTestId('conn-save').click();
  await card.getByTestId('conn-test').click();
  await expect(card.getByTestId('test-step-login')).toHaveAttribute('data-status', 'ok');
});

test('a closed port says the cluster does not answer, with the network fix', async ({ page, workbench }) => {
  await labReady(page, workbench.url, workbench.home);
  const port = await closedPort();
  const card = await addConnection(page, {
    name: 'Closed port',
    host: '127.0.0.1',
    restPort: port,
    sshPort: port,
    username: 'fsxadmin',
    password: 'x',
  });
  await card.getByTestId('conn-test').click();
  const tcp = card.getByTestId('test-step-tcp-rest');
  await expect(tcp).toHaveAttribute('data-status', 'failed');
  await expect(tcp).toContainText(String(port));
  await expect(tcp.getByTestId('test-hint')).toContainText(/network|VPC|security group|firewall|port/i);
  await expect(card.getByTestId('test-panel')).toHaveAttribute('data-outcome', 'failed');
  await shoot(page, 'storage-closed-port');
});

test('the form shows each problem under its field; delete needs the name typed', async ({ page, workbench }) => {
  await labReady(page, workbench.url, workbench.home);
  await page.getByTestId('add-connection').click();
  const form = page.getByTestId('conn-form');
  await form.getByTestId('conn-host').fill('https://cluster.example.com/api');
  await form.getByTestId('conn-rest-port').fill('70000');
  await form.getByTestId('conn-save').click();
  await expect(form.getByTestId('conn-error-name')).toBeVisible();
  await expect(form.getByTestId('conn-error-host')).toContainText('without https://');
  await expect(form.getByTestId('conn-error-restPort')).toContainText('65535');
  await expect(form.getByTestId('conn-error-password')).toBeVisible();
  await shoot(page, 'storage-form-errors');
  await form.getByTestId('conn-cancel').click();

  const card = await addConnection(page, {
    name: 'To delete',
    host: '10.0.0.5',
    restPort: 443,
    sshPort: 22,
    username: 'vsadmin',
    password: 'pw',
  });
  await card.getByTestId('conn-delete').click();
  const confirm = card.getByTestId('delete-confirm');
  await expect(confirm.getByTestId('delete-confirm-button')).toBeDisabled();
  await confirm.getByTestId('delete-confirm-name').fill('To delet');
  await expect(confirm.getByTestId('delete-confirm-button')).toBeDisabled();
  await confirm.getByTestId('delete-confirm-name').fill('To delete');
  await confirm.getByTestId('delete-confirm-button').click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('connection').first()).toBeVisible();
  await expect(page.locator('[data-connection-name="To delete"]')).toHaveCount(0);
});

test('troubleshooting explains each known failure, and a link opens the right entry', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await page.getByTestId('open-troubleshooting').click();
  for (const id of ['unreachable', 'privilege', 'multipart', 'access-denied', 'custom-endpoint', 'keys-unknown']) {
    const entry = page.getByTestId(`trouble-${id}`);
    await expect(entry).toContainText('What you see');
    await expect(entry).toContainText('Why');
    await expect(entry).toContainText('What to do');
  }
  await shoot(page, 'troubleshooting');
  await page.goto(`${workbench.origin}/#/troubleshooting/access-denied`);
  await expect(page.getByTestId('trouble-access-denied')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('trouble-access-denied')).toBeInViewport();
});

test('discovery stays usable with many volumes: counted, filtered, the first hundred drawn until asked', async ({
  page,
  workbench,
}) => {
  const lab = await labReady(page, workbench.url, workbench.home);
  const ca = readFileSync(join(workbench.home, 'lab', 'tls', 'cert.pem'), 'utf8');
  const rest = `https://127.0.0.1:${lab.restPort}/api/storage/volumes?return_timeout=30`;
  for (let i = 1; i <= 150; i++) {
    const name = `train_${String(i).padStart(3, '0')}`;
    const res = await httpsJson('POST', rest, {
      auth: `fsxadmin:${lab.adminPassword}`,
      ca,
      body: { name, svm: { name: 'svm1' }, size: 100 * 1024 * 1024, nas: { path: `/${name}` } },
    });
    expect(res.status).toBeLessThan(300);
  }
  const card = page.getByTestId('connection').first();
  await card.getByTestId('conn-browse').click();
  const volumes = page.getByTestId('disc-volumes');
  await expect(volumes).toContainText('151');
  await expect(volumes.getByTestId('disc-volumes-row')).toHaveCount(100);
  await volumes.getByTestId('disc-volumes-filter').fill('train_14');
  await expect(volumes.getByTestId('disc-volumes-row')).toHaveCount(10);
  await expect(volumes).toContainText('10 of 151');
  await volumes.getByTestId('disc-volumes-filter').fill('');
  await volumes.getByTestId('disc-volumes-show-all').click();
  await expect(volumes.getByTestId('disc-volumes-row')).toHaveCount(151);
  await page.getByTestId('disc-refresh').click();
  await expect(page.getByTestId('disc-refresh')).toHaveText('Refresh');
  await shoot(page, 'discovery-many-volumes');
});
