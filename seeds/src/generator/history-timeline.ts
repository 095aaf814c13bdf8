import { addDays, daysBetween } from '@rectify/ledger-domain';
import { xuchangCampaign } from '../campaign/xuchang-campaign';

/**
 * Business time of a generated history. Instants are minutes since 00:00 (Asia/Shanghai) of the
 * city's issue date, written `YYYY-MM-DDTHH:MM:00+08:00`; dates are `YYYY-MM-DD`. All the dates of
 * 许巩固脱贫组〔2023〕4号 move with the start date.
 */
export type Minutes = number;

export const MINUTES_PER_DAY = 24 * 60;

export type HistoryTimeline = {
  startDate: string;
  phases: { name: string; startDate: string | null; endDate: string }[];
  immediate: string;
  fixedTerm: string;
  /** The city's report date (counties report to it). */
  cityReportDue: string;
  /** The county's report date for its townships (禹州市: 08-25), before per-county variation. */
  countyReportDue: string;
  /** First and last day of village inspections (全面排查). */
  inspectionFirstDay: number;
  inspectionLastDay: number;
  /** The generated history ends here: the 限期解决 date, 18:00. */
  horizon: Minutes;
  dateOf(minutes: Minutes): string;
  instantOf(minutes: Minutes): string;
  /** Day offset of a date from the start date. */
  dayOf(date: string): number;
  /** The instant of `hour:minute` on day `day`. */
  at(day: number, hour: number, minute?: number): Minutes;
};

const BASE_DATE = xuchangCampaign.issuedOn;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export function historyTimeline(startDate = BASE_DATE): HistoryTimeline {
  const shift = daysBetween(BASE_DATE, startDate);
  const moved = (date: string): string => addDays(date, shift);
  const dayOf = (date: string): number => daysBetween(startDate, date);
  const fixedTerm = moved(xuchangCampaign.fixByDeadlineBy);
  const inspection = xuchangCampaign.phases[1];
  const dateCache = new Map<number, string>();
  const dateOf = (minutes: Minutes): string => {
    const day = Math.floor(minutes / MINUTES_PER_DAY);
    let date = dateCache.get(day);
    if (date === undefined) {
      date = addDays(startDate, day);
      dateCache.set(day, date);
    }
    return date;
  };
  return {
    startDate,
    phases: xuchangCampaign.phases.map((p) => ({ name: p.name, startDate: p.startsOn === null ? null : moved(p.startsOn), endDate: moved(p.endsOn) })),
    immediate: moved(xuchangCampaign.fixAtOnceBy),
    fixedTerm,
    cityReportDue: moved(xuchangCampaign.reporting.by),
    countyReportDue: moved('2023-08-25'),
    inspectionFirstDay: dayOf(moved(inspection?.startsOn ?? '2023-07-26')) + 2,
    inspectionLastDay: dayOf(moved(inspection?.endsOn ?? '2023-08-10')),
    horizon: dayOf(fixedTerm) * MINUTES_PER_DAY + 18 * 60,
    dateOf,
    instantOf: (minutes) => {
      const inDay = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
      return `${dateOf(minutes)}T${two(Math.floor(inDay / 60))}:${two(inDay % 60)}:00+08:00`;
    },
    dayOf,
    at: (day, hour, minute = 0) => day * MINUTES_PER_DAY + hour * 60 + minute,
  };
}
