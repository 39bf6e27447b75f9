import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { contextFor, viewerByUsername, refusal } from '../../testing/context';
import { createCallerFactory } from '../init';
import { appRouter } from '../router';
import { seedDemo } from '../../seed';
import { exportBpmn } from '../../../catalog/flows/bpmn';
import { chain, approval, singleFlow } from '../../../catalog/flows/fixtures';
import type { Viewer } from '../../auth/viewer';

let t: TestDatabase;
let editor: Viewer;
let filler: Viewer;
const createCaller = createCallerFactory(appRouter);


beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  editor = await viewerByUsername(t.db, 'editor');
  filler = await viewerByUsername(t.db, 'filler');
});
afterAll(async () => {
  await t.close();
});

describe('flow design', () => {
  it('gives editors the directory to pick assignees from, and nobody else', async () => {
    const dir = await createCaller(contextFor(t.db, editor)).flowDesign.directory();
    expect(dir.roles).toContain('approver');
    expect(dir.users.map((u) => u.username)).toEqual(expect.arrayContaining(['approver', 'filler']));
    expect(dir.departments.some((d) => d.code === 'SCJG')).toBe(true);
    expect((await refusal(createCaller(contextFor(t.db, filler)).flowDesign.directory())).code).toBe('FORBIDDEN');
  });

  it('imports BPMN on the server and refuses entity declarations with a message', async () => {
    const caller = createCaller(contextFor(t.db, editor, 'en'));
    const ok = await caller.flowDesign.importBpmn({ xml: await exportBpmn(singleFlow()) });
    expect(ok.graph).toEqual(singleFlow());
    const e = await refusal(caller.flowDesign.importBpmn({ xml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' }));
    expect(e.code).toBe('UNPROCESSABLE_CONTENT');
  });

  it('saves a flow draft with problems but refuses to submit it until they are fixed', async () => {
    const caller = createCaller(contextFor(t.db, editor));
    const dir = await caller.flowDesign.directory();
    const broken = chain(approval('a1', 'single', { kind: 'users', userIds: ['00000000-0000-4000-8000-00000000dead'] }));
    broken.edges.pop(); // a1 no longer reaches the end
    const content = { name: '惩戒措施变更审批', appliesTo: 'register-change', graph: broken };
    const created = await caller.register.create({ kindCode: 'approval-flow', code: 'FLOW-SM-CHANGE', content });
    const e = await refusal(caller.register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: '2030-01-01' }));
    expect(e.code).toBe('UNPROCESSABLE_CONTENT');
    const cause = e.cause as unknown as { params: { count: number; zh: string }; fieldErrors: { path: string; params: { zh: string } }[] };
    expect(new Set(cause.fieldErrors.map((f) => f.path))).toEqual(new Set(['graph']));
    const messages = cause.fieldErrors.map((f) => f.params.zh).join('\n');
    for (const m of ['处理人中有不存在或已停用的用户', '没有流出的连线', '从开始节点无法到达']) expect(messages).toContain(m);

    const approverId = dir.users.find((u) => u.username === 'approver')!.id;
    const fixed = { ...content, graph: chain(approval('a1', 'single', { kind: 'users', userIds: [approverId] })) };
    const saved = await caller.register.saveDraft({ versionId: created.versionId, revision: created.revision, content: fixed });
    const submitted = await caller.register.submit({ versionId: saved.versionId, revision: saved.revision, effectiveDate: '2030-01-01' });
    expect(submitted.status).toBe('open');
  });

  it('refuses a graph that is not one at save time (schema)', async () => {
    const caller = createCaller(contextFor(t.db, editor));
    const e = await refusal(caller.register.create({ kindCode: 'approval-flow', code: 'FLOW-BAD', content: { name: '坏流程', appliesTo: 'register-change', graph: { nodes: [{ id: 'x', type: 'script' }], edges: [] } } }));
    expect(e.code).toBe('UNPROCESSABLE_CONTENT');
  });
});
