import type { Discovery } from '../../../../shared/connections';
import { formatBytes } from '../../shell/bytes';
import { DataTable } from './data-table';

type Volume = Discovery['volumes'][number];
type Lif = Discovery['interfaces'][number];
type S3 = Discovery['s3'];

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** SVMs, volumes, data interfaces, S3 servers, buckets and users of a discovered cluster. */
export function DiscoveryTables({ data }: { data: Discovery }) {
  return (
    <>
      <DataTable
        title="SVMs"
        testId="disc-svms"
        rows={data.svms}
        rowKey={(s) => s.uuid}
        empty="No SVMs visible to this account."
        columns={[
          { label: 'Name', text: (s) => s.name },
          { label: 'State', text: (s) => s.state },
        ]}
      />
      <DataTable<Volume>
        title="Volumes"
        testId="disc-volumes"
        rows={data.volumes}
        rowKey={(v) => v.uuid}
        empty="No volumes."
        columns={[
          { label: 'Name', text: (v) => v.name },
          { label: 'SVM', text: (v) => v.svm },
          { label: 'Size', text: (v) => formatBytes(v.size), numeric: true },
          {
            label: 'Used',
            text: (v) => `${formatBytes(v.used)} (${v.size ? Math.round((100 * v.used) / v.size) : 0}%)`,
            numeric: true,
          },
          {
            label: 'Junction path',
            text: (v) => v.junctionPath ?? 'not mounted',
            cell: (v) => (v.junctionPath ? <code>{v.junctionPath}</code> : <span className="muted">not mounted</span>),
          },
          {
            label: 'Clone',
            text: (v) => (v.isClone ? 'FlexClone' : ''),
            cell: (v) => (v.isClone ? <span className="badge">FlexClone</span> : null),
          },
        ]}
      />
      <DataTable<Lif>
        title="Data interfaces"
        testId="disc-interfaces"
        rows={data.interfaces}
        rowKey={(l) => `${l.svm}/${l.name}`}
        empty="No data interfaces: S3 and NFS clients need one."
        columns={[
          { label: 'Name', text: (l) => l.name },
          { label: 'SVM', text: (l) => l.svm },
          { label: 'Address', text: (l) => l.address, cell: (l) => <code>{l.address}</code> },
          { label: 'Services', text: (l) => l.services.join(', ') },
          { label: 'State', text: (l) => l.state },
        ]}
      />
      <DataTable<S3['services'][number]>
        title="S3 servers"
        testId="disc-s3-servers"
        rows={data.s3.services}
        rowKey={(s) => s.svm}
        empty="No SVM has an object-store server yet: the S3 setup wizard creates one."
        columns={[
          { label: 'SVM', text: (s) => s.svm },
          { label: 'Server', text: (s) => s.name },
          { label: 'Enabled', text: (s) => yesNo(s.enabled) },
          { label: 'HTTP', text: (s) => (s.http ? `port ${s.port}` : 'off') },
          { label: 'HTTPS', text: (s) => (s.https ? `port ${s.securePort}` : 'off') },
        ]}
      />
      <DataTable<S3['buckets'][number]>
        title="Buckets"
        testId="disc-buckets"
        rows={data.s3.buckets}
        rowKey={(b) => `${b.svm}/${b.name}`}
        empty="No buckets yet."
        columns={[
          { label: 'Name', text: (b) => b.name },
          { label: 'SVM', text: (b) => b.svm },
          { label: 'Type', text: (b) => (b.type === 'nas' ? 'NAS (files of a volume)' : b.type) },
          { label: 'NAS path', text: (b) => b.nasPath ?? '', cell: (b) => (b.nasPath ? <code>{b.nasPath}</code> : null) },
        ]}
      />
      <DataTable<S3['users'][number]>
        title="S3 users"
        testId="disc-users"
        rows={data.s3.users}
        rowKey={(u) => `${u.svm}/${u.name}`}
        empty="No S3 users yet."
        columns={[
          { label: 'Name', text: (u) => u.name },
          { label: 'SVM', text: (u) => u.svm },
          {
            label: 'Access key',
            text: (u) => u.accessKey ?? '',
            cell: (u) => (u.accessKey ? <code>{u.accessKey}</code> : <span className="muted">—</span>),
          },
        ]}
      />
    </>
  );
}
