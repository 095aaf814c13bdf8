import {
  compareCalendarDates,
  isCalendarDate,
  type CampaignDeadlines,
  type Milestone,
  type RectificationDeadline,
} from '@rectify/ledger-domain';

const LONG_TERM_PREFIX = '长效机制，分阶段解决：';

/**
 * The 整改时限 cell of the official ledger:
 * - 立行立改（2023-08-31前） / 限期解决（2023-10-31前）;
 * - 长效机制，分阶段解决：2023-09-30 完成摸排；2023-12-31 全部验收;
 * - followed by （已延期至2023-11-15） when an approved extension moved the due date.
 * parseDeadlineText reads all of these back.
 */
export function formatDeadline(deadline: RectificationDeadline | null, dueDate: string | null): string {
  if (deadline === null) return dueDate ?? '';
  let text: string;
  let planned: string;
  switch (deadline.kind) {
    case 'immediate':
      text = `立行立改（${deadline.date}前）`;
      planned = deadline.date;
      break;
    case 'fixed_term':
      text = `限期解决（${deadline.date}前）`;
      planned = deadline.date;
      break;
    case 'long_term':
      text = `${LONG_TERM_PREFIX}${deadline.milestones.map((m) => `${m.date} ${m.description}`).join('；')}`;
      planned = deadline.milestones[deadline.milestones.length - 1]?.date ?? '';
      break;
    default: {
      const unknown: never = deadline;
      throw new RangeError(`未知的整改时限类别：${JSON.stringify(unknown)}`);
    }
  }
  return dueDate !== null && dueDate !== planned ? `${text}（已延期至${dueDate}）` : text;
}

export type ParsedDeadline =
  | { ok: true; deadline: RectificationDeadline; extendedTo: string | null }
  | { ok: false; reason: string };

const FULL_DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/gu;
const DATE_WITHOUT_YEAR = /\d{1,2}\s*月\s*\d{1,2}\s*日/u;
const EXTENSION = /[（(]?\s*已?延期至\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*[）)]?/u;

type FoundDate = { date: string | null; raw: string; index: number };

function findDates(text: string): FoundDate[] {
  return [...text.matchAll(FULL_DATE)].map((match) => {
    const date = `${match[1]}-${String(match[2]).padStart(2, '0')}-${String(match[3]).padStart(2, '0')}`;
    return { date: isCalendarDate(date) ? date : null, raw: match[0], index: match.index ?? 0 };
  });
}

/** An Excel date cell (exceljs gives a Date at UTC midnight) as `YYYY-MM-DD`. */
export function dateOfExcelDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

function classify(date: string, campaign: CampaignDeadlines): ParsedDeadline {
  if (compareCalendarDates(date, campaign.immediate) <= 0) return { ok: true, deadline: { kind: 'immediate', date }, extendedTo: null };
  if (compareCalendarDates(date, campaign.fixedTerm) <= 0) return { ok: true, deadline: { kind: 'fixed_term', date }, extendedTo: null };
  return {
    ok: false,
    reason: `整改时限 ${date} 晚于限期解决时限 ${campaign.fixedTerm}；长期问题请写“长效机制，分阶段解决：日期 阶段目标；…”`,
  };
}

function parseLongTerm(text: string): ParsedDeadline {
  const body = text.replace(/长效机制|长效|分阶段解决/gu, '').replace(/^[\s，,：:]+/u, '');
  const milestones: Milestone[] = [];
  for (const segment of body.split(/[；;\n]/u)) {
    if (segment.trim().length === 0) continue;
    const dates = findDates(segment);
    const first = dates[0];
    if (!first) return { ok: false, reason: `长效整改的阶段目标“${segment.trim()}”缺少日期` };
    if (first.date === null) return { ok: false, reason: `“${first.raw}”不是有效的日期` };
    const description = segment.replace(first.raw, '').replace(/^[\s，,：:]+|[\s，,。]+$/gu, '');
    if (description.length === 0) return { ok: false, reason: `长效整改 ${first.date} 的阶段目标缺少内容` };
    const previous = milestones[milestones.length - 1];
    if (previous && compareCalendarDates(first.date, previous.date) <= 0) {
      return { ok: false, reason: '长效整改的阶段目标日期必须逐个推后' };
    }
    milestones.push({ date: first.date, description });
  }
  if (milestones.length === 0) return { ok: false, reason: '长效整改至少要写一个阶段目标（日期 内容）' };
  return { ok: true, deadline: { kind: 'long_term', milestones }, extendedTo: null };
}

/**
 * Reads a 整改时限 cell: a date (Excel date, 2023-08-31, 2023/8/31, 2023.8.31, 2023年8月31日), the words
 * 立行立改 / 限期解决 (the campaign's dates, or the date written next to them), or 长效 with milestones.
 * A bare date is 立行立改 when not after the campaign's 立行立改 date, else 限期解决 when not after that
 * date, else rejected. Reasons are Chinese.
 */
export function parseDeadlineText(value: string | Date | null, campaign: CampaignDeadlines): ParsedDeadline {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: '整改时限不是有效的日期' };
    return classify(dateOfExcelDate(value), campaign);
  }
  const original = (value ?? '').trim();
  if (original.length === 0) return { ok: false, reason: '整改时限不能为空' };

  let text = original;
  let extendedTo: string | null = null;
  const extension = EXTENSION.exec(text);
  if (extension) {
    const [found] = findDates(extension[1] ?? '');
    if (!found || found.date === null) return { ok: false, reason: `延期日期“${extension[1]}”不是有效的日期` };
    extendedTo = found.date;
    text = text.replace(extension[0], '').trim();
  }

  let parsed: ParsedDeadline;
  if (text.includes('长效')) {
    parsed = parseLongTerm(text);
  } else {
    const dates = findDates(text);
    const invalid = dates.find((found) => found.date === null);
    if (invalid) return { ok: false, reason: `“${invalid.raw}”不是有效的日期` };
    if (dates.length > 1) return { ok: false, reason: '整改时限只能写一个日期（长期问题请写“长效机制”和阶段目标）' };
    const date = dates[0]?.date ?? null;
    const kind = text.includes('立行立改') ? 'immediate' : /限期(解决|整改)/u.test(text) ? 'fixed_term' : null;
    if (kind !== null) {
      const limit = kind === 'immediate' ? campaign.immediate : campaign.fixedTerm;
      const label = kind === 'immediate' ? '立行立改' : '限期解决';
      if (date !== null && compareCalendarDates(date, limit) > 0) {
        return { ok: false, reason: `${label}的整改时限 ${date} 不能晚于专项行动规定的 ${limit}` };
      }
      parsed = { ok: true, deadline: { kind, date: date ?? limit }, extendedTo: null };
    } else if (date !== null) {
      parsed = classify(date, campaign);
    } else if (DATE_WITHOUT_YEAR.test(text)) {
      return { ok: false, reason: `整改时限“${original}”缺少年份，请写成 2023-08-31 这样的日期` };
    } else {
      return { ok: false, reason: `整改时限“${original}”无法识别：请填写日期（如 2023-08-31）或“立行立改”“限期解决”` };
    }
  }
  if (!parsed.ok) return parsed;
  if (extendedTo !== null) {
    if (parsed.deadline.kind === 'long_term') return { ok: false, reason: '长效整改不能延期（请调整阶段目标）' };
    if (compareCalendarDates(extendedTo, parsed.deadline.date) <= 0) {
      return { ok: false, reason: `延期日期 ${extendedTo} 必须晚于原整改时限 ${parsed.deadline.date}` };
    }
  }
  return { ...parsed, extendedTo };
}
