/**
 * Secrets to plant where a cluster could hand them to sdn-doctor (pod args and env, annotations,
 * config maps, logs, command outputs, errors), each value carrying a marker `PLNT<n>x` so that a
 * test can search every byte written for any that survived redaction (README "Security").
 */
export class SecretPlanter {
  private n = 0;
  readonly planted: string[] = [];

  /** A fresh secret value with its marker, in the given shape. */
  value(shape: (marker: string) => string = (m) => `s3cr3t-${m}`): string {
    const marker = `PLNT${this.n++}x`;
    this.planted.push(marker);
    return shape(marker);
  }

  /** Text (lines, and whole blocks) of every family, as they appear in logs, configs and curl -v. */
  textSecrets(): string[] {
    const v = (shape?: (m: string) => string) => this.value(shape);
    return [
      `I1121 node: exec /usr/bin/app --password ${v()} --port 80`,
      `args: --api-key=${v()} --client-secret=${v()} --token ${v()}`,
      `DB_PASSWORD=${v()}`,
      `SECRET_KEY=${v()}`,
      `  MYSQL_ROOT_PASSWORD: ${v()}`,
      `AWS_SECRET_ACCESS_KEY=${v()}`,
      `export GITHUB_TOKEN="${v()}"`,
      `{"apiToken":"${v()}","privateKey":"${v()}","clientSecret":"${v()}","registryPassword":"${v()}"}`,
      `annotation value ${v(jwt)}`,
      `oc login --token ${v(sha)} https://api.example.com:6443`,
      `server: https://admin:${v()}@api.example.com:6443`,
      `> Authorization: Bearer ${v()}`,
      `> Authorization: Basic ${v()}`,
      `> Cookie: session=${v()}; other=1`,
      `< Set-Cookie: id=${v()}; Path=/`,
      // Blocks stay whole: key text on the BEGIN line, then the body.
      [`-----BEGIN RSA PRIVATE KEY-----${v()}`, `MIIEow${v()}`, '-----END RSA PRIVATE KEY-----'].join('\n'),
      ['-----BEGIN PGP PRIVATE KEY BLOCK-----', `lQOYBF${v()}`, '-----END PGP PRIVATE KEY BLOCK-----'].join(
        '\n',
      ),
      `ca: ${v(b64pem)}`,
      `client-key-data: ${v()}`,
      `passwd=${v()}`,
      `credentials: ${v()}`,
    ];
  }

  /** The markers found in `text`: empty when nothing leaked. */
  leaks(text: string): string[] {
    return this.planted.filter((m) => text.includes(m));
  }
}

export const jwt = (m: string): string => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.${m}sig`;
export const sha = (m: string): string => `sha256~${m}AbCdEfGh`;
export const b64pem = (m: string): string => `LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV${m}`;
