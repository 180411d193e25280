import type { RunSummary } from '../../shared/training';
import { WsTestClient } from '../support/ws-client';
import { expect, test, type Workbench } from './fixtures';
import { shoot } from './screens';

// One small real training run to retrain like, then one pipeline run (snapshot, train, evaluate, promote): minutes on 2 cores.
test.setTimeout(420_000);
// A user in Berlin: times show in UTC (how schedules run) and in the user's own time beside them.
test.use({ timezoneId: 'Europe/Berlin' });

const SAMPLE = 'Tyre quality (synthetic sample)';
const SMALL = { limit: 48, train_size: 32, test_size: 16, epochs: 1, workers: 0 };

/** A contract client over the app's own WebSocket, to arrange what this test is not about (a finished run). */
async function connect(workbench: Workbench): Promise<WsTestClient> {
  const url = new URL(workbench.url);
  const token = url.searchParams.get('token') ?? '';
  return WsTestClient.connect(`ws://${url.host}/ws?token=${token}`, { origin: workbench.origin });
}

async function call<T>(client: WsTestClient, method: string, input: unknown): Promise<T> {
  const answer = await client.invoke(method, input);
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message} ${answer.error.hint ?? ''}`);
  return answer.result as T;
}

/** Trains the sample once with the smallest parameters and answers the finished run's name. */
async function trainTemplateRun(client: WsTestClient): Promise<string> {
  const sampleId = async () => {
    const { datasets } = await call<{ datasets: { id: string; name: string }[] }>(client, 'datasets.list', {});
    return datasets.find((d) => d.name === SAMPLE)?.id ?? null;
  };
  await expect.poll(sampleId, { timeout: 120_000 }).not.toBeNull();
  const { runId } = await call<{ runId: string }>(client, 'runs.start', {
    name: 'template run',
    datasetId: await sampleId(),
    code: { kind: 'recipe', recipe: 'tyre-quality' },
    params: SMALL,
    device: 'cpu',
  });
  const ended = await client.waitForEvent((e) => {
    const run = (e.payload as { run?: RunSummary }).run;
    return e.name === 'runs.changed' && run?.id === runId && ['finished', 'failed', 'crashed', 'cancelled'].includes(run.status);
  });
  const run = (ended.payload as { run: RunSummary }).run;
  expect(run.status, run.error ?? '').toBe('finished');
  return run.name;
}

test('a cron schedule: live validation with the next runs, created, run from the UI with each step in its history', async ({
  page,
  workbench,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const client = await connect(workbench);
  const templateName = await trainTemplateRun(client);

  await page.goto(workbench.url + '#/schedules');
  await expect(page.getByTestId('schedules-empty')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('schedule-new').click();

  // A wrong expression says which field and how to fix it; the form cannot be sent.
  const expression = page.getByTestId('schedule-expression');
  await expression.fill('cron(0 17 * * MON *)');
  await expect(page.getByTestId('expression-error')).toContainText('must be "?" (exactly one of them)');
  await expect(page.getByTestId('schedule-create')).toBeDisabled();
  await expression.fill('cron(0 17 ? * MON-FRI)');
  await expect(page.getByTestId('expression-error')).toContainText('needs 6 fields');

  // An example fills the field; the next five runs appear, all weekdays at 17:00 UTC.
  await page.getByTestId('example-cron(0 17 ? * MON-FRI *)').click();
  await expect(expression).toHaveValue('cron(0 17 ? * MON-FRI *)');
  const next = page.getByTestId('expression-next-runs').locator('li');
  await expect(next).toHaveCount(5);
  for (const text of await next.allTextContents()) {
    expect(text).toMatch(/^(Mon|Tue|Wed|Thu|Fri), .* 17:00 UTC · .*(18:00|06:00 PM) your time \(Europe\/Berlin\)$/);
  }
  await page.getByTestId('schedule-name').fill('Weekday retrain');
  await expect(page.getByTestId('schedule-template-run').locator('option:checked')).toContainText(templateName);
  await page.getByTestId('schedule-model').fill('tyre-classifier');
  await shoot(page, 'schedules-form');
  await page.getByTestId('schedule-create').click();

  // The schedule is listed with its expression and next runs, enabled.
  const card = page.getByTestId('schedule-card').filter({ hasText: 'Weekday retrain' });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('schedule-next-runs').locator('li')).toHaveCount(5);
  await expect(card.getByTestId('schedule-toggle')).toBeChecked();
  await expect(card).toContainText('Never run.');

  // Run now: the history shows the pipeline's steps; with no production model yet, the new one is promoted.
  await card.getByTestId('schedule-run-now').click();
  const row = card.getByTestId('history-row').first();
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-outcome', 'promoted', { timeout: 300_000 });
  await expect(row.getByTestId('history-reason')).toContainText('No production model yet');
  await expect(row).toContainText('wb-');
  await expect(card.getByTestId('schedule-last')).toContainText('Promoted');
  await shoot(page, 'schedules-history');

  // Disabling clears the next runs.
  // The box follows the stored schedule (it changes once the backend has saved it), so it is clicked, not unchecked.
  await card.getByTestId('schedule-toggle').click();
  await expect(card.getByTestId('schedule-toggle')).not.toBeChecked();
  await expect(card).toContainText('Disabled.');
  expect(errors).toEqual([]);
  client.close();
});
