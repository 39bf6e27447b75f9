'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { cn } from './ui/cn';

export interface ShellNavItem {
  href: string;
  label: string;
  /** A count shown beside the label (我的待办), with its accessible wording. */
  badge?: { count: number; label: string };
}

const KEY = 'nav-collapsed';

/**
 * The sidebar and the page. The sidebar collapses with the 菜单 button (remembered per browser);
 * below 1024 px it starts collapsed and opens above the page, so a tablet never scrolls sideways.
 */
export function AppShell({ items, navLabel, toggleLabels, children }: { items: ShellNavItem[]; navLabel: string; toggleLabels: { open: string; close: string }; children: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(true);
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const mq = window.matchMedia('(max-width: 1023px)');
    const apply = () => {
      setNarrow(mq.matches);
      const saved = window.localStorage.getItem(KEY);
      setOpen(mq.matches ? false : saved !== '1');
    };
    apply();
    mq.addEventListener('change', apply);
    return () => mq.removeEventListener('change', apply);
  }, []);
  // On a narrow screen, following a link closes the menu.
  useEffect(() => {
    if (narrow) setOpen(false);
  }, [pathname, narrow]);
  const toggle = () => {
    setOpen((o) => {
      if (!narrow) window.localStorage.setItem(KEY, o ? '1' : '0');
      return !o;
    });
  };
  const active = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <div className="mx-auto max-w-7xl px-4 py-4 lg:py-6">
      <button
        type="button"
        className="mb-3 inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50"
        aria-expanded={open}
        aria-controls="main-nav"
        onClick={toggle}
        data-testid="nav-toggle"
      >
        <span aria-hidden="true">☰</span>
        {open ? toggleLabels.close : toggleLabels.open}
      </button>
      <div className="flex flex-col gap-4 lg:flex-row lg:gap-6">
        <nav id="main-nav" aria-label={navLabel} className={cn('shrink-0 lg:w-48', open ? 'block' : 'hidden')}>
          <ul className="grid grid-cols-2 gap-1 text-sm sm:grid-cols-3 lg:block lg:space-y-1" data-testid="main-nav">
            {items.map((item) => (
              <li key={item.href} className="relative">
                <Link
                  href={item.href}
                  aria-current={active(item.href) ? 'page' : undefined}
                  className={cn('block rounded-md px-3 py-2 pr-10 hover:bg-slate-100', active(item.href) && 'bg-brand-50 font-medium text-brand-900')}
                >
                  {item.label}
                </Link>
                {item.badge && item.badge.count > 0 ? (
                  // Beside the link, not in it: the link keeps its plain name; the count reads as its own text.
                  <span className="absolute right-2 top-1/2 -translate-y-1/2 rounded-full bg-red-700 px-2 text-xs font-semibold text-white" data-testid="nav-badge" title={item.badge.label}>
                    {item.badge.count}
                    <span className="sr-only">（{item.badge.label}）</span>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
