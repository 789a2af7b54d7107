/**
 * 39.13.2 "TLS ハンドシェイクのタイムアウト": the certificate chain is the first message of a connection
 * that is larger than one packet. The pods behind the lab's passthrough route serve a chain made
 * once per lab here: a leaf and an intermediate of about 1.4 kB DER each, so the server's first
 * flight is over 3 kB, several full-size packets, and stalls when the tunnel cannot carry them.
 * Real chains are that large because of RSA 4096 keys and signatures; the lab gets the same size
 * from P-256 keys and a comment extension (FILLER), because an RSA 4096 key costs 1–4 s of CPU and
 * every `lab up` would make two of them (a test run builds some 25 labs on two cores).
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

/** The chain's three certificates, each on its own P-256 key (made in milliseconds). */
const CERTS = ['root', 'intermediate', 'leaf'] as const;
type CertName = (typeof CERTS)[number];
const P256 = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];

/**
 * About 1 kB of Netscape comment (nsComment, no commas: `-addext` would split there) in each
 * certificate that is sent: what an RSA 4096 key and signature add to a certificate's DER.
 */
const FILLER =
  'sdn-doctor lab: this comment stands in for the size of an RSA 4096 key and signature. '.repeat(12);

/** `openssl req -x509` of one certificate on its key: self-signed, or signed by `issuer` (OpenSSL 3 `-CA`). */
function certArgv(
  dir: string,
  name: CertName,
  opts: { subject: string; ca: boolean; issuer?: CertName; san?: string; sent?: boolean },
): string[] {
  return [
    'openssl',
    'req',
    '-x509',
    '-key',
    join(dir, `${name}.key`),
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
    ...(opts.sent ? ['-addext', `nsComment=${FILLER.trim()}`] : []),
    '-out',
    join(dir, `${name}.crt`),
  ];
}

/**
 * Root → intermediate → leaf for the apps domain and the passthrough routes' hosts; writes leaf +
 * intermediate as the served chain and keeps only the leaf's key.
 */
export async function makeTlsChain(state: LabState): Promise<void> {
  const { chain } = tlsChainFiles(state);
  const dir = tlsDir(state);
  await mkdir(dir, { recursive: true });
  const hosts = state.spec.routes.filter((r) => r.tls === 'passthrough').map((r) => `DNS:${r.host}`);
  await Promise.all(
    CERTS.map((name) => must(['openssl', 'genpkey', ...P256, '-out', join(dir, `${name}.key`)])),
  );
  await must(certArgv(dir, 'root', { subject: 'sdn-doctor lab root CA', ca: true }));
  await must(
    certArgv(dir, 'intermediate', {
      subject: 'sdn-doctor lab intermediate CA',
      ca: true,
      issuer: 'root',
      sent: true,
    }),
  );
  await must(
    certArgv(dir, 'leaf', {
      subject: `*.${state.spec.appsDomain}`,
      ca: false,
      issuer: 'intermediate',
      sent: true,
      san: [`DNS:*.${state.spec.appsDomain}`, ...hosts].join(','),
    }),
  );
  const pem = await Promise.all(['leaf', 'intermediate'].map((n) => readFile(join(dir, `${n}.crt`), 'utf8')));
  await writeFile(chain, pem.join(''));
  await Promise.all(['root', 'intermediate'].map((n) => rm(join(dir, `${n}.key`))));
}
