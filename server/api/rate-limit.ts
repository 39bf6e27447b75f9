/**
 * Fixed-window request budgets per key (an API client, a visitor's address), kept in this
 * instance's memory: N instances behind a balancer allow up to N × the budget. That is the
 * point of it here — shedding a runaway client or crawler cheaply, before any database work — and
 * the sign-in limits that must be exact stay in PostgreSQL (server/auth).
 */
const windows = new Map<string, { start: number; count: number }>();

export interface Taken {
  ok: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfter: number;
}

export function take(key: string, perMinute: number, now = Date.now()): Taken {
  const start = Math.floor(now / 60_000) * 60_000;
  let w = windows.get(key);
  if (!w || w.start !== start) {
    if (windows.size > 50_000) windows.clear();
    w = { start, count: 0 };
    windows.set(key, w);
  }
  w.count += 1;
  return { ok: w.count <= perMinute, retryAfter: Math.max(1, Math.ceil((start + 60_000 - now) / 1000)) };
}

export function resetRateLimits() {
  windows.clear();
}

export function perMinute(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}
