import { join } from 'node:path';
import { expect, test } from './fixtures';

const hungPython = join(new URL('../..', import.meta.url).pathname, 'test/fixtures/bin/hung-python');
test.use({ workbenchEnv: { WORKBENCH_PYTHON: hungPython } });

test('a running job shows progress in Activity and Cancel stops it', async ({ page, workbench }) => {
  await page.goto(workbench.url + '#/settings');
  await page.getByTestId('probe-again').click();
  const job = page.getByTestId('activity').getByTestId('job').first();
  await expect(job).toHaveAttribute('data-job-state', 'running');
  await expect(job).toContainText('hung-python');
  await expect(job.getByRole('progressbar')).toBeVisible();
  await job.getByTestId('job-cancel').click();
  await expect(job).toHaveAttribute('data-job-state', 'cancelled');
  await expect(job.getByTestId('job-state')).toHaveText('Cancelled');
  await expect(job.getByTestId('job-cancel')).toHaveCount(0);
});
