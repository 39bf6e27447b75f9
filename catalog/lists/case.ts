/**
 * The due process of a list case (DESIGN §8: one case lifecycle, transitions checked in one place).
 *
 *   proposed ──serve──▶ notified ──object──▶ objection_open ──answer (not adopted)──▶ objection_answered
 *      │                   │  ▲                      └──answer (adopted)──▶ closed        │
 *      │                   │  └──────────────────────object (again, inside the window)────┘
 *      │                   └──submit (window closed, nothing open)──▶ in_decision ◀──submit──┘
 *      └──close──▶ closed                                   │  approve ▶ listed ──expire▶ expired
 *                                                          │  reject  ▶ rejected  └─remove/repair/revoke▶ removed / revoked
 *                                                          └─withdraw ▶ back to where it was submitted from
 *
 * Producing the prior notice (拟列入告知书) happens inside `proposed` (it is numbered and kept); the
 * objection window runs from the day it is served. The guards that need dates (window open or
 * closed) are in server/lists/service.ts; this module only says which moves exist.
 */
export const CASE_STATES = ['proposed', 'notified', 'objection_open', 'objection_answered', 'in_decision', 'listed', 'rejected', 'closed', 'removed', 'expired', 'revoked'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_EVENTS = ['serve', 'object', 'answer-adopted', 'answer-not-adopted', 'submit', 'approve', 'reject', 'withdraw', 'close', 'remove', 'repair', 'revoke', 'expire'] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

const MOVES: Record<CaseEvent, { from: readonly CaseState[]; to: CaseState | 'previous' }> = {
  serve: { from: ['proposed'], to: 'notified' },
  object: { from: ['notified', 'objection_answered'], to: 'objection_open' },
  'answer-adopted': { from: ['objection_open'], to: 'closed' },
  'answer-not-adopted': { from: ['objection_open'], to: 'objection_answered' },
  submit: { from: ['notified', 'objection_answered'], to: 'in_decision' },
  approve: { from: ['in_decision'], to: 'listed' },
  reject: { from: ['in_decision'], to: 'rejected' },
  withdraw: { from: ['in_decision'], to: 'previous' },
  close: { from: ['proposed', 'notified', 'objection_answered'], to: 'closed' },
  remove: { from: ['listed'], to: 'removed' },
  repair: { from: ['listed'], to: 'removed' },
  revoke: { from: ['listed'], to: 'revoked' },
  expire: { from: ['listed'], to: 'expired' },
};

/** States in which the case is still open (a subject cannot be proposed again on the same list). */
export const OPEN_STATES: readonly CaseState[] = ['proposed', 'notified', 'objection_open', 'objection_answered', 'in_decision'];
/** States that end the case. */
export const FINAL_STATES: readonly CaseState[] = ['rejected', 'closed', 'removed', 'expired', 'revoked'];

export function canMove(state: CaseState, event: CaseEvent): boolean {
  return MOVES[event].from.includes(state);
}

/**
 * The state after `event`, or null when the move does not exist from `state`. `previous` is where
 * an in-decision case returns to when its decision is withdrawn.
 */
export function nextState(state: CaseState, event: CaseEvent, previous?: CaseState | null): CaseState | null {
  const move = MOVES[event];
  if (!move.from.includes(state)) return null;
  if (move.to !== 'previous') return move.to;
  return previous && (previous === 'notified' || previous === 'objection_answered') ? previous : 'notified';
}

/** The moves a page may offer in `state` (the server checks again, with dates and roles). */
export function eventsFrom(state: CaseState): CaseEvent[] {
  return CASE_EVENTS.filter((e) => MOVES[e].from.includes(state));
}
