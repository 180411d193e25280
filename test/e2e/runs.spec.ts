import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { shoot } from './screens';

// Two real (small) PyTorch runs on the CPU, a snapshot each, ONNX re-evaluation: minutes on 2 cores.
test.setTimeout(420_000);

const SAMPLE = 'Tyre quality (synthetic sample)';
/** Small enough to train in seconds on a CPU; batch 8 gives the loss chart a few steps. */
const SMALL = { limit: '48', train_size: '32', test_size: '16', epochs: '1', workers: '0', batch_size: '8' };

/** Opens the start form with the sample dataset and the recipe's parameters loaded, fills the small params. */
async function fillStartForm(page: Page, name: string, lr: string) {
  await page.goto(page.url().replace(/#.*$/, '') + '#/runs');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('page-start-run')).toBeVisible();
  await expect(page.getByTestId('run-dataset').locator('option:checked')).toHaveText(SAMPLE, { timeout: 120_000 });
  await expect(page.getByTestId('param-epochs')).toHaveValue('2', { timeout: 60_000 });
  await expect(page.getByTestId('run-env').locator('option:checked')).toContainText('(default)', { timeout: 60_000 });
  for (const [key, value] of Object.entries({ ...SMALL, lr })) await page.getByTestId(`param-${key}`).fill(value);
  await page.getByTestId('run-name').fill(name);
}

/** Records every status the run page shows, so a short "running" is not missed between two polls. */
async function watchStatuses(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
    const note = () => {
      const s = document.querySelector('[data-testid="page-run"]')?.getAttribute('data-status');
      if (s && seen.at(-1) !== s) seen.push(s);
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-status'],
      childList: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
}

const points = async (chart: Locator) => Number(await chart.getAttribute('data-points'));

test('a run from the UI on the sample: live metrics, evaluation with ONNX agreement; a second run; compare both', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(workbench.url + '#/runs');
  await expect(page.getByTestId('runs-empty')).toBeVisible({ timeout: 60_000 });
  await shoot(page, 'runs-empty');

  // Start: sample preselected, recipe parameters prefilled with their defaults and help.
  await fillStartForm(page, 'baseline lr 0.001', '0.001');
  await expect(page.getByTestId('recipe-params')).toContainText('Adam learning rate');
  await shoot(page, 'runs-start');
  await page.getByTestId('run-submit').click();

  // The run page opens at once and follows the run live: running, the loss chart fills, finished.
  const run = page.getByTestId('page-run');
  await expect(run).toBeVisible();
  const statuses = await watchStatuses(page);
  const loss = page.locator('[data-testid="metric-chart"][data-key="train/loss"]');
  await expect(loss).toBeVisible({ timeout: 180_000 });
  await expect.poll(() => points(loss), { timeout: 180_000 }).toBeGreaterThan(0);
  // The live screen, when the run is still going (a fast machine may already be done).
  if ((await run.getAttribute('data-status')) === 'running') await shoot(page, 'run-live');
  await expect(run).toHaveAttribute('data-status', 'finished', { timeout: 240_000 });
  expect(await statuses()).toContain('running');
  expect(await points(loss)).toBeGreaterThanOrEqual(4); // 32 images in batches of 8
  await expect(page.getByTestId('run-status')).toHaveText('Finished');

  // Evaluation: the confusion matrix as a picture with counts summing to the 16 held-out images, ONNX agreeing.
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toBeVisible({ timeout: 60_000 });
  const counts = await matrix
    .getByTestId('confusion-cell')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
  expect(counts).toHaveLength(4);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(16);
  await expect(page.getByTestId('onnx-agrees')).toBeVisible();
  await expect(page.getByTestId('artifact').filter({ hasText: /onnx/i }).first()).toBeVisible();
  await expect(page.getByTestId('run-version')).toContainText(/@|listing/);
  await expect(page.getByTestId('run-logs')).not.toHaveText('Loading…');
  await expect(page.getByTestId('run-delete')).toBeVisible();
  await shoot(page, 'run-detail');
  const firstId = page.url().split('#/runs/')[1] ?? '';

  // A second run with another learning rate.
  await fillStartForm(page, 'faster lr 0.01', '0.01');
  await page.getByTestId('run-submit').click();
  await expect(page.getByTestId('page-run')).toHaveAttribute('data-status', 'finished', { timeout: 240_000 });
  const secondId = page.url().split('#/runs/')[1] ?? '';
  expect(secondId).not.toBe(firstId);

  // The table: both runs, their lr as a column; the keyboard ticks them (Space) for Compare.
  await page.getByTestId('nav-runs').click();
  const table = page.getByTestId('runs-table');
  await expect(table.getByTestId('run-row')).toHaveCount(2);
  await expect(table).toContainText('0.01');
  await page.getByTestId('filter-param:lr').fill('> 0.005');
  await expect(table.getByTestId('run-row')).toHaveCount(1);
  await expect(table.getByTestId('run-row')).toHaveAttribute('data-run-id', secondId);
  await page.getByTestId('filter-param:lr').fill('');
  const rows = table.getByTestId('run-row');
  await rows.first().locator('[role="gridcell"]').nth(2).click();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(table.locator('[data-testid="run-row"][aria-selected="true"]')).toHaveCount(2);
  await shoot(page, 'runs-table');
  await page.getByTestId('columns-open').click();
  await page.getByTestId('column-metric:test/accuracy:max').check();
  await expect(table.getByTestId('sort-metric:test/accuracy:max')).toBeVisible();
  await shoot(page, 'runs-columns');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('columns-menu')).toHaveCount(0);
  await page.getByTestId('compare-open').click();

  // Compare: one chart per metric with both runs overlaid; only lr differs.
  await expect(page.getByTestId('page-compare')).toBeVisible();
  expect(page.url()).toContain(`#/runs/compare/`);
  const overlaid = page.locator('[data-testid="metric-chart"][data-key="train/loss"]');
  await expect(overlaid.locator('.chart-legend-item')).toHaveCount(2);
  await expect.poll(() => points(overlaid)).toBeGreaterThanOrEqual(8);
  const params = page.getByTestId('compare-params');
  await expect(params.getByTestId('side-row')).toHaveCount(1);
  await expect(params.getByTestId('side-row')).toHaveAttribute('data-key', 'lr');
  await expect(params.getByTestId('side-row')).toContainText('0.01');
  await expect(page.getByTestId('compare-versions')).toContainText(SAMPLE);
  await page.getByTestId('smoothing').fill('0.6');
  await page.getByTestId('axis-time').click();
  await shoot(page, 'runs-compare');
  await page.getByTestId('only-differences').uncheck();
  await expect(params.locator('[data-key="epochs"]')).toBeVisible();

  // Back in the table, Enter opens the focused run; Delete asks first (Escape keeps it), then removes it.
  await page.getByTestId('nav-runs').click();
  await table.getByTestId('run-row').first().locator('[role="gridcell"]').nth(2).click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('page-run')).toHaveAttribute('data-status', 'finished');
  const deleted = page.url().split('#/runs/')[1] ?? '';
  await page.getByTestId('run-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await page.getByTestId('run-delete').click();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('page-runs')).toBeVisible();
  await expect(table.getByTestId('run-row')).toHaveCount(1);
  await expect(table.locator(`[data-run-id="${deleted}"]`)).toHaveCount(0);

  // Settings lists the Python environments with the default marked.
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('python-envs').getByTestId('env-default')).toBeVisible({ timeout: 60_000 });
  await shoot(page, 'settings-envs');
  expect(errors).toEqual([]);
});
