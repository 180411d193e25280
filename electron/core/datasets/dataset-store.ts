import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { datasetSchema, type Dataset, type DatasetSummary, type LabelRule } from '../../../shared/datasets';
import { JsonFile } from '../browse/json-file';
import { WorkbenchError } from '../errors';

/** The file registered datasets live in, in the data directory. */
export const DATASETS_FILE = 'datasets.json';

const fileSchema = z.object({ version: z.literal(1), datasets: z.array(datasetSchema) });

/** The registered datasets and their last summaries, in `datasets.json`. */
export class DatasetStore {
  private readonly file: JsonFile<z.infer<typeof fileSchema>>;

  constructor(dataDir: string) {
    this.file = new JsonFile(
      join(dataDir, DATASETS_FILE),
      fileSchema,
      () => ({ version: 1, datasets: [] }),
      'Move it aside and register the datasets again.',
    );
  }

  /** Every dataset, oldest first. */
  async list(): Promise<Dataset[]> {
    return (await this.file.read()).datasets;
  }

  /** One dataset, or NOT_FOUND with what to do. */
  async get(id: string): Promise<Dataset> {
    const found = (await this.list()).find((d) => d.id === id);
    if (!found) {
      throw new WorkbenchError('NOT_FOUND', `There is no dataset ${id}.`, {
        hint: 'It may have been deleted; refresh the list.',
      });
    }
    return found;
  }

  /** Adds a dataset; a name already used is refused, since the name is how users tell datasets apart. */
  async add(input: { name: string; sourceId: string; bucket: string; prefix: string; labelRule: LabelRule }): Promise<Dataset> {
    return this.file.update((doc) => {
      if (doc.datasets.some((d) => d.name === input.name)) {
        throw new WorkbenchError('INVALID_INPUT', `A dataset named "${input.name}" is already registered.`, {
          hint: 'Choose another name, or delete the existing dataset first.',
        });
      }
      const dataset: Dataset = { id: randomUUID(), ...input, createdAt: new Date().toISOString(), summary: null };
      doc.datasets.push(dataset);
      return dataset;
    });
  }

  /** Stores a computed summary with its dataset (ignored when the dataset was deleted meanwhile). */
  async setSummary(id: string, summary: DatasetSummary): Promise<void> {
    await this.file.update((doc) => {
      const d = doc.datasets.find((x) => x.id === id);
      if (d) d.summary = summary;
    });
  }

  /** Forgets a dataset; false when there was none. */
  async delete(id: string): Promise<boolean> {
    return this.file.update((doc) => {
      const before = doc.datasets.length;
      doc.datasets = doc.datasets.filter((d) => d.id !== id);
      return doc.datasets.length !== before;
    });
  }
}
