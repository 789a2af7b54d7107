/**
 * The client-side request rate limit kubectl and client-go apply (`--qps`, `--burst`): a token
 * bucket that holds `burst` tokens and refills at `qps` per second; every request to the API
 * (each exec's upgrade, each list) takes one, waiting when the bucket is empty. It also records
 * the highest rate it let through in any one-second window, so a run can show it kept the limit.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RateLimit {
  readonly qps: number;
  readonly burst: number;
}

/** kubectl's client defaults are 5/10 (1.26: 50/300); exec-heavy collection sits between. */
export const DEFAULT_RATE_LIMIT: RateLimit = { qps: 50, burst: 100 };

export interface RateLimiter {
  /** Resolves when one more request may go. */
  take(): Promise<void>;
  /** The most requests let through within any 1 s window so far. */
  peakPerSecond(): number;
}

export function createRateLimiter(
  limit: RateLimit,
  now: () => number = () => performance.now(),
): RateLimiter {
  if (!(limit.qps > 0) || !(limit.burst >= 1))
    throw new Error(`bad rate limit: qps ${limit.qps}, burst ${limit.burst}`);
  let tokens = limit.burst;
  let last = now();
  let queue = Promise.resolve();
  const granted: number[] = [];
  let peak = 0;
  const refill = () => {
    const t = now();
    tokens = Math.min(limit.burst, tokens + ((t - last) / 1000) * limit.qps);
    last = t;
  };
  const grant = () => {
    const t = now();
    granted.push(t);
    while (granted.length > 0 && granted[0]! <= t - 1000) granted.shift();
    peak = Math.max(peak, granted.length);
  };
  return {
    take() {
      // one waiter at a time: requests go in the order they asked
      const turn = queue.then(async () => {
        refill();
        while (tokens < 1) {
          await sleep(Math.ceil(((1 - tokens) / limit.qps) * 1000));
          refill();
        }
        tokens -= 1;
        grant();
      });
      queue = turn;
      return turn;
    },
    peakPerSecond: () => peak,
  };
}
