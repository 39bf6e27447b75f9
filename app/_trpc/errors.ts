import { TRPCClientError } from '@trpc/client';

/** Field errors the server attached (already in the user's language), keyed by field path. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const list = (error.data as { fieldErrors?: { path: string; message: string }[] } | undefined)?.fieldErrors ?? [];
  return Object.fromEntries(list.map((f) => [f.path, f.message]));
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
