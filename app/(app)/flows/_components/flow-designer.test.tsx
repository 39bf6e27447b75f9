// @vitest-environment happy-dom
/**
 * The flow designer as an editor uses it, in a DOM, against a recording tRPC link instead of the
 * server: what reaches the server is asserted, not only what is drawn. An edit is saved with the
 * revision read and the next save carries the revision returned; undo takes an edit back out of
 * what is saved; a graph with problems never reaches `submit`; a clean one is submitted (saved
 * first when edited); a stale save shows the conflict card and "采用对方版本" continues from the
 * stored version.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { IntlProvider } from 'use-intl';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import zh from '../../../../messages/zh-CN.json';
import { TRPCProvider } from '@/app/_trpc/client';
import type { AppRouter } from '@/server/trpc/router';
import { singleFlow } from '@/catalog/flows/fixtures';
import type { FlowGraph } from '@/catalog/flows/types';
import { FlowDesigner, type FlowContent } from './flow-designer';
import { emptyGraph } from './graph-edit';

// The unsaved-changes guard follows links with the App Router's router, which only Next mounts.
vi.mock('next/navigation', () => ({ useRouter: () => ({ push: () => {} }) }));

interface Call {
  path: string;
  input: Record<string, unknown>;
}

/** Answers the designer's procedures like the server would, and records every call. */
function fakeServer(opts: { conflictOnSave?: { revision: number; content: FlowContent } } = {}) {
  const calls: Call[] = [];
  let revision = 1;
  const answer = (path: string, input: Record<string, unknown>): unknown => {
    switch (path) {
      case 'flowDesign.directory':
        return { roles: ['admin', 'editor', 'approver'], departments: [], users: [] };
      case 'register.saveDraft':
        if (opts.conflictOnSave) {
          const conflict = opts.conflictOnSave;
          opts.conflictOnSave = undefined;
          throw TRPCClientError.from({ error: { code: -32009, message: '保存冲突', data: { code: 'CONFLICT', httpStatus: 409, conflict } } });
        }
        revision = (input.revision as number) + 1;
        return { versionId: input.versionId, version: 1, revision };
      case 'register.submit':
        return { changeRequestId: 'cr-1' };
      default:
        throw new Error(`unexpected call ${path}`);
    }
  };
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      calls.push({ path: op.path, input: op.input as Record<string, unknown> });
      try {
        observer.next({ result: { data: answer(op.path, op.input as Record<string, unknown>) } } as never);
        observer.complete();
      } catch (e) {
        observer.error(e as TRPCClientError<AppRouter>);
      }
    });
  return { calls, client: createTRPCClient<AppRouter>({ links: [link] }), of: (path: string) => calls.filter((c) => c.path === path).map((c) => c.input) };
}

const DRAFT_ID = '00000000-0000-4000-8000-000000000001';

function renderDesigner(graph: FlowGraph, server = fakeServer()) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  let submitted = 0;
  render(
    <IntlProvider locale="zh-CN" messages={zh} timeZone="Asia/Shanghai">
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={server.client} queryClient={queryClient}>
          <FlowDesigner code="FLOW-T" draft={{ id: DRAFT_ID, version: 1, revision: 1, content: { name: '测试流程', appliesTo: 'register-change', graph } }} onSubmitted={() => submitted++} />
        </TRPCProvider>
      </QueryClientProvider>
    </IntlProvider>,
  );
  return { server, submitted: () => submitted };
}

const click = async (el: HTMLElement) => act(async () => void fireEvent.click(el));
const saveButton = () => screen.getByTestId('save-draft');
const nameInput = () => screen.getByLabelText('流程名称') as HTMLInputElement;

beforeAll(() => {
  // React Flow measures its container; happy-dom lays nothing out.
  globalThis.DOMMatrixReadOnly ??= class {
    m22 = 1;
    constructor() {}
  } as unknown as typeof DOMMatrixReadOnly;
});
afterEach(cleanup);

describe('FlowDesigner: what reaches the server', () => {
  it('saves an edit with the revision read, then the next edit with the revision the save returned', async () => {
    const { server } = renderDesigner(singleFlow());
    expect(saveButton().textContent).toBe('已保存');
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(nameInput(), { target: { value: '罚款审批流程' } });
    expect(saveButton().textContent).toBe('保存草稿');
    await click(saveButton());
    await waitFor(() => expect(saveButton().textContent).toBe('已保存'));
    const [first] = server.of('register.saveDraft');
    expect(first).toEqual({ versionId: DRAFT_ID, revision: 1, content: { name: '罚款审批流程', appliesTo: 'register-change', graph: singleFlow() } });

    fireEvent.change(nameInput(), { target: { value: '罚款审批流程（修订）' } });
    await click(saveButton());
    await waitFor(() => expect(server.of('register.saveDraft')).toHaveLength(2));
    expect(server.of('register.saveDraft')[1]).toMatchObject({ revision: 2, content: { name: '罚款审批流程（修订）' } });
  });

  it('a node added from the palette is saved with the graph, and after undo it is not', async () => {
    const { server } = renderDesigner(singleFlow());
    await click(screen.getByTestId('palette-cc'));
    await click(saveButton());
    await waitFor(() => expect(server.of('register.saveDraft')).toHaveLength(1));
    const saved = server.of('register.saveDraft')[0]!.content as FlowContent;
    expect(saved.graph.nodes.map((n) => n.type).sort()).toEqual(['approval', 'cc', 'end', 'start']);

    await click(screen.getByRole('button', { name: '撤销' }));
    await click(saveButton());
    await waitFor(() => expect(server.of('register.saveDraft')).toHaveLength(2));
    const undone = server.of('register.saveDraft')[1]!.content as FlowContent;
    expect(undone.graph).toEqual(singleFlow());
  });

  it('a graph with problems is never submitted: the button is disabled and clicking it sends nothing', async () => {
    const { server, submitted } = renderDesigner(emptyGraph());
    await waitFor(() => expect(screen.getByTestId('problem-count').textContent).toBe('2 个问题'));
    const submit = screen.getByTestId('submit-flow') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await click(submit);
    expect(server.of('register.submit')).toEqual([]);
    expect(server.of('register.saveDraft')).toEqual([]);
    expect(submitted()).toBe(0);
  });

  it('a clean graph is submitted with the effective date; an unsaved edit is saved first and submitted at the new revision', async () => {
    const { server, submitted } = renderDesigner(singleFlow());
    await waitFor(() => expect(screen.getByTestId('problem-count').textContent).toBe('未发现问题'));
    fireEvent.change(screen.getByLabelText('生效日期'), { target: { value: '2031-01-02' } });
    fireEvent.change(nameInput(), { target: { value: '改名后提交' } });
    await click(screen.getByTestId('submit-flow'));
    await waitFor(() => expect(submitted()).toBe(1));
    expect(server.calls.filter((c) => c.path !== 'flowDesign.directory').map((c) => c.path)).toEqual(['register.saveDraft', 'register.submit']);
    expect(server.of('register.saveDraft')[0]).toMatchObject({ revision: 1, content: { name: '改名后提交' } });
    expect(server.of('register.submit')[0]).toEqual({ versionId: DRAFT_ID, revision: 2, effectiveDate: '2031-01-02' });
  });

  it('a stale save shows the conflict; taking theirs shows the stored flow and saves on from the stored revision', async () => {
    const theirs: FlowContent = { name: '同事保存的流程', appliesTo: 'register-change', graph: singleFlow() };
    const { server } = renderDesigner(singleFlow(), fakeServer({ conflictOnSave: { revision: 5, content: theirs } }));
    fireEvent.change(nameInput(), { target: { value: '我的修改' } });
    await click(saveButton());
    await waitFor(() => expect(screen.getByTestId('conflict')).toBeTruthy());
    await click(screen.getByRole('button', { name: '采用对方版本' }));
    expect(screen.queryByTestId('conflict')).toBeNull();
    expect(nameInput().value).toBe('同事保存的流程');
    expect(saveButton().textContent).toBe('已保存');

    fireEvent.change(nameInput(), { target: { value: '在对方版本上修改' } });
    await click(saveButton());
    await waitFor(() => expect(server.of('register.saveDraft')).toHaveLength(2));
    expect(server.of('register.saveDraft')[1]).toMatchObject({ revision: 5, content: { name: '在对方版本上修改' } });
  });
});
