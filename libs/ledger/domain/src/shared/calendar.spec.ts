import fc from 'fast-check';
import {
  addDays,
  compareCalendarDates,
  compareInstants,
  daysBetween,
  isCalendarDate,
  isIsoInstant,
  isPastDeadline,
  shanghaiDateOf,
} from './calendar';

describe('calendar dates and instants (Asia/Shanghai = UTC+8, no DST)', () => {
  it.each([
    ['2023-08-31T15:59:59Z', '2023-08-31'],
    ['2023-08-31T16:00:00Z', '2023-09-01'],
    ['2023-08-31T23:59:59+08:00', '2023-08-31'],
    ['2023-09-01T00:00:00+08:00', '2023-09-01'],
    ['2023-08-31T12:00-05:00', '2023-09-01'],
    ['2023-12-31T16:00:00.000Z', '2024-01-01'],
    ['2024-02-28T16:30:00Z', '2024-02-29'],
    ['1999-12-31T16:00:00Z', '2000-01-01'],
  ])('the Shanghai date of %s is %s', (instant, date) => {
    expect(shanghaiDateOf(instant)).toBe(date);
  });

  it('agrees with the platform clock arithmetic for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        const expected = new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
        expect(shanghaiDateOf(iso)).toBe(expected);
      }),
    );
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2023-08-31')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '2023-13-01', '2023-8-31', '2023-08-31T00:00:00Z', '', '2023-04-31']) {
      expect(isCalendarDate(bad)).toBe(false);
    }
  });

  it('accepts only instants with a zone', () => {
    expect(isIsoInstant('2023-08-02T10:00:00Z')).toBe(true);
    expect(isIsoInstant('2023-08-02T10:00:00.123456+08:00')).toBe(true);
    for (const bad of ['2023-08-02T10:00:00', '2023-08-02', '2023-08-02T24:00:00Z', '2023-08-02T10:60Z', 'now']) {
      expect(isIsoInstant(bad)).toBe(false);
    }
  });

  it('compares instants across zones and fractions', () => {
    expect(compareInstants('2023-08-31T16:00:00Z', '2023-09-01T00:00:00+08:00')).toBe(0);
    expect(compareInstants('2023-08-31T16:00:00.5Z', '2023-08-31T16:00:00Z')).toBeGreaterThan(0);
    expect(compareInstants('2023-08-31T15:59Z', '2023-08-31T16:00Z')).toBeLessThan(0);
  });

  it('adds and counts calendar days', () => {
    expect(addDays('2023-08-31', 1)).toBe('2023-09-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2023-08-31', '2023-10-31')).toBe(61);
    expect(compareCalendarDates('2023-08-25', '2023-09-05')).toBeLessThan(0);
  });

  it('treats a deadline as passed only after its Shanghai calendar day', () => {
    expect(isPastDeadline('2023-08-31T15:59:59Z', '2023-08-31')).toBe(false);
    expect(isPastDeadline('2023-08-31T16:00:00Z', '2023-08-31')).toBe(true);
  });
});
