/**
 * Dates and instants without the clock and without time-zone libraries.
 *
 * - A calendar date is `YYYY-MM-DD`; deadlines are calendar dates in Asia/Shanghai.
 * - An instant is ISO-8601 with seconds optional, a fraction optional and a zone required:
 *   `2023-08-31T23:59:59Z`, `2023-09-01T07:59:59.123+08:00`.
 * - Asia/Shanghai is UTC+8 all year (China has had no daylight saving time since 1991), so the
 *   Shanghai date of an instant is plain arithmetic.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MINUTES_PER_DAY = 24 * 60;

type CivilDate = { year: number; month: number; day: number };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return days[month - 1] ?? 0;
}

function isValidCivil(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil. */
function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function formatCivil({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseCalendarDate(value: string): CivilDate | null {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isValidCivil(year, month, day) ? { year, month, day } : null;
}

type ParsedInstant = { epochMinutesUtc: number; secondsAndFraction: number };

function parseInstant(value: string): ParsedInstant | null {
  const match = INSTANT.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = match[7] === undefined ? 0 : Number(`0.${match[7]}`);
  const zone = match[8] ?? 'Z';
  if (!isValidCivil(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMins = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const localMinutes = daysFromCivil({ year, month, day }) * MINUTES_PER_DAY + hour * 60 + minute;
  return { epochMinutesUtc: localMinutes - offsetMinutes, secondsAndFraction: second + fraction };
}

/** True for a real calendar date written `YYYY-MM-DD` (2023-02-29 is not one). */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && parseCalendarDate(value) !== null;
}

/** True for an ISO-8601 instant with an explicit zone (`Z` or `±hh:mm`). */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && parseInstant(value) !== null;
}

/** The Asia/Shanghai (UTC+8) calendar date of an instant: `2023-08-31T16:00:00Z` → `2023-09-01`. */
export function shanghaiDateOf(instant: string): string {
  const parsed = parseInstant(instant);
  if (!parsed) throw new RangeError(`不是 ISO-8601 时刻: ${instant}`);
  const shanghaiMinutes = parsed.epochMinutesUtc + SHANGHAI_OFFSET_MINUTES;
  return formatCivil(civilFromDays(Math.floor(shanghaiMinutes / MINUTES_PER_DAY)));
}

/** Negative, zero or positive as `a` is before, on or after `b` (both `YYYY-MM-DD`). */
export function compareCalendarDates(a: string, b: string): number {
  const [da, db] = [parseCalendarDate(a), parseCalendarDate(b)];
  if (!da || !db) throw new RangeError(`不是日历日期: ${a} / ${b}`);
  return daysFromCivil(da) - daysFromCivil(db);
}

/** Negative, zero or positive as instant `a` is before, at or after instant `b`. */
export function compareInstants(a: string, b: string): number {
  const [pa, pb] = [parseInstant(a), parseInstant(b)];
  if (!pa || !pb) throw new RangeError(`不是 ISO-8601 时刻: ${a} / ${b}`);
  const minutes = pa.epochMinutesUtc - pb.epochMinutesUtc;
  return minutes !== 0 ? minutes : pa.secondsAndFraction - pb.secondsAndFraction;
}

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new RangeError(`不是日历日期: ${date}`);
  return formatCivil(civilFromDays(daysFromCivil(parsed) + days));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return compareCalendarDates(to, from);
}

/** True when the deadline date has passed at `now`: its Shanghai date is after the deadline. */
export function isPastDeadline(now: string, deadline: string): boolean {
  return compareCalendarDates(shanghaiDateOf(now), deadline) > 0;
}
