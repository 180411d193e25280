import { create } from 'zustand';
import type { S3SetupResult } from '../../../shared/s3setup';
import type { SizeUnit } from '../shell/bytes';

/** The wizard's five steps, in order. */
export const WIZARD_STEPS = ['Where', 'Review', 'Run', 'Result', 'Profile'] as const;

/** What the user chose so far; strings as typed, turned into the method's input only when sent. */
export interface WizardDraft {
  connectionId: string | null;
  svm: string | null;
  volumeMode: 'existing' | 'create';
  volume: string | null;
  newVolume: { name: string; size: string; unit: SizeUnit; junctionPath: string | null };
  serverName: string;
  http: boolean;
  https: boolean;
  userName: string;
  groupName: string;
  policy: 'FullAccess' | 'ReadOnlyAccess';
  /** Null until the user types one: the name then follows the chosen volume. */
  bucketName: string | null;
  regenerateKeys: boolean;
}

/** The defaults of the manual recipe, so the lab path is Next, Next, Next. */
export const DEFAULT_DRAFT: WizardDraft = {
  connectionId: null,
  svm: null,
  volumeMode: 'existing',
  volume: null,
  newVolume: { name: 'datasets', size: '100', unit: 'GiB', junctionPath: null },
  serverName: 'fsx_s3',
  http: true,
  https: false,
  userName: 's3user',
  groupName: 's3group',
  policy: 'FullAccess',
  bucketName: null,
  regenerateKeys: false,
};

interface WizardState {
  /** 0-based index into WIZARD_STEPS. */
  step: number;
  draft: WizardDraft;
  /** The setup run, once started. */
  jobId: string | null;
  /** The permission fix, once applied. */
  fixJobId: string | null;
  result: S3SetupResult | null;
  edit(patch: Partial<WizardDraft>): void;
  goTo(step: number): void;
  started(jobId: string): void;
  fixStarted(jobId: string): void;
  setResult(result: S3SetupResult): void;
  /** A fresh wizard, optionally on a given connection. */
  reset(connectionId?: string | null): void;
}

/** The S3 setup wizard's progress; kept while the user visits other pages. Never holds a secret. */
export const useS3Wizard = create<WizardState>((set) => ({
  step: 0,
  draft: DEFAULT_DRAFT,
  jobId: null,
  fixJobId: null,
  result: null,
  edit: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  goTo: (step) => set({ step }),
  started: (jobId) => set({ jobId, fixJobId: null, result: null, step: 2 }),
  fixStarted: (fixJobId) => set({ fixJobId }),
  setResult: (result) => set({ result }),
  reset: (connectionId = null) =>
    set({ step: 0, draft: { ...DEFAULT_DRAFT, connectionId }, jobId: null, fixJobId: null, result: null }),
}));
