'use client';
/**
 * The one guard every editor page uses so that nothing typed is lost without asking:
 * `<UnsavedChangesGuard when={dirty} />`. While `when` is true it asks before
 * - the page is closed or reloaded, or the browser leaves for another site (beforeunload: the
 *   browser shows its own question there);
 * - an in-app link is followed (the navigation, the designer's 评价运行 tab, breadcrumbs…): the click
 *   is held and our dialog asks; "放弃修改并离开" follows the link;
 * - the browser's Back button is pressed: an extra history entry for the same page is pushed when
 *   the first edit happens, so Back lands on this page again and the dialog asks; "离开" goes back
 *   for real. (After a save that entry stays: one Back press then does nothing visible.)
 * Programmatic navigation after a successful save (router.push) is not held: the page decides that.
 */
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from './ui/button';
import { Dialog } from './ui/dialog';

const MARK = '__unsavedGuard';

type Pending = { kind: 'link'; href: string } | { kind: 'back' };

/** The in-app destination of a click on a link, or null when the click is not one to hold. */
function heldLink(e: MouseEvent): string | null {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return null;
  const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
  if (!a || a.hasAttribute('download') || (a.target && a.target !== '_self')) return null;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin) return null; // leaving the site: beforeunload asks
  if (url.pathname.startsWith('/api/')) return null; // a download, not a navigation
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null; // same page (e.g. #main)
  return url.pathname + url.search + url.hash;
}

export function UnsavedChangesGuard({ when }: { when: boolean }) {
  const t = useTranslations('unsavedChanges');
  const router = useRouter();
  const [pending, setPending] = useState<Pending | null>(null);
  const active = useRef(when);
  active.current = when;
  const leaving = useRef(false);

  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (leaving.current) return;
      e.preventDefault();
      e.returnValue = ''; // older browsers need it set to ask
    };
    const onClick = (e: MouseEvent) => {
      if (leaving.current) return;
      const href = heldLink(e);
      if (!href) return;
      e.preventDefault();
      e.stopImmediatePropagation(); // before Next's <Link> handler (React listens at the root, below window)
      setPending({ kind: 'link', href });
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
    };
  }, [when]);

  // Back button: a same-page entry above this one (Next's own state copied, so its router restores this page).
  useEffect(() => {
    if (!when) return;
    if (!window.history.state?.[MARK]) window.history.pushState({ ...window.history.state, [MARK]: true }, '', window.location.href);
    const onPopState = () => {
      if (leaving.current || !active.current) return;
      setPending({ kind: 'back' });
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [when]);

  const stay = useCallback(() => {
    if (pending?.kind === 'back') window.history.pushState({ ...window.history.state, [MARK]: true }, '', window.location.href);
    setPending(null);
  }, [pending]);

  const leave = useCallback(() => {
    const p = pending;
    leaving.current = true;
    setPending(null);
    if (p?.kind === 'link') router.push(p.href);
    else window.history.back();
  }, [pending, router]);

  return (
    <Dialog open={pending !== null} onOpenChange={(o) => !o && stay()} title={t('title')}>
      <p className="mb-5 text-sm text-slate-700" data-testid="unsaved-changes">
        {t('body')}
      </p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={stay} autoFocus>
          {t('stay')}
        </Button>
        <Button variant="danger" onClick={leave}>
          {t('leave')}
        </Button>
      </div>
    </Dialog>
  );
}
