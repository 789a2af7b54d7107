import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINE_MAYBE_SECRET, redactLine } from '../../src/sources/bundle/redact.js';
import { readBundle, redactText, writeBundle } from '../../src/sources/bundle/index.js';
import type { Snapshot } from '../../src/artifacts/types.js';
import { nodeArtifact, tempDir } from './helpers.js';

const KEY = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEAsecretkeymaterial',
  'QWERTYsecondline',
  '-----END RSA PRIVATE KEY-----',
];
const CERT = ['-----BEGIN CERTIFICATE-----', 'MIIDcertmaterial', '-----END CERTIFICATE-----'];

describe('writeBundle never writes secrets', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  const snapshot: Snapshot = {
    collectedAt: 'x',
    collector: 'live',
    api: {
      pods: {
        ok: true,
        items: [
          { kind: 'Secret', metadata: { name: 'db' }, data: { password: 'c2VjcmV0' } },
          {
            kind: 'Pod',
            metadata: {
              name: 'app',
              namespace: 'ns',
              annotations: {
                'kubectl.kubernetes.io/last-applied-configuration': '{"env":"DBPASS=hunter2"}',
                keep: 'yes',
              },
            },
            spec: {
              containers: [
                {
                  name: 'c',
                  env: [
                    { name: 'DBPASS', value: 'hunter2' },
                    { name: 'FROM', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
                  ],
                  envFrom: [{ secretRef: { name: 'db' } }],
                },
              ],
              initContainers: [{ name: 'i', env: [{ name: 'TOKEN', value: 'sekrit-init' }] }],
            },
            status: { podIP: '10.128.0.5' },
          },
        ],
      },
      configmaps: {
        ok: true,
        items: [
          {
            kind: 'ConfigMap',
            metadata: { name: 'node-config-compute', namespace: 'openshift-node' },
            data: {
              'node-config.yaml': 'nodeName: n1\nnetworkConfig:\n  mtu: 1450\n',
              kubeconfig: `users:\n- name: admin\n  user:\n    token: sha256~abcdefABCDEF123456\n    client-key-data: LS0tLS1CRUdJTiBSU0Eg\n`,
              'tls.key': KEY.join('\n'),
            },
          },
        ],
      },
    },
    artifacts: [
      nodeArtifact(
        'n1',
        'node-journal',
        ['Nov 21 node[1]: starting', ...KEY, 'Authorization: Bearer abcdef0123456789xyz', 'ok line'].join(
          '\n',
        ),
      ),
      nodeArtifact(
        'n1',
        'node-config',
        ['nodeName: n1', 'masterClientCA: ca.crt', 'bootstrapToken: tok-123456789', ...CERT].join('\n'),
      ),
      nodeArtifact('n1', 'sysctl', 'net.ipv4.ip_forward = 1\n'),
    ],
    warnings: [],
  };

  it('strips Secrets, env values, valueFrom, last-applied, credentials in text and API objects', async () => {
    const out = join(dir.path, 'r.tar.gz');
    await writeBundle(snapshot, out);
    const back = await readBundle(out);
    const all = JSON.stringify(back);
    for (const secret of [
      'hunter2',
      'c2VjcmV0',
      'sekrit-init',
      'secretkeymaterial',
      'QWERTYsecondline',
      'MIIDcertmaterial',
      'abcdef0123456789xyz',
      'sha256~abcdef',
      'LS0tLS1CRUdJTiBSU0Eg',
      'tok-123456789',
      'secretKeyRef',
    ]) {
      expect(all, secret).not.toContain(secret);
    }
    const pods = back.api.pods;
    expect(pods?.ok && pods.items).toHaveLength(1);
    const pod = (pods?.ok ? pods.items[0] : undefined) as {
      metadata: { annotations: object };
      spec: { containers: { env: unknown[] }[] };
    };
    expect(pod.spec.containers[0]?.env).toEqual([{ name: 'DBPASS' }, { name: 'FROM' }]);
    expect(pod.metadata.annotations).toEqual({ keep: 'yes' });
    // What the model needs survives.
    expect(all).toContain('10.128.0.5');
    expect(all).toContain('mtu: 1450');
    expect(back.artifacts.find((a) => a.kind === 'sysctl')?.text).toBe('net.ipv4.ip_forward = 1\n');
  });

  it('keeps the number of lines of text artifacts (evidence line numbers stay true)', async () => {
    const out = join(dir.path, 'r-dir');
    await writeBundle(snapshot, out);
    const journal = await readFile(join(out, 'nodes/n1/node-journal.txt'), 'utf8');
    const original = snapshot.artifacts[0]?.text ?? '';
    expect(journal.split('\n')).toHaveLength(original.split('\n').length);
    expect(journal.split('\n')[6]).toBe('ok line');
    expect(journal).toContain(
      '-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n[REDACTED]\n-----END RSA PRIVATE KEY-----',
    );
    expect(journal).toContain('Authorization: Bearer [REDACTED]');
  });

  it('redactText leaves ordinary command output alone', () => {
    const flows =
      ' cookie=0x0, duration=1.2s, table=0, n_packets=0, priority=250,ip,in_port=2,nw_dst=224.0.0.0/4 actions=drop';
    expect(redactText(flows)).toBe(flows);
    expect(redactText('token: abc')).toBe('token: [REDACTED]');
    expect(redactText('{"password":"p4ss"}')).toBe('{"password":[REDACTED]}');
  });
});

describe('the per-line prefilter', () => {
  // fragments of every rule's trigger and of ordinary node output, joined at random
  const FRAGMENTS = [
    'cookie=0x0, ',
    'Cookie: a=b',
    'table=90, ',
    'token',
    'TOKEN=x',
    '--password ',
    'pw',
    '=',
    ':',
    ' ',
    '"',
    "'",
    'https://u:p@h',
    '://',
    '@',
    'Bearer abcdefghij',
    'eyJabcd.efgh.ij',
    'sha256~abcdefgh',
    'LS0tLS1CRUdJTi',
    'api_key',
    'Authorization',
    'auth',
    'key=flow',
    'actions=output:2',
    'nw_dst=10.128.0.0/14',
    'value',
  ];
  it('a line it lets pass unchanged is one no rule would change (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }), (parts) => {
        const line = parts.join('');
        if (!LINE_MAYBE_SECRET.test(line)) expect(redactLine(line)).toBe(line);
      }),
      { numRuns: 5000 },
    );
  });

  it('redactText equals every rule over every line (property, texts of many lines)', () => {
    const lines = fc.array(fc.constantFrom(...FRAGMENTS, '\t', 'COOKIE   :x', 'Cookie\t"'), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(lines, { maxLength: 12 }), (ls) => {
        const text = ls.map((parts) => parts.join('')).join('\n');
        expect(redactText(text)).toBe(text.split('\n').map(redactLine).join('\n'));
      }),
      { numRuns: 3000 },
    );
  });

  it('the cookie of every OpenFlow rule is not a reason to run the rules; a Cookie header is', () => {
    expect(LINE_MAYBE_SECRET.test(' cookie=0x0, duration=1.2s, table=0, priority=250,ip actions=drop')).toBe(
      false,
    );
    expect(LINE_MAYBE_SECRET.test('> Cookie: session=abc')).toBe(true);
  });
});

describe('ipfailover settings (§12)', () => {
  it('keeps OPENSHIFT_HA_* values (the IP failover checks read them), still redacting secrets in them', async () => {
    const { redactValue } = await import('../../src/sources/bundle/redact.js');
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06YWRtaW4ifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
    const env = [
      { name: 'OPENSHIFT_HA_VIRTUAL_IPS', value: '192.168.122.240-241' },
      { name: 'OPENSHIFT_HA_NETWORK_INTERFACE', value: 'br-ex' },
      { name: 'OPENSHIFT_HA_CONFIG_NAME', value: jwt },
      { name: 'OPENSHIFT_HA_X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'DB_HOST', value: 'db.example.com' },
    ];
    const out = redactValue({ spec: { containers: [{ env }] } }) as {
      spec: { containers: { env: { name: string; value?: string }[] }[] };
    };
    const got = out.spec.containers[0]!.env;
    expect(got[0]).toEqual({ name: 'OPENSHIFT_HA_VIRTUAL_IPS', value: '192.168.122.240-241' });
    expect(got[1]).toEqual({ name: 'OPENSHIFT_HA_NETWORK_INTERFACE', value: 'br-ex' });
    expect(JSON.stringify(got[2])).not.toContain(jwt);
    expect(got[3]).toEqual({ name: 'OPENSHIFT_HA_X' });
    expect(got[4]).toEqual({ name: 'DB_HOST' });
  });
});
