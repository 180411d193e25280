import { create } from 'zustand';
import type { Discovery } from '../../../shared/connections';

/** What is known of one connection's cluster: the last discovery, whether one is under way, and why it failed. */
export interface DiscoveryEntry {
  data: Discovery | null;
  loading: boolean;
  error: { message: string; hint: string | null; code: string | null } | null;
  at: string | null;
}

const EMPTY: DiscoveryEntry = { data: null, loading: false, error: null, at: null };

interface DiscoveryState {
  byConnection: Record<string, DiscoveryEntry>;
  patch(connectionId: string, patch: Partial<DiscoveryEntry>): void;
}

/** Discovered clusters by connection, shared by the discovery page and the S3 wizard's pickers. */
export const useDiscovery = create<DiscoveryState>((set) => ({
  byConnection: {},
  patch: (id, patch) =>
    set((s) => ({ byConnection: { ...s.byConnection, [id]: { ...(s.byConnection[id] ?? EMPTY), ...patch } } })),
}));

/** The entry of a connection, empty when never discovered. */
export function discoveryOf(s: Pick<DiscoveryState, 'byConnection'>, connectionId: string | null): DiscoveryEntry {
  return (connectionId && s.byConnection[connectionId]) || EMPTY;
}
