/**
 * What a database error means for the person who caused it. Drizzle wraps the driver's error
 * ("Failed query: … params: …", which must never reach a user) with the PostgreSQL or driver
 * error as its `cause`, so the whole cause chain is read:
 * - unavailable: the database cannot be reached or dropped the connection (failover, restart,
 *   `pg_terminate_backend`, pool exhausted, timeouts) or asked to retry (serialization failure,
 *   deadlock): answered 503 with a "try again in a moment" message — never "please sign in";
 * - duplicate: a unique constraint refused a concurrent second copy: 409 with a message;
 * - null: anything else, which stays an internal error (translated, without SQL).
 */
export type DbFailure = { kind: 'unavailable'; code: string } | { kind: 'duplicate'; code: string; constraint: string | null };

/** SQLSTATEs of a lost or refused connection, a shutdown, a cancelled statement, or a retryable conflict. */
const UNAVAILABLE_SQLSTATE = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '57P05', // idle_session_timeout
  '57014', // query_canceled (statement_timeout, query_timeout)
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '55000', // database not accepting connections (allow_connections = false)
  '55P03', // lock_not_available (lock_timeout)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '25006', // read_only_sql_transaction (a write reached a standby during failover)
]);

/** postgres.js's own codes, and Node's socket errors. */
const UNAVAILABLE_DRIVER = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'QUEUE_TIMEOUT',
  'QUERY_TIMEOUT',
  'CANCEL_UNANSWERED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function causes(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let x = e; x && typeof x === 'object' && out.length < 8; x = (x as { cause?: unknown }).cause) out.push(x);
  return out;
}

export function classifyDbError(e: unknown): DbFailure | null {
  for (const x of causes(e)) {
    const code = (x as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code === '23505') return { kind: 'duplicate', code, constraint: ((x as { constraint_name?: string; constraint?: string }).constraint_name ?? (x as { constraint?: string }).constraint) || null };
    if (UNAVAILABLE_SQLSTATE.has(code) || code.startsWith('08') || UNAVAILABLE_DRIVER.has(code)) return { kind: 'unavailable', code };
  }
  return null;
}

export function isDbUnavailable(e: unknown): boolean {
  return classifyDbError(e)?.kind === 'unavailable';
}
