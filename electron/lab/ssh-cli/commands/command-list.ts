import type { CliCommand } from '../command-types';
import { cloneCreate, cloneShow, cloneSplitStart } from './clone-commands';
import { clusterDateShow } from './cluster-commands';
import { networkInterfaceShow } from './network-commands';
import { bucketCreate, bucketDelete, bucketShow } from './object-store-bucket-commands';
import {
  objectStoreServerCreate,
  objectStoreServerDelete,
  objectStoreServerModify,
  objectStoreServerShow,
} from './object-store-server-commands';
import {
  groupCreate,
  groupDelete,
  groupShow,
  userCreate,
  userDelete,
  userRegenerateKeys,
  userShow,
} from './object-store-user-commands';
import { exitCommands, rowsCommand, setCommand, versionCommand } from './session-commands';
import { snapshotCreate, snapshotDelete, snapshotRename, snapshotRestore, snapshotShow } from './snapshot-commands';
import { volumeCreate, volumeModify, volumeShow } from './volume-commands';
import { volumeDelete, volumeOffline, volumeUnmount } from './volume-delete-commands';
import { vserverShow } from './vserver-commands';

/** Every command the lab's CLI knows. */
export const COMMANDS: readonly CliCommand[] = [
  setCommand,
  rowsCommand,
  versionCommand,
  ...exitCommands,
  clusterDateShow,
  vserverShow,
  volumeShow,
  volumeCreate,
  volumeModify,
  volumeUnmount,
  volumeOffline,
  volumeDelete,
  snapshotShow,
  snapshotCreate,
  snapshotDelete,
  snapshotRestore,
  snapshotRename,
  cloneShow,
  cloneCreate,
  cloneSplitStart,
  networkInterfaceShow,
  objectStoreServerShow,
  objectStoreServerCreate,
  objectStoreServerModify,
  objectStoreServerDelete,
  userShow,
  userCreate,
  userRegenerateKeys,
  userDelete,
  groupShow,
  groupCreate,
  groupDelete,
  bucketShow,
  bucketCreate,
  bucketDelete,
];

/** Root-level shortcuts ONTAP accepts for command directories under `vserver`. */
export const ALIASES: Record<string, readonly string[]> = {
  'object-store-server': ['vserver', 'object-store-server'],
};
