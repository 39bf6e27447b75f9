// No DOM (environment node): the panel is rendered to HTML, enough to check that each node type
// shows its parameters with their labels from the flows message fragment.
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import zh from '../../../../messages/zh-CN.json';
import en from '../../../../messages/en.json';
import { conditionFlow, sequentialFlow } from '@/catalog/flows/fixtures';
import type { FlowGraph } from '@/catalog/flows/types';
import { NodePanel } from './node-panel';

const directory = {
  roles: ['admin', 'editor', 'approver'],
  departments: [{ id: 'd1', code: 'SCJG', nameZh: '市场监管局', nameEn: 'Market Regulation' }],
  users: [
    { id: 'u1', username: 'approver', name: '审批员', departmentId: 'd1' },
    { id: 'u2', username: 'approver2', name: '第二审批员', departmentId: 'd1' },
  ],
};

function render(graph: FlowGraph, nodeId: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const node = graph.nodes.find((n) => n.id === nodeId)!;
  return renderToStaticMarkup(
    <IntlProvider locale={locale} messages={locale === 'zh-CN' ? zh : en} timeZone="Asia/Shanghai">
      <NodePanel node={node} graph={graph} directory={directory} onChange={() => {}} onSettle={() => {}} />
    </IntlProvider>,
  );
}

describe('NodePanel (server-rendered HTML)', () => {
  it('shows an approval step: assignee users, mode, deadline with escalation role', () => {
    const html = render(sequentialFlow(), 'a1');
    expect(html).toContain('处理人');
    expect(html).toContain('审批员');
    expect(html).toMatch(/<option value="sequential" selected="">依次审批<\/option>/);
    expect(html).toContain('会签');
    expect(html).toMatch(/<option value="escalate" selected="">升级给角色<\/option>/);
    expect(html).toMatch(/<option value="admin" selected="">系统管理员<\/option>/);
  });

  it('shows a condition: each outgoing edge, the default radio and the visual builder', () => {
    const html = render(conditionFlow(), 'cond', 'en');
    expect(html).toContain('Default');
    expect(html).toContain('data-testid="expression-builder"');
    expect(html).toContain('value="data.amount"');
    expect(html).toContain(`<option value="&gt;=" selected="">at least</option>`);
    expect(html).toContain('value="10000"');
  });
});
