import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { shoot } from './screens';

// One real (small) PyTorch run on the CPU, then register, deploy and predict: a few minutes on 2 cores.
test.setTimeout(420_000);

const SAMPLE = 'Tyre quality (synthetic sample)';
/** Small enough to train in seconds on a CPU. */
const SMALL = { limit: '48', train_size: '32', test_size: '16', epochs: '1', workers: '0' };
const IMAGE = join(new URL('.', import.meta.url).pathname, '..', 'fixtures', 'inference', 'tyre-256.jpg');

/** Trains one small run of the tyre recipe on the sample from the Runs page and waits for it to finish. */
async function finishedRun(page: Page, url: string, name: string): Promise<string> {
  await page.goto(url + '#/runs');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-dataset').locator('option:checked')).toHaveText(SAMPLE, { timeout: 120_000 });
  await expect(page.getByTestId('param-epochs')).toHaveValue('2', { timeout: 60_000 });
  await expect(page.getByTestId('run-env').locator('option:checked')).toContainText('(default)', { timeout: 60_000 });
  for (const [key, value] of Object.entries(SMALL)) await page.getByTestId(`param-${key}`).fill(value);
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-submit').click();
  await expect(page.getByTestId('page-run')).toHaveAttribute('data-status', 'finished', { timeout: 300_000 });
  return decodeURIComponent(page.url().split('#/runs/')[1] ?? '');
}

test('register a finished run, deploy it on the local endpoint, predict a sample image in the UI and over HTTP', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const runId = await finishedRun(page, workbench.url, 'for the registry');

  // No model yet: the page says what a model is and where it comes from.
  await page.goto(workbench.url + '#/models');
  await expect(page.getByTestId('models-empty')).toBeVisible();
  await page.getByTestId('register-open').click();
  const form = page.getByTestId('register-form');
  await expect(form.getByTestId('register-run-facts')).toContainText('Has model.onnx', { timeout: 30_000 });
  await form.getByTestId('register-name').fill('tyre-classifier');
  await shoot(page, 'models-register');
  await form.getByTestId('register-submit').click();

  // The model: v1 in production, its run linked, the dataset version and both accuracies shown.
  const card = page.getByTestId('model-card').filter({ hasText: 'tyre-classifier' });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('production-badge')).toContainText('v1');
  const v1 = card.locator('[data-testid="model-version"][data-version="1"]');
  await expect(v1.getByRole('link', { name: 'for the registry' })).toHaveAttribute('href', `#/runs/${encodeURIComponent(runId)}`);
  await expect(v1).toContainText('%');

  // Deploy on any free port: the status gives the URL and a curl line for it.
  const endpoint = page.getByTestId('endpoint-panel');
  await endpoint.getByTestId('endpoint-port').fill('0');
  await endpoint.getByTestId('endpoint-deploy').click();
  await expect(endpoint.getByTestId('endpoint-state')).toHaveText('Serving');
  const url = (await endpoint.getByTestId('endpoint-url').locator('code').textContent()) ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(endpoint.getByTestId('endpoint-curl')).toContainText(`${url}/invocations`);
  await expect(endpoint.getByTestId('endpoint-model')).toContainText('tyre-classifier v1');

  // A client posts a JPEG as the curl line does; the panel counts it and shows latency percentiles.
  const res = await fetch(`${url}/invocations`, {
    method: 'POST',
    body: readFileSync(IMAGE),
    headers: { 'Content-Type': 'image/jpeg' },
  });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { label: string; scores: Record<string, number> };
  expect(['defective', 'good']).toContain(answer.label);
  await expect(endpoint.getByTestId('endpoint-requests')).toContainText('1 (0 refused', { timeout: 15_000 });
  await expect(endpoint.getByTestId('endpoint-latency')).toContainText('p50');

  // Predict an image picked from the sample dataset: the image, its label and one bar per label.
  const predict = page.getByTestId('predict-panel');
  await predict.getByTestId('predict-from-dataset').check();
  await expect(predict.getByTestId('picker-dataset').locator('option:checked')).toHaveText(SAMPLE);
  const first = predict.getByTestId('picker-image').first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  await first.click();
  await predict.getByTestId('predict-run').click();
  await expect(predict.getByTestId('predict-image')).toBeVisible({ timeout: 30_000 });
  await expect(predict.getByTestId('predict-label')).toHaveText(/^(defective|good)$/);
  await expect(predict.getByTestId('score-bars').locator('li')).toHaveCount(2);
  await shoot(page, 'models-deployed');

  // A second version (the same run registered again), promoted: the endpoint follows production to v2; roll back to v1.
  await page.getByTestId('register-open').click();
  await expect(form.getByTestId('register-run-facts')).toContainText('Has model.onnx', { timeout: 30_000 });
  await form.getByTestId('register-name').fill('tyre-classifier');
  await form.getByTestId('register-note').fill('same run, second copy');
  await form.getByTestId('register-submit').click();
  const v2 = card.locator('[data-testid="model-version"][data-version="2"]');
  await expect(v2).toContainText('same run, second copy');
  await v2.getByTestId('promote').click();
  await expect(card.getByTestId('production-badge')).toContainText('v2');
  await expect(endpoint.getByTestId('endpoint-model')).toContainText('tyre-classifier v2', { timeout: 15_000 });
  await expect(card.getByTestId('rollback')).toContainText('Roll back to v1');
  await card.getByTestId('rollback').click();
  await expect(card.getByTestId('production-badge')).toContainText('v1');
  await expect(endpoint.getByTestId('endpoint-model')).toContainText('tyre-classifier v1', { timeout: 15_000 });
  await expect(card.getByTestId('rollback')).toHaveCount(0);

  // Batch: the images whose names start with defective_000, into a CSV, counted per label.
  const batch = page.getByTestId('batch-panel');
  await batch.getByTestId('batch-prefix').fill('defective_000');
  await batch.getByTestId('batch-start').click();
  const job = batch.getByTestId('batch-job').first();
  await expect(job).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  await expect(job.getByTestId('batch-result')).toContainText('9 images classified');
  await expect(job.getByTestId('batch-csv')).toContainText(/predictions\/.+\.csv/);
  await shoot(page, 'models-versions-batch');

  await endpoint.getByTestId('endpoint-stop').click();
  await expect(endpoint.getByTestId('endpoint-state')).toHaveText('Stopped');
  await expect(fetch(`${url}/ping`)).rejects.toThrow();
  expect(errors).toEqual([]);
});
