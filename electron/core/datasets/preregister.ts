import type { Dataset, LabelRule } from '../../../shared/datasets';
import { FOLDER_BUCKET } from '../../../shared/datasets';
import type { Handlers } from '../contract/dispatch';

/**
 * Makes sure a local folder is a source and a dataset of the given name is registered on it, once:
 * run again (every app start) it finds both and changes nothing. Answers the dataset.
 */
export async function ensureFolderDataset(
  handlers: Pick<Handlers, 'sources.addFolder' | 'datasets.list' | 'datasets.register'>,
  options: { name: string; folder: string; sourceName: string; labelRule?: LabelRule },
): Promise<Dataset> {
  // addFolder answers the saved source when the path is already one.
  const source = await handlers['sources.addFolder']({ path: options.folder, name: options.sourceName });
  const existing = (await handlers['datasets.list']({})).datasets.find((d) => d.name === options.name);
  if (existing) return existing;
  return handlers['datasets.register']({
    name: options.name,
    sourceId: source.id,
    bucket: FOLDER_BUCKET,
    prefix: '',
    labelRule: options.labelRule ?? { kind: 'leading-word' },
  });
}
