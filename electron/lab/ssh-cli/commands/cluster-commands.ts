import { defineShow } from '../show-command';
import { formatTable, type Column } from '../table';
import { ontapDate } from '../values';

interface NodeDate {
  node: string;
  date: string;
  timezone: string;
}

const COLUMNS: Column[] = [
  { header: ['Node'], width: 17 },
  { header: ['Date'], width: 25 },
  { header: ['Time Zone'], width: 25 },
];

/**
 * `cluster date show`: each node's clock and time zone. Clients read `-fields timezone` to know in
 * which zone the CLI prints times such as a snapshot's `create-time`.
 */
export const clusterDateShow = defineShow<NodeDate>({
  path: ['cluster', 'date', 'show'],
  keys: ['node'],
  positional: ['node'],
  fields: [
    { name: 'node', label: 'Node', get: (r) => r.node },
    { name: 'date', label: 'Date and Time', get: (r) => r.date },
    { name: 'timezone', label: 'Time Zone', get: (r) => r.timezone },
  ],
  rows: ({ lab }) => [{ node: lab.config.nodeName, date: ontapDate(new Date(), lab.timeZone), timezone: lab.timeZone }],
  table: (rows) =>
    formatTable(
      COLUMNS,
      rows.map((r) => [r.node, r.date, r.timezone]),
    ),
});
