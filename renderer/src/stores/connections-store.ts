import { create } from 'zustand';
import type { Connection } from '../../../shared/connections';

interface ConnectionsState {
  list: Connection[];
  /** False until the first listing arrived, so pages can tell "none" from "not loaded yet". */
  loaded: boolean;
  error: string | null;
  /** The connection the user last worked with (tested, browsed, set up); the status bar names it. */
  currentId: string | null;
  load(list: Connection[]): void;
  setError(message: string): void;
  /** One connection added or changed (the answer of add, update or trust). */
  put(connection: Connection): void;
  remove(id: string): void;
  use(id: string): void;
}

/** The saved ONTAP connections, the lab first. */
export const useConnections = create<ConnectionsState>((set) => ({
  list: [],
  loaded: false,
  error: null,
  currentId: null,
  load: (list) => set({ list, loaded: true, error: null }),
  setError: (error) => set({ error }),
  put: (connection) =>
    set((s) => {
      const at = s.list.findIndex((c) => c.id === connection.id);
      if (at < 0) return { list: [...s.list, connection] };
      const list = [...s.list];
      list[at] = connection;
      return { list };
    }),
  remove: (id) => set((s) => ({ list: s.list.filter((c) => c.id !== id), currentId: s.currentId === id ? null : s.currentId })),
  use: (currentId) => set({ currentId }),
}));

/** The connection the status bar names: the one last used, else the lab, else the first. */
export function currentConnection(s: Pick<ConnectionsState, 'list' | 'currentId'>): Connection | null {
  return s.list.find((c) => c.id === s.currentId) ?? s.list.find((c) => c.isLab) ?? s.list[0] ?? null;
}
