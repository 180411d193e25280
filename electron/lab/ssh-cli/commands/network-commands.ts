import type { IpInterface } from '../../model/types';
import { defineShow } from '../show-command';
import { formatTable, type Column } from '../table';

const COLUMNS: Column[] = [
  { header: ['', 'Vserver'], width: 11 },
  { header: ['Logical', 'Interface'], width: 10 },
  { header: ['Status', 'Admin/Oper'], width: 10 },
  { header: ['Network', 'Address/Mask'], width: 18 },
  { header: ['Current', 'Node'], width: 13 },
  { header: ['Current', 'Port'], width: 7 },
  { header: ['Is', 'Home'], width: 4 },
];

/** The prefix length of a dotted netmask (255.0.0.0 → 8). */
export function maskLength(netmask: string): number {
  return netmask.split('.').reduce((bits, octet) => bits + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

const status = (lif: IpInterface) => lif.state;
const isHome = (lif: IpInterface) =>
  String(lif.location.node.name === lif.location.home_node.name && lif.location.port.name === lif.location.home_port.name);

/** `network interface show`: the data interfaces, each SVM's name on a line of its own as ONTAP prints it. */
export const networkInterfaceShow = defineShow<IpInterface>({
  path: ['network', 'interface', 'show'],
  keys: ['vserver', 'lif'],
  positional: ['lif'],
  // In the order of ONTAP's full view of a LIF.
  fields: [
    { name: 'vserver', label: 'Vserver Name', get: (l) => l.svm.name },
    { name: 'lif', label: 'Logical Interface Name', get: (l) => l.name },
    { name: 'service-policy', label: 'Service Policy', get: () => 'default-data-files' },
    { name: 'services', label: 'Service List', get: (l) => l.services.map((s) => s.replace(/_/g, '-')).join(', ') },
    { name: 'role', label: 'Role', get: () => 'data' },
    { name: 'home-node', label: 'Home Node', get: (l) => l.location.home_node.name },
    { name: 'home-port', label: 'Home Port', get: (l) => l.location.home_port.name },
    { name: 'curr-node', label: 'Current Node', get: (l) => l.location.node.name },
    { name: 'curr-port', label: 'Current Port', get: (l) => l.location.port.name },
    { name: 'status-oper', label: 'Operational Status', get: status },
    { name: 'status-extended', label: 'Extended Status', get: () => '-' },
    { name: 'is-home', label: 'Is Home', get: isHome },
    { name: 'address', label: 'Network Address', get: (l) => l.ip.address },
    { name: 'netmask', label: 'Netmask', get: (l) => l.ip.netmask },
    { name: 'netmask-length', label: 'Bits in the Netmask', get: (l) => String(maskLength(l.ip.netmask)) },
    { name: 'status-admin', label: 'Administrative Status', get: status },
    { name: 'comment', label: 'Comment', get: () => '-' },
  ],
  rows: ({ lab }) => lab.interfaces(),
  table: (lifs) =>
    formatTable(
      COLUMNS,
      lifs.map((l) => [
        l.svm.name,
        l.name,
        // ONTAP centres "up/up" in its column: admin right-aligned before the slash, oper after.
        `${l.state.padStart(4)}/${l.state}`,
        `${l.ip.address}/${maskLength(l.ip.netmask)}`,
        l.location.node.name,
        l.location.port.name,
        isHome(l),
      ]),
      { group: 1, groupOwnLine: true },
    ),
});
