import { describe, expect, it } from 'vitest';
import { durationToWorkingDays } from './iso-duration';

describe('ISO 8601 durations → working days', () => {
  it.each([
    ['P5D', 5, 'days'],
    ['P1W', 5, 'weeks'],
    ['P2W', 10, 'weeks'],
    ['P1W2D', 7, 'mixed'],
    ['PT4H', 1, 'hours'],
    ['PT24H', 1, 'hours'],
    ['PT24H1S', 2, 'hours'],
    ['PT36H', 2, 'hours'],
    ['PT90M', 1, 'hours'],
    ['PT1.5H', 1, 'hours'],
    ['P1DT12H', 2, 'mixed'],
    ['P0.5W', 3, 'weeks'],
    ['p1w', 5, 'weeks'],
    [' P3D ', 3, 'days'],
  ])('%s → %i working days (%s)', (iso, days, rule) => {
    expect(durationToWorkingDays(iso)).toEqual({ ok: true, workingDays: days, rule });
  });

  it('never makes a deadline earlier than the diagram: clock hours round up to whole days', () => {
    for (const h of [1, 23, 24, 25, 47, 48, 49]) {
      const r = durationToWorkingDays(`PT${h}H`);
      expect(r.ok && r.workingDays * 24).toBeGreaterThanOrEqual(h);
    }
  });

  it.each([
    ['P2M', 'monthsOrYears'],
    ['P1Y2D', 'monthsOrYears'],
    ['P1Y', 'monthsOrYears'],
    ['PT0S', 'zero'],
    ['P0D', 'zero'],
    ['P', 'notADuration'],
    ['PT', 'notADuration'],
    ['P1DT', 'notADuration'],
    ['${dueDate}', 'notADuration'],
    ['R3/PT1H', 'notADuration'],
    ['2025-12-31T17:00:00+08:00', 'notADuration'],
    ['5 days', 'notADuration'],
  ])('refuses %s (%s)', (iso, reason) => {
    expect(durationToWorkingDays(iso)).toEqual({ ok: false, reason });
  });
});
