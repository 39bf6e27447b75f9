// @vitest-environment happy-dom
// @vitest-environment-options {"url": "http://localhost:3000/grading/GM-1"}
/**
 * The unsaved-changes guard in a DOM: with edits, closing the page is refused (the browser asks),
 * following an in-app link or pressing Back asks first and "留在此页" keeps the page; without
 * edits nothing is held. Playwright covers the same on the real editor pages.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { IntlProvider } from 'use-intl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import zh from '../../messages/zh-CN.json';
import { UnsavedChangesGuard } from './unsaved-changes';

const push = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ push }) }));

function page(dirty: boolean) {
  return (
    <IntlProvider locale="zh-CN" messages={zh} timeZone="Asia/Shanghai">
      <UnsavedChangesGuard when={dirty} />
      <a href="/grading/GM-1/runs">评价运行</a>
      <a href="#main">跳到正文</a>
      <a href="/api/records/export?format=csv" download>
        导出
      </a>
      <a href="https://example.invalid/">外部网站</a>
    </IntlProvider>
  );
}

/**
 * A click as the browser dispatches it; true when nothing held it, i.e. it reached the page's own
 * handlers un-prevented (Next's <Link> would then navigate). The real navigation is cancelled here
 * so the test page stays where it is.
 */
function clickLink(name: string): boolean {
  let reached = false;
  let prevented = false;
  const page = (e: Event) => {
    reached = true;
    prevented = e.defaultPrevented;
    e.preventDefault();
  };
  document.addEventListener('click', page);
  act(() => {
    screen.getByText(name).dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
  });
  document.removeEventListener('click', page);
  return reached && !prevented;
}

function beforeUnloadRefused(): boolean {
  const ev = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(ev);
  return ev.defaultPrevented;
}

afterEach(() => {
  cleanup();
  push.mockReset();
});

describe('UnsavedChangesGuard', () => {
  it('without edits holds nothing', () => {
    render(page(false));
    expect(beforeUnloadRefused()).toBe(false);
    expect(clickLink('评价运行')).toBe(true);
    expect(screen.queryByText('有未保存的修改')).toBeNull();
  });

  it('with edits: closing asks; a link asks, 留在此页 stays, 放弃修改并离开 follows it', async () => {
    render(page(true));
    expect(beforeUnloadRefused()).toBe(true);

    expect(clickLink('评价运行')).toBe(false);
    expect(screen.getByRole('dialog', { name: '有未保存的修改' })).toBeTruthy();
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: '留在此页' })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(push).not.toHaveBeenCalled();

    expect(clickLink('评价运行')).toBe(false);
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: '放弃修改并离开' })));
    expect(push).toHaveBeenCalledWith('/grading/GM-1/runs');
    // Leaving for good: the page no longer refuses to unload.
    expect(beforeUnloadRefused()).toBe(false);
  });

  it('with edits: same-page anchors, downloads and other sites are not held by the dialog', () => {
    render(page(true));
    expect(clickLink('跳到正文')).toBe(true);
    expect(clickLink('导出')).toBe(true);
    expect(clickLink('外部网站')).toBe(true); // the browser's own beforeunload question covers leaving the site
    expect(screen.queryByText('有未保存的修改')).toBeNull();
  });

  it('with edits: Back lands on a copy of this page and asks; staying puts the copy back', async () => {
    window.history.replaceState(null, '', window.location.href); // a fresh entry, as on opening the page
    const before = window.history.length;
    render(page(true));
    expect(window.history.length).toBe(before + 1);
    expect(window.history.state).toMatchObject({ __unsavedGuard: true });
    await act(async () => void window.dispatchEvent(new PopStateEvent('popstate', { state: null })));
    expect(screen.getByRole('dialog', { name: '有未保存的修改' })).toBeTruthy();
    const pushState = vi.spyOn(window.history, 'pushState');
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: '留在此页' })));
    expect(pushState).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
