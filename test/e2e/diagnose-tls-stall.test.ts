/**
 * Issue 15, §13.2 reproduced on the lab: the passthrough route `demo/web-tls` sends the client's TLS
 * through HAProxy (`mode tcp`, by SNI) to web pods off the router's node, which serve a certificate
 * chain of several packets. With `mtu-mismatch` the TCP handshake still passes but the server's
 * flight is dropped in the tunnel: the handshake really times out, and `diagnose` names exactly the
 * MTU cause with §13.2's explanation.
 */
import { describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/message.js';
import { faultOff, faultOn } from '../../src/lab/index.js';
import { canRunLab, describeCauses, diagnoseLab } from '../../testkit/lab-harness.js';
import { curl } from '../../testkit/lab-helpers.js';
import { sharedLab } from '../../testkit/lab-suite.js';

const URL = 'https://web-tls-demo.apps.example.com/';
// short, explicit: the stalled handshake costs one timeout per probe that meets it; the healthy
// walk waits on nothing, so it can give a loaded CI machine's node shells more room
const E2E = { url: URL, timeoutMs: 3000 };
const HEALTHY = { url: URL, timeoutMs: 6000 };

describe.skipIf(!canRunLab)('§13.2 TLS handshake timeout on the lab (issue 15)', () => {
  const lab = sharedLab('tls');

  it('healthy: the passthrough route answers from a pod off the router node; diagnose is healthy', async () => {
    expect(lab.status.routes.find((r) => r.name === 'web-tls')).toMatchObject({
      namespace: 'demo',
      tls: 'passthrough',
      host: 'web-tls-demo.apps.example.com',
    });
    const r = await curl(lab.status.client.netns, URL);
    expect(r.http).toBe('200');
    expect(r.body).toMatch(/^pod=demo\/web-1-\w+ node=node-[23] /);
    const d = await diagnoseLab(lab.name, HEALTHY);
    expect(describeCauses(d)).toBe('(none)');
    expect(d.verdict.healthy).toBe(true);
    const route = d.steps.find((s) => s.id === 'router.route')!;
    expect(route.evidence.map((e) => render(e, 'en')).join(' ')).toMatch(/TLS passthrough/);
  }, 120_000);

  it('mtu-mismatch: TCP connects, the TLS handshake times out, diagnose says exactly mtu-mismatch with §13.2', async () => {
    await faultOn(lab.name, 'mtu-mismatch');
    try {
      // curl exit 28: the deadline, not a refusal or an unreachable host (7)
      const r = await curl(lab.status.client.netns, URL, 3);
      expect([r.exit, r.http]).toEqual([28, '000']);
      const d = await diagnoseLab(lab.name, E2E);
      expect(
        d.verdict.causes.map((c) => c.fault),
        describeCauses(d),
      ).toEqual(['mtu-mismatch']);
      const cause = d.verdict.causes[0]!;
      expect(cause.step).toBe('mtu');
      expect(cause.section).toContain('13.2');
      expect(cause.summary.en).toContain('This is why the TLS handshake with web-tls-demo.apps.example.com');
      expect(cause.summary.ja).toContain('TLS ハンドシェイクがタイムアウトするのはこのためです');
      const connect = d.steps.find((s) => s.id === 'external.connect')!;
      expect(connect.status).toBe('fail');
      expect(connect.verdict.en).toMatch(
        /^TCP connected to 192\.168\.122\.11:443, but the TLS handshake did not finish in 3000 ms \(TLS handshake timeout, §13\.2\)$/,
      );
      expect(d.steps.find((s) => s.id === 'mtu')?.status).toBe('fail');
    } finally {
      await faultOff(lab.name, 'mtu-mismatch');
    }
    expect((await curl(lab.status.client.netns, URL)).http).toBe('200');
  }, 120_000);
});
