import WebSocket from 'ws';
import { expect, test } from './fixtures';

const PAGES = ['storage', 'datasets', 'versions', 'runs', 'models', 'schedules', 'settings'];

test('the app loads with the token, connects, and shows the machine probe', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await expect(page).toHaveURL(`${workbench.origin}/`); // the token left the address bar
  await expect(page.getByTestId('status-backend')).toContainText('Backend connected');
  await expect(page.getByTestId('status-machine')).toContainText(/CPU only|GPU|NVIDIA/);
  await expect(page.getByTestId('status-machine')).toContainText(/PyTorch|No PyTorch/);
  await expect(page.getByTestId('page-storage')).toBeVisible();
});

test('navigation: clicks, Alt+number and the address all reach every page', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  for (const id of PAGES) {
    await page.getByTestId(`nav-${id}`).click();
    await expect(page.getByTestId(`page-${id}`)).toBeVisible();
    await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
  }
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('page-datasets')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('page-datasets')).toBeVisible(); // the place survives a reload
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('page-versions')).toBeVisible();
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('page-runs')).toBeVisible();
});

test('without the token: 401 and no data, over HTTP and WebSocket', async ({ page, request, workbench }) => {
  const res = await request.get(`${workbench.origin}/`);
  expect(res.status()).toBe(401);
  expect(await res.text()).not.toContain('id="root"');
  const response = await page.goto(`${workbench.origin}/?token=guess`);
  expect(response?.status()).toBe(401);
  await expect(page.getByTestId('status-bar')).toHaveCount(0);
  const status = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${workbench.origin.replace('http', 'ws')}/ws`);
    ws.once('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
    ws.once('open', () => resolve(101));
  });
  expect(status).toBe(401);
});

test('Settings shows the data directory and Python environments; Probe again runs as a job to Done', async ({
  page,
  workbench,
}) => {
  await page.goto(workbench.url);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-data-dir')).toHaveText(workbench.home);
  await expect(page.getByTestId('python-env').first()).toBeVisible();
  await page.getByTestId('probe-again').click();
  const job = page.getByTestId('activity').getByTestId('job').first();
  await expect(job).toContainText('Probe Python, PyTorch and GPUs');
  await expect(job).toHaveAttribute('data-job-state', 'succeeded');
  await expect(job.getByTestId('job-state')).toHaveText('Done');
});
