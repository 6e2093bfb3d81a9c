// Prisma Cloud Compute (Twistlock) audits from the Console and Defender syslog: who was denied
// what by which rule, what the runtime sensors saw, what the application firewall blocked, and
// what administrators changed. Syslog lines carry `key="value"` pairs after the program name
// (`Twistlock-Defender[pid]: time="..." type="access_audit" user="..." rule="..." ...`); each
// panel keeps to one audit type with a keyword on its `type` value and parses the pairs it needs.

import { bar, dashboard, from, table, text, timeSeries, variable } from 'polydash';
import { twistlock } from './sources/twistlock.js';

const host = variable({ name: 'host', label: 'Host', values: from(twistlock), field: 'host', includeAll: true });

/** Every panel is filtered by the host variable (the Defender's node, or the Console's host). */
const logs = from(twistlock).where('host', '=', host);

/** One `key="value"` pair of a Prisma Cloud syslog line (the whole key), captured as `name`. */
const pair = (key: string, name: string, value = '[^"]*') => `\\b${key}="(?<${name}>${value})"`;

const accessDenials = logs.search('access_audit', 'denied').parseRegex(pair('user', 'user')).parseRegex(pair('rule', 'rule'));
const runtimeAudits = logs.search('violation').parseRegex(pair('log_type', 'audit_kind', '[a-z]+'));
const appFirewall = logs
  .search('container_app_firewall_audit')
  .parseRegex(pair('app', 'app'))
  .parseRegex(pair('attack_type', 'attack_type', '[A-Za-z]+'));
const networkFirewall = logs.search('container_network_firewall_audit').parseRegex(pair('rule', 'fw_rule'));
const adminActivity = logs
  .search('management_audit')
  .parseRegex(pair('username', 'admin'))
  .parseRegex(pair('api', 'api'))
  .parseRegex(pair('source_ip', 'source_ip'));

export default dashboard({
  uid: 'prisma-cloud-audits',
  // Audit data: auditors and security operations read it, security administrators maintain it.
  access: { view: ['auditors', 'secops'], edit: ['secops-admins'] },
  title: 'Prisma Cloud Compute - Audits',
  description: 'Access, runtime, firewall and admin audits from Prisma Cloud Compute (Twistlock) Console and Defender syslog.',
  tags: ['security', 'twistlock', 'prisma-cloud', 'containers'],
  time: { last: '7d' },
  variables: [host],
  panels: [
    table({
      title: 'Access denials by user and rule',
      description: 'Docker and Kubernetes API requests a Defender denied (access_audit with "denied"), by user and the access rule that denied them.',
      query: accessDenials.count().by('user', 'rule').orderBy('count', 'desc').limit(20),
      size: { w: 12, h: 9 },
    }),
    timeSeries({
      title: 'Runtime audits by kind',
      description: 'Container and host runtime audits per hour, by sensor: process, network, filesystem, syscall.',
      style: 'stacked',
      query: runtimeAudits.timeslice('1h').count().by('audit_kind'),
      size: { w: 12, h: 9 },
    }),
    bar({
      title: 'Top hosts with runtime audits',
      orientation: 'bar',
      query: logs.search('violation').count().by('host').orderBy('count', 'desc').limit(10),
      size: { w: 12, h: 8 },
    }),
    bar({
      title: 'Top images with runtime audits',
      orientation: 'bar',
      query: logs.search('violation').parseRegex(pair('image_name', 'image')).count().by('image').orderBy('count', 'desc').limit(10),
      size: { w: 12, h: 8 },
    }),
    table({
      title: 'Web application firewall attacks by app (SQL injection, XSS)',
      description: 'CNAF / WAAS audits whose attack type is sqli or xss, by protected app.',
      query: appFirewall.where('attack_type', 'in', ['sqli', 'xss']).count().by('app', 'attack_type').orderBy('count', 'desc'),
      size: { w: 12, h: 8 },
    }),
    bar({
      title: 'Network firewall audits by rule',
      description: 'CNNF connection audits, by the firewall rule that matched.',
      orientation: 'bar',
      query: networkFirewall.count().by('fw_rule').orderBy('count', 'desc').limit(10),
      size: { w: 12, h: 8 },
    }),
    table({
      title: 'Admin activity',
      description: 'Console management audits: who called which API from where.',
      query: adminActivity.count().by('admin', 'api', 'source_ip').orderBy('count', 'desc').limit(50),
      size: { w: 16, h: 9 },
    }),
    text({
      title: 'About these audits',
      markdown:
        'Prisma Cloud Compute writes one syslog line per audit. **Access** audits record Docker and Kubernetes ' +
        'API requests allowed or denied by an access rule; **runtime** audits come from the process, network, ' +
        'filesystem and system-call sensors; **firewall** audits from CNAF (web application firewall) and CNNF ' +
        '(container network firewall); **management** audits from the Console API.',
      size: { w: 8, h: 9 },
    }),
  ],
});
