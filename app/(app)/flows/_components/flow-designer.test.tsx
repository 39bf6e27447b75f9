// The whole designer rendered to HTML (environment node, no requests are made while rendering):
// palette, toolbar and the live verdict of the validator are there, and a broken graph cannot be
// submitted.
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import zh from '../../../../messages/zh-CN.json';
import { TRPCReactProvider } from '@/app/_trpc/client';
import { singleFlow } from '@/catalog/flows/fixtures';
import type { FlowGraph } from '@/catalog/flows/types';
import { FlowDesigner } from './flow-designer';
import { emptyGraph } from './graph-edit';

const registers = { registers: { conflictTitle: 'x', conflictBody: 'x', conflictTakeTheirs: 'x', conflictKeepMine: 'x' } };

function render(graph: FlowGraph) {
  return renderToStaticMarkup(
    <IntlProvider locale="zh-CN" messages={{ ...zh, ...registers }} timeZone="Asia/Shanghai">
      <TRPCReactProvider>
        <FlowDesigner code="FLOW-T" draft={{ id: '00000000-0000-4000-8000-000000000001', version: 1, revision: 1, content: { name: '测试', appliesTo: 'register-change', graph } }} onSubmitted={() => {}} />
      </TRPCReactProvider>
    </IntlProvider>,
  );
}

describe('FlowDesigner (server-rendered HTML)', () => {
  it('renders the palette with every node type and the toolbar', () => {
    const html = render(singleFlow());
    for (const type of ['start', 'approval', 'condition', 'split', 'join', 'cc', 'timer', 'action', 'end']) expect(html).toContain(`data-testid="palette-${type}"`);
    for (const label of ['撤销', '重做', '自动布局', '导出 BPMN', '导入 BPMN', '提交审批']) expect(html).toContain(label);
    expect(html).toMatch(/data-testid="problem-count"[^>]*>未发现问题</);
  });

  it('counts the problems of a new flow and disables submitting it', () => {
    const html = render(emptyGraph());
    expect(html).toMatch(/data-testid="problem-count"[^>]*>2 个问题</);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="submit-flow"/);
  });
});
