import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/router';
import { contextFromHeaders } from '@/server/trpc/http-context';

/** Per-request context and a server-side caller for Server Components. */
export const getRequestContext = cache(async () => contextFromHeaders(new Headers(await headers())));

export const getServerCaller = cache(async () => createCallerFactory(appRouter)(await getRequestContext()));
