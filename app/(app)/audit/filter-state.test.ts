import { describe, expect, it } from 'vitest';
import { actionSuggestions, EMPTY_FILTER, exportUrl, filterFromSearchParams, filterToSearchParams, isTimelineFilter, registerOf, toWireFilter } from './filter-state';

describe('auditor page filter', () => {
  it('reads an entry timeline and a register timeline from the address', () => {
    const entry = filterFromSearchParams(new URLSearchParams('objectId=sanction-measure/SM-001'));
    expect(entry).toEqual({ ...EMPTY_FILTER, objectId: 'sanction-measure/SM-001' });
    expect(isTimelineFilter(entry)).toBe(true);
    expect(toWireFilter(entry)).toEqual({ objectId: 'sanction-measure/SM-001' });

    const register = filterFromSearchParams({ register: 'sanction-measure', action: ['entry.*', 'x'], unknown: 'y' });
    expect(toWireFilter(register)).toEqual({ objectType: 'register-entry', objectIdPrefix: 'sanction-measure/', action: 'entry.*' });
    expect(isTimelineFilter(EMPTY_FILTER)).toBe(false);
  });

  it('maps the form to the wire filter, dropping blanks', () => {
    const f = { ...EMPTY_FILTER, from: '2026-03-01', to: '2026-03-02', actor: ' auditor ', department: 'XYB', action: '' };
    expect(toWireFilter(f)).toEqual({ from: '2026-03-01', to: '2026-03-02', actorName: 'auditor', department: 'XYB' });
    expect(filterToSearchParams(f).toString()).toBe('from=2026-03-01&to=2026-03-02&actor=auditor&department=XYB');
  });

  it('downloads exactly the filter on screen', () => {
    const f = { ...EMPTY_FILTER, register: 'sanction-measure', to: '2026-03-02' };
    const url = new URL(exportUrl(f, 'jsonl'), 'http://x');
    expect(url.pathname).toBe('/api/audit/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'jsonl', ...toWireFilter(f) });
  });

  it('knows register entries and offers action groups', () => {
    expect(registerOf('register-entry', 'sanction-measure/SM-001')).toBe('sanction-measure');
    expect(registerOf('user', 'abc')).toBeNull();
    expect(actionSuggestions(['auth.sign_in', 'entry.publish', 'entry.save_draft'])).toEqual(['auth.*', 'entry.*', 'auth.sign_in', 'entry.publish', 'entry.save_draft']);
  });
});
