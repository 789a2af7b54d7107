/**
 * A self-signed certificate for the lab API when it serves HTTPS (like a real master does), made
 * with the openssl command line (Node can read but not create X.509 certificates). The
 * certificate is its own CA: the kubeconfig carries it as certificate-authority-data.
 */
import { execFileSync } from 'node:child_process';
import { isIP } from 'node:net';
import { join } from 'node:path';

/** Files of the certificate. */
export interface LabApiCert {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Writes `api-server.crt` / `api-server.key` into `runDir`, valid for `host` and localhost. */
export function createSelfSignedCert(runDir: string, host: string): LabApiCert {
  const certFile = join(runDir, 'api-server.crt');
  const keyFile = join(runDir, 'api-server.key');
  const names = [isIP(host) ? `IP:${host}` : `DNS:${host}`, 'DNS:localhost', 'IP:127.0.0.1'];
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', '/CN=sdn-doctor-lab-api'],
      ...['-addext', `subjectAltName=${[...new Set(names)].join(',')}`],
    ],
    { stdio: 'pipe' },
  );
  return { certFile, keyFile };
}
