/** Evaluation results and the query log stream through the shared table writer (server/io/stream). */
export { tableStream, TABLE_CONTENT_TYPES as CONTENT_TYPES } from '../io/stream';
