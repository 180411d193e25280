import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpsJson } from '../support/https-json';
import { expect, test } from './fixtures';

test('the local lab starts with the app and shows on Storage as a ready connection that answers', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  const card = page.getByTestId('lab-card');
  await expect(card).toHaveAttribute('data-lab-state', 'running', { timeout: 120_000 });
  await expect(page.getByTestId('status-storage')).toHaveText('Storage: Local lab');
  const labConnection = page.getByTestId('connection').first(); // the lab's connection leads the list, marked built-in
  await expect(labConnection).toHaveAttribute('data-connection-name', 'Local lab');
  await expect(labConnection.getByTestId('builtin-badge')).toBeVisible();
  await expect(card).toContainText('synthetic');
  const endpoints = page.getByTestId('lab-endpoints');
  const rest = (await endpoints.locator('code').first().textContent())?.replace(/\/api$/, '') ?? '';
  expect(rest).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  await expect(endpoints).toContainText(/ssh fsxadmin@127\.0\.0\.1 -p \d+/);
  await expect(page.locator('body')).not.toContainText(readLabConfig(workbench.home).adminPassword); // the secret stays out of the page
  const config = readLabConfig(workbench.home);
  const cert = readFileSync(join(workbench.home, 'lab', 'tls', 'cert.pem'), 'utf8');
  const volumes = await httpsJson('GET', `${rest}/api/storage/volumes?fields=name,nas.path`, {
    auth: `fsxadmin:${config.adminPassword}`,
    ca: cert,
  });
  expect(volumes.status).toBe(200);
  expect(volumes.body.records).toEqual([expect.objectContaining({ name: 'vol1', nas: { path: '/vol1' } })]);
  await page.screenshot({ path: 'test-results/screens/storage-lab.png' });
});

function readLabConfig(home: string): { adminPassword: string } {
  return JSON.parse(readFileSync(join(home, 'lab', 'lab.json'), 'utf8')) as { adminPassword: string };
}
