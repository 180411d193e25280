/** The pages of the app, in the order of the user's journey. */
export const PAGES = [
  {
    id: 'storage',
    label: 'Storage',
    summary:
      'Connect to an ONTAP cluster or SVM — Amazon FSx for NetApp ONTAP or on-premises — over its REST API and SSH, see its SVMs, volumes and data interfaces, and turn a volume into an S3 bucket with a guided wizard.',
    next: null,
    first: null,
  },
  {
    id: 'datasets',
    label: 'Datasets',
    summary:
      'Browse buckets and local folders, preview images, infer labels from file names, count classes, and upload or download with progress, verification and resume. Cache a dataset version on local disk near the GPU.',
    next: 'Datasets come from storage: connect a cluster (or the lab) first.',
    first: 'storage',
  },
  {
    id: 'versions',
    label: 'Versions',
    summary:
      "Snapshot a dataset's volume in a second, restore it, compare two versions, and clone a snapshot into a writable workspace without copying data. Every run is pinned to a snapshot, so you can always tell which data a model saw.",
    next: 'Versions are snapshots of a dataset: register a dataset first.',
    first: 'datasets',
  },
  {
    id: 'runs',
    label: 'Runs',
    summary:
      "Train on this machine's GPU (or CPU) with the built-in tyre-quality recipe or your own PyTorch script, and track every run: parameters, metrics over time, GPU use, code version, data snapshot, artifacts and logs. Compare runs side by side.",
    next: 'A run reads a dataset version: register a dataset first. The status bar shows what this machine can train on.',
    first: 'datasets',
  },
  {
    id: 'models',
    label: 'Models',
    summary:
      'Package trained models as TorchScript and ONNX, keep their versions with the run and data they came from, serve one from a local inference endpoint, and predict on images from a bucket.',
    next: 'Models come from runs: train a run first.',
    first: 'runs',
  },
  {
    id: 'schedules',
    label: 'Schedules',
    summary:
      'Retrain on a schedule — rate(1 day) or cron(0 17 ? * MON-FRI *) — on a fresh snapshot, evaluate, and promote and redeploy only when the new model is better.',
    next: 'A schedule retrains a deployed model: deploy a model first.',
    first: 'models',
  },
  {
    id: 'settings',
    label: 'Settings',
    summary: 'This machine, the Python environments found for training, and where the app keeps its data.',
    next: null,
    first: null,
  },
] as const;

/** A page of the app. */
export type Page = (typeof PAGES)[number];
/** A page's id, as it appears in the address (#/datasets). */
export type PageId = Page['id'];

/** True when `id` names a page. */
export function isPageId(id: string): id is PageId {
  return PAGES.some((p) => p.id === id);
}

/** The page with this id. */
export function pageById(id: PageId): Page {
  return PAGES.find((p) => p.id === id) as Page;
}

/** Pages reached from another page rather than the navigation; each belongs to a section of the nav. */
export const SUB_PAGES = [
  { id: 'connection', label: 'Connection', section: 'storage' },
  { id: 's3-setup', label: 'S3 setup', section: 'storage' },
  { id: 'troubleshooting', label: 'Troubleshooting', section: 'storage' },
] as const;

/** Any place the address can name: a page of the nav or a sub-page (#/s3-setup/<connection id>). */
export type RouteId = PageId | (typeof SUB_PAGES)[number]['id'];

/** True when `id` names a page or a sub-page. */
export function isRouteId(id: string): id is RouteId {
  return isPageId(id) || SUB_PAGES.some((p) => p.id === id);
}

/** The nav entry a route is shown under (a sub-page highlights its section). */
export function sectionOf(id: RouteId): PageId {
  return SUB_PAGES.find((p) => p.id === id)?.section ?? (id as PageId);
}
