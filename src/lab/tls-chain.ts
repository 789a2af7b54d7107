/**
 * 39.13.2 "TLS ハンドシェイクのタイムアウト": the certificate chain is the first message of a connection
 * that is larger than one packet. The pods behind the lab's passthrough route serve a chain made
 * once per lab here: a leaf and an intermediate with RSA 4096 keys (about 1.9 kB each), so the
 * server's first flight needs several full-size packets and stalls when the tunnel cannot carry them.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { must } from './exec.js';
import type { LabState } from './model.js';
import { labNames } from './names.js';

/** The run folder of the chain (made once per lab). */
const tlsDir = (state: LabState): string => join(labNames(state.spec.name).runDir, 'tls');

/** Where the pods' TLS server reads its chain and key (the leaf's, as certArgv names it). */
export function tlsChainFiles(state: LabState): { readonly chain: string; readonly key: string } {
  return { chain: join(tlsDir(state), 'chain.pem'), key: join(tlsDir(state), 'leaf.key') };
}

/** `openssl req -x509` of one certificate: self-signed, or signed by `issuer` (OpenSSL 3 `-CA`). */
function certArgv(
  dir: string,
  name: string,
  opts: { subject: string; key: string[]; ca: boolean; issuer?: string; san?: string },
): string[] {
  return [
    'openssl',
    'req',
    '-x509',
    '-newkey',
    ...opts.key,
    '-nodes',
    '-days',
    '30',
    '-subj',
    `/CN=${opts.subject}`,
    ...(opts.issuer
      ? ['-CA', join(dir, `${opts.issuer}.crt`), '-CAkey', join(dir, `${opts.issuer}.key`)]
      : []),
    '-addext',
    `basicConstraints=critical,CA:${opts.ca ? 'TRUE' : 'FALSE'}`,
    ...(opts.ca ? ['-addext', 'keyUsage=critical,keyCertSign,cRLSign'] : []),
    ...(opts.san ? ['-addext', `subjectAltName=${opts.san}`] : []),
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    join(dir, `${name}.crt`),
  ];
}

/**
 * Root (P-256: it is never sent, so it need not be big) → intermediate → leaf for the passthrough
 * routes' hosts; writes leaf + intermediate as the served chain and keeps only the leaf's key.
 */
export async function makeTlsChain(state: LabState): Promise<void> {
  const { chain } = tlsChainFiles(state);
  const dir = tlsDir(state);
  await mkdir(dir, { recursive: true });
  const rsa = ['rsa:4096'];
  const hosts = state.spec.routes.filter((r) => r.tls === 'passthrough').map((r) => `DNS:${r.host}`);
  await must(
    certArgv(dir, 'root', {
      subject: 'sdn-doctor lab root CA',
      key: ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
      ca: true,
    }),
  );
  await must(
    certArgv(dir, 'intermediate', {
      subject: 'sdn-doctor lab intermediate CA',
      key: rsa,
      ca: true,
      issuer: 'root',
    }),
  );
  await must(
    certArgv(dir, 'leaf', {
      subject: `*.${state.spec.appsDomain}`,
      key: rsa,
      ca: false,
      issuer: 'intermediate',
      san: [`DNS:*.${state.spec.appsDomain}`, ...hosts].join(','),
    }),
  );
  const pem = await Promise.all(['leaf', 'intermediate'].map((n) => readFile(join(dir, `${n}.crt`), 'utf8')));
  await writeFile(chain, pem.join(''));
  await Promise.all(['root', 'intermediate'].map((n) => rm(join(dir, `${n}.key`))));
}
