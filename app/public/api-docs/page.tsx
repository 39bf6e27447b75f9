import { getLocale, getTranslations } from 'next-intl/server';
import { openApiDocument } from '@/server/api/v1/openapi';
import { ROUTES } from '@/server/api/v1/routes';

type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; description?: string; enum?: unknown[]; items?: Schema; format?: string; pattern?: string; minLength?: number; maxLength?: number };
type Param = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };

const PROBLEMS = [400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503] as const;

/** The browsable API documentation, rendered on the server from the same OpenAPI document /api/v1/openapi.json serves. */
export default async function ApiDocsPage() {
  const t = await getTranslations('publicSite');
  const locale = (await getLocale()) as 'zh-CN' | 'en';
  const doc = openApiDocument() as unknown as { info: { title: string; version: string; description: string }; paths: Record<string, Record<string, { summary: string; description: string; operationId: string; requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: Param[]; responses: Record<string, { description: string }> }>>; components: { schemas: Record<string, Schema> } };
  const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
  const typeOf = (s: Schema | undefined): string => {
    const r = resolve(s);
    if (!r) return '—';
    if (r.enum) return r.enum.map(String).join(' | ');
    if (r.type === 'array') return `${typeOf(r.items)}[]`;
    return [Array.isArray(r.type) ? r.type.join(' | ') : (r.type ?? 'object'), r.format].filter(Boolean).join(' ');
  };
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t('apiTitle')}</h1>
        <p className="mt-2 text-slate-700">{t('apiIntro')}</p>
        <p className="mt-2 text-sm">
          <a href="/api/v1/openapi.json" className="text-brand-700 underline">{t('apiDownload')}</a> · OpenAPI 3.1 · v{doc.info.version}
        </p>
      </div>
      <section aria-labelledby="auth-title" className="space-y-2">
        <h2 id="auth-title" className="text-lg font-semibold">{t('apiAuthTitle')}</h2>
        <p className="text-slate-700">{t('apiAuth')}</p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-sm text-slate-50">{`curl -X POST /api/v1/credit-checks \\
  -H 'Authorization: Bearer ccg_…' -H 'Content-Type: application/json' \\
  -d '{"subjectCode":"91410200MA…","matterType":"government-procurement","purpose":"供应商资格审查"}'`}</pre>
      </section>
      {ROUTES.map((r) => {
        const op = doc.paths[r.path]![r.method]!;
        const body = resolve(op.requestBody?.content['application/json']?.schema);
        return (
          <section key={op.operationId} id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id={`${op.operationId}-title`} className="text-lg font-semibold">
              <span className="mr-2 rounded bg-slate-800 px-2 py-0.5 font-mono text-sm text-white">{r.method.toUpperCase()}</span>
              <span className="font-mono">/api/v1{r.path}</span>
            </h2>
            <p>{r.summary[locale]}</p>
            {r.operation ? <p className="text-sm text-slate-700">{t('apiOperation', { operation: r.operation })}</p> : null}
            {op.parameters?.length ? (
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="text-left font-medium">{t('apiParams')}</caption>
                <thead className="text-left text-slate-700">
                  <tr><th scope="col" className="py-1 pr-3">{t('apiName')}</th><th scope="col" className="py-1 pr-3">{t('apiIn')}</th><th scope="col" className="py-1 pr-3">{t('apiType')}</th><th scope="col" className="py-1">{t('apiDescription')}</th></tr>
                </thead>
                <tbody>
                  {op.parameters.map((p) => (
                    <tr key={`${p.in}-${p.name}`}><td className="py-1 pr-3 font-mono">{p.name}{p.required ? ' *' : ''}</td><td className="py-1 pr-3">{p.in}</td><td className="py-1 pr-3 font-mono">{typeOf(p.schema)}</td><td className="py-1">{p.description ?? resolve(p.schema)?.description ?? ''}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {body?.properties ? (
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="text-left font-medium">{t('apiBody')}</caption>
                <thead className="text-left text-slate-700">
                  <tr><th scope="col" className="py-1 pr-3">{t('apiName')}</th><th scope="col" className="py-1 pr-3">{t('apiType')}</th><th scope="col" className="py-1">{t('apiDescription')}</th></tr>
                </thead>
                <tbody>
                  {Object.entries(body.properties).map(([name, s]) => (
                    <tr key={name}><td className="py-1 pr-3 font-mono">{name}{body.required?.includes(name) ? ' *' : ''}</td><td className="py-1 pr-3 font-mono">{typeOf(s)}</td><td className="py-1">{resolve(s)?.description ?? ''}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <p className="text-sm">
              {t('apiResponses')}：{Object.keys(op.responses).map((code, i) => (
                <span key={code}>{i ? '、' : ''}{Number(code) >= 400 ? <a href={`#problem-${code}`} className="text-brand-700 underline">{code}</a> : code}</span>
              ))}
            </p>
          </section>
        );
      })}
      <section aria-labelledby="problems-title" className="space-y-2">
        <h2 id="problems-title" className="text-lg font-semibold">{t('apiProblems')}</h2>
        <p className="text-slate-700">{t('apiProblemsIntro')}</p>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {PROBLEMS.map((code) => (
            <div key={code} id={`problem-${code}`} className="contents">
              <dt className="font-mono">{code}</dt>
              <dd>{t(`problem.p${code}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
