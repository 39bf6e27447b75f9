import type { Db } from '../db';
import type { Viewer } from '../auth/viewer';
import type { Locale } from '../i18n';

/** What every procedure receives. Built from the session cookie in the route handler, or
 *  directly from a Viewer in tests (createCaller). */
export interface Context {
  db: Db;
  viewer: Viewer | null;
  locale: Locale;
  headers: Headers;
  /** The session could not be looked up because the database is unavailable (answer 503, not 401). */
  unavailable?: boolean;
}
