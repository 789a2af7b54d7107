import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepalivedConfig } from '../../src/lab/ipfailover-config.js';
import { checkScriptName } from '../../src/checks/lib/ipfailover.js';
import { ipfConfig } from '../checks/ipf-fixtures.js';

const KEEPALIVED = '/usr/sbin/keepalived';
const input = {
  configName: 'ipf-ha-router',
  virtualIPs: ['192.168.122.100', '192.168.122.101'],
  networkInterface: 'eth0',
  nodeIP: '192.168.122.11',
  monitorPort: 80,
  vrrpIdOffset: 0,
  replicas: 2,
};

describe('keepalived.conf as the ipfailover image writes it (§12)', () => {
  it('one instance per VIP, ids from the offset, the check script the model expects', () => {
    const text = keepalivedConfig(input);
    expect(text).toContain('vrrp_instance ipf_ha_router_VIP_1 {');
    expect(text).toContain('vrrp_instance ipf_ha_router_VIP_2 {');
    expect([...text.matchAll(/virtual_router_id (\d+)/g)].map((m) => m[1])).toEqual(['1', '2']);
    // The checks look for the script by the name the image gives it.
    expect(text).toContain(`vrrp_script ${checkScriptName(ipfConfig())} {`);
    expect(text).toContain('script "/bin/bash -c \'</dev/tcp/192.168.122.11/80\'"');
    expect(text).toContain('      192.168.122.101 dev eth0');
    // node .11 → slot 11, idx 11 % 2 + 1 = 2: the 2nd VIP is MASTER here (the image's spread)
    expect(text.split('vrrp_instance').map((s) => s.includes('state MASTER'))).toEqual([false, false, true]);
    expect(keepalivedConfig({ ...input, monitorPort: 0 })).toContain('script "true"');
  });

  // keepalived 2.x warns (exit 5) that preempt_delay is cleared on a `state MASTER` instance: the
  // image writes both, so that warning is part of the real shape; anything else is a defect.
  it.skipIf(!existsSync(KEEPALIVED))('Debian keepalived accepts it (keepalived --config-test)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-ka-'));
    try {
      const file = join(dir, 'keepalived.conf');
      writeFileSync(file, keepalivedConfig(input));
      const r = await new Promise<{ code: number; out: string }>((resolve) =>
        execFile(KEEPALIVED, ['--config-test', '-f', file], (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
        ),
      );
      const complaints = r.out.split('\n').filter((l) => l.trim() !== '');
      expect(complaints).toEqual([
        '(ipf_ha_router_VIP_2) Warning - preempt delay will not work with initial state MASTER - clearing',
      ]);
      expect(r.code === 0 || r.code === 5, r.out).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
