/**
 * The node service log (39.10) the lab writes while it sets a node up: journalctl's short format
 * (`Nov 21 22:00:00 node-1 atomic-openshift-node[4242]: …`), with the real commands the lab ran
 * and their real output under `Output of setup script:`, and the `Output of adding table=0` lines.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from './exec.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BOOT_MARK = '-- Reboot --';
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export const journalFile = (nodeDir: string): string => join(nodeDir, 'journal.log');

function shortTime(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** klog header: `I1121 22:00:00.123456    4242 file.go:123] ` */
function klog(level: 'I' | 'W' | 'E', d: Date, pid: number, where: string): string {
  const t = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000`;
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${t} ${String(pid).padStart(7)} ${where}] `;
}

/** Collects one boot's worth of node-service log lines, then appends them to the node's journal. */
export class NodeJournal {
  private readonly lines: string[] = [];
  constructor(
    private readonly node: string,
    private readonly pid: number,
  ) {}

  private push(text: string): void {
    this.lines.push(`${shortTime(new Date())} ${this.node} atomic-openshift-node[${this.pid}]: ${text}`);
  }

  info(where: string, text: string): void {
    this.push(klog('I', new Date(), this.pid, where) + text);
  }

  error(where: string, text: string): void {
    this.push(klog('E', new Date(), this.pid, where) + text);
  }

  /** `Output of setup script:` then `+ cmd` and its output lines, as the SDN setup printed them. */
  setupScript(steps: readonly { argv: readonly string[]; result: RunResult }[]): void {
    this.push('Output of setup script:');
    for (const s of steps) {
      this.push(`+ ${s.argv.join(' ')}`);
      const out = `${s.result.stdout}${s.result.stderr}${s.result.error ? `${s.result.error}\n` : ''}`;
      for (const line of out.split('\n')) if (line.trim() !== '') this.push(line);
    }
  }

  /**
   * `Output of adding <flow>: <output> (<err>)` for each table-0 flow the SDN installed, as the
   * node's flow controller logs it (glog, flow written without spaces, err `<nil>` on success).
   */
  addingFlows(flows: readonly string[], result: RunResult): void {
    const out = `${result.stdout}${result.stderr}`.trim().replace(/\n/g, ' ');
    const err = result.code === 0 ? '<nil>' : (result.error ?? `exit status ${result.code}`);
    for (const f of flows) {
      if (!f.startsWith('table=0,')) continue;
      this.info('controller.go:200', `Output of adding ${f.replace(/,\s+/g, ',')}: ${out} (${err})`);
    }
  }

  async flush(nodeDir: string, newBoot: boolean): Promise<void> {
    const text = (newBoot ? `${BOOT_MARK}\n` : '') + this.lines.map((l) => `${l}\n`).join('');
    this.lines.length = 0;
    await appendFile(journalFile(nodeDir), text);
  }
}

/**
 * What `journalctl -u atomic-openshift-node.service --boot --no-pager -n <N>` prints: the
 * current boot's lines (the last N), under journalctl's header.
 */
export async function readJournal(nodeDir: string, lastN: number): Promise<string> {
  let text = '';
  try {
    text = await readFile(journalFile(nodeDir), 'utf8');
  } catch {
    return '-- No entries --\n';
  }
  const boots = text.split(`${BOOT_MARK}\n`);
  const lines = (boots[boots.length - 1] ?? '').split('\n').filter((l) => l !== '');
  if (lines.length === 0) return '-- No entries --\n';
  const shown = lines.slice(-lastN);
  const stamp = (l: string) => l.slice(0, 15);
  const year = new Date().getUTCFullYear();
  return (
    `-- Logs begin at ${stamp(lines[0]!)} ${year} UTC, end at ${stamp(lines[lines.length - 1]!)} ${year} UTC. --\n` +
    shown.map((l) => `${l}\n`).join('')
  );
}
