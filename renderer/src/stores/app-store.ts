import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import { LAB_OFF, type LabStatus } from '../../../shared/lab';
import type { TransportStatus } from '../api/transport';

interface AppState {
  info: AppInfo | null;
  infoError: string | null;
  backend: TransportStatus;
  lab: LabStatus;
  setLab(lab: LabStatus): void;
  setInfo(info: AppInfo): void;
  setInfoError(message: string): void;
  setBackend(status: TransportStatus): void;
}

/** What the shell knows about the app and the machine. */
export const useApp = create<AppState>((set) => ({
  info: null,
  infoError: null,
  backend: 'connecting',
  lab: LAB_OFF,
  setLab: (lab) => set({ lab }),
  setInfo: (info) => set({ info, infoError: null }),
  setInfoError: (infoError) => set({ infoError }),
  setBackend: (backend) => set({ backend }),
}));
