/**
 * Expected failures. A service throws `DomainError(code, messageKey, params)`; the tRPC error
 * formatter translates the key into the caller's language and maps the code to a tRPC code
 * through the one table below. A bare Error stays a 500.
 */
export type DomainCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'INVALID_DEFINITION'
  | 'INVALID_RECORD'
  | 'TOO_MANY_REQUESTS';

export type TrpcCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'UNPROCESSABLE_CONTENT' | 'TOO_MANY_REQUESTS';

export const DOMAIN_TO_TRPC: Record<DomainCode, TrpcCode> = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  INVALID_DEFINITION: 'UNPROCESSABLE_CONTENT',
  INVALID_RECORD: 'UNPROCESSABLE_CONTENT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
};

export type MessageParams = Record<string, string | number>;

/** A field-level problem: `path` is the field's path in the input, the message a key. */
export interface FieldError {
  path: string;
  key: string;
  params?: MessageParams;
}

export class DomainError extends Error {
  readonly code: DomainCode;
  readonly key: string;
  readonly params: MessageParams;
  readonly fieldErrors: FieldError[];

  constructor(code: DomainCode, key: string, params: MessageParams = {}, fieldErrors: FieldError[] = []) {
    super(`${code}: ${key} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
    this.code = code;
    this.key = key;
    this.params = params;
    this.fieldErrors = fieldErrors;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
