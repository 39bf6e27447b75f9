import { getDb } from '@/server/db';
import { boot } from '@/server/runtime';
import { handleApiV1 } from '@/server/api/v1/handler';
import { withStrictTransport } from '@/server/http/transport';
import '@/server/subject-adapters';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ path: string[] }> };

async function answer(request: Request, ctx: Ctx): Promise<Response> {
  await boot();
  return withStrictTransport(await handleApiV1(await getDb(), request, (await ctx.params).path));
}

export const GET = answer;
export const POST = answer;
