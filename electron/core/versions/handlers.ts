import type { versionMethods } from '../../../shared/versions';
import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';

type VersionMethods = Pick<Handlers, keyof typeof versionMethods>;

/** Snapshots, restore, clones, compare and lineage of dataset versions. */
export function versionHandlers(_ctx: ServiceContext): VersionMethods {
  return {};
}
