/**
 * 39.13.2 "TLS ハンドシェイクのタイムアウト": the certificate chain is the first message of a connection
 * that is larger than one packet. The pods behind the lab's passthrough route serve a chain made
 * once per lab here: a leaf and an intermediate with RSA 4096 keys (about 1.4 kB and 0.9 kB DER);
 * with the handshake's 512-byte RSA signature the server's first flight is about 3 kB, several
 * full-size packets, and stalls when the tunnel cannot carry them.
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

/** The chain's three keys: RSA 4096 where the key is sent (see above), P-256 for the root (never sent). */
const KEYS: Readonly<Record<'root' | 'intermediate' | 'leaf', readonly string[]>> = {
  root: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  intermediate: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'],
  leaf: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'],
};
type CertName = keyof typeof KEYS;

/** `openssl req -x509` of one certificate on its key: self-signed, or signed by `issuer` (OpenSSL 3 `-CA`). */
function certArgv(
  dir: string,
  name: CertName,
  opts: { subject: string; ca: boolean; issuer?: CertName; san?: string },
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
    '-out',
    join(dir, `${name}.crt`),
  ];
}

/**
 * Root → intermediate → leaf for the apps domain and the passthrough routes' hosts; writes leaf +
 * intermediate as the served chain and keeps only the leaf's key. The RSA keys take seconds each,
 * so they are made side by side; the signatures after them are quick.
 */
export async function makeTlsChain(state: LabState): Promise<void> {
  const { chain } = tlsChainFiles(state);
  const dir = tlsDir(state);
  await mkdir(dir, { recursive: true });
  const hosts = state.spec.routes.filter((r) => r.tls === 'passthrough').map((r) => `DNS:${r.host}`);
  await Promise.all(
    Object.entries(KEYS).map(([name, algorithm]) =>
      must(['openssl', 'genpkey', ...algorithm, '-out', join(dir, `${name}.key`)]),
    ),
  );
  await must(certArgv(dir, 'root', { subject: 'sdn-doctor lab root CA', ca: true }));
  await must(
    certArgv(dir, 'intermediate', { subject: 'sdn-doctor lab intermediate CA', ca: true, issuer: 'root' }),
  );
  await must(
    certArgv(dir, 'leaf', {
      subject: `*.${state.spec.appsDomain}`,
      ca: false,
      issuer: 'intermediate',
      san: [`DNS:*.${state.spec.appsDomain}`, ...hosts].join(','),
    }),
  );
  const pem = await Promise.all(['leaf', 'intermediate'].map((n) => readFile(join(dir, `${n}.crt`), 'utf8')));
  await writeFile(chain, pem.join(''));
  await Promise.all(['root', 'intermediate'].map((n) => rm(join(dir, `${n}.key`))));
}
