import { describe, expect, it } from 'vitest';
import { CASE_EVENTS, CASE_STATES, FINAL_STATES, OPEN_STATES, eventsFrom, nextState } from './case';

describe('list case lifecycle', () => {
  it('runs the due process: proposed → notified → objection → answered → in decision → listed → expired', () => {
    let s = nextState('proposed', 'serve')!;
    expect(s).toBe('notified');
    s = nextState(s, 'object')!;
    expect(s).toBe('objection_open');
    s = nextState(s, 'answer-not-adopted')!;
    expect(s).toBe('objection_answered');
    s = nextState(s, 'submit')!;
    expect(s).toBe('in_decision');
    s = nextState(s, 'approve')!;
    expect(s).toBe('listed');
    expect(nextState(s, 'expire')).toBe('expired');
  });

  it('refuses moves that skip the due process', () => {
    expect(nextState('proposed', 'submit')).toBeNull(); // no decision before notice is served
    expect(nextState('objection_open', 'submit')).toBeNull(); // not while an objection is unanswered
    expect(nextState('proposed', 'approve')).toBeNull();
    expect(nextState('notified', 'approve')).toBeNull();
    expect(nextState('listed', 'object')).toBeNull();
    expect(nextState('rejected', 'approve')).toBeNull();
  });

  it('an adopted objection closes the case without listing', () => {
    expect(nextState('objection_open', 'answer-adopted')).toBe('closed');
  });

  it('a withdrawn decision goes back to where it was submitted from', () => {
    expect(nextState('in_decision', 'withdraw', 'objection_answered')).toBe('objection_answered');
    expect(nextState('in_decision', 'withdraw', 'notified')).toBe('notified');
    expect(nextState('in_decision', 'withdraw', 'listed')).toBe('notified');
  });

  it('final states allow no move; every open state allows at least one', () => {
    for (const s of FINAL_STATES) expect(eventsFrom(s)).toEqual([]);
    for (const s of OPEN_STATES) expect(eventsFrom(s).length).toBeGreaterThan(0);
    for (const s of CASE_STATES) for (const e of CASE_EVENTS) {
      const n = nextState(s, e);
      if (n) expect(CASE_STATES).toContain(n);
    }
  });
});
