import { clusterRoutes } from './resources/cluster';
import { bucketRoutes } from './resources/s3-buckets';
import { groupRoutes } from './resources/s3-groups';
import { policyRoutes } from './resources/s3-policies';
import { serviceRoutes } from './resources/s3-services';
import { userRoutes } from './resources/s3-users';
import { snapshotRoutes } from './resources/snapshots';
import { volumeRoutes } from './resources/volumes';
import type { RestRoute } from './types';

/** Every endpoint of the lab's REST API (the reference page's list), one table. */
export const restRoutes: readonly RestRoute[] = [
  ...clusterRoutes,
  ...volumeRoutes,
  ...snapshotRoutes,
  ...serviceRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...policyRoutes,
  ...bucketRoutes,
];
