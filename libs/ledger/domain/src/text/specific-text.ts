/**
 * The ledger's own rules on texts (checklist items 68–70): a result may not be blank nor a bare
 * "已整改" or the like; measures must be specific, not "立即整改" or "加强管理".
 *
 * The rule, applied to a result or to measures:
 * 1. Normalise: Unicode NFKC (full-width letters, digits and punctuation become their ASCII
 *    forms), lower-case, then remove every white-space, punctuation (\p{P}: 。，！、；：…“”（）
 *    and their ASCII forms) and symbol (\p{S}: ✓, ★, emoji) character.
 * 2. Reject when nothing is left (`blank`).
 * 3. Reject when what is left can be cut entirely into bare phrases and filler words from the
 *    lists below, e.g. "已整改。" "已整改，已完成！" "该问题已全部整改到位" (`bare_phrase`).
 * 4. Reject when fewer than MIN_MEANINGFUL_CHARS characters are left (`too_short`).
 */

export const MIN_MEANINGFUL_CHARS = 6;

/** Bare results: they say that something was done, never what. */
export const BARE_RESULT_PHRASES: readonly string[] = [
  '已整改', '整改', '已整改到位', '整改到位', '已整改完成', '整改完成', '整改完毕', '整改结束',
  '已完成', '完成', '完毕', '已完毕', '结束', '已处理', '处理', '处理完毕', '处理到位',
  '已解决', '解决', '已落实', '落实', '落实到位', '已到位', '到位', '已改', '已改正', '改正',
  '已纠正', '纠正', '已办结', '办结', '已销号', '销号', '已清零', '清零', '动态清零',
  '已核实', '核实', '已督促', '督促', '无问题', '没问题', '正常', '整改中', '正在整改',
  '立行立改', '好了', 'ok', 'done', 'yes', 'fixed',
];

/** Bare measures: intentions without an action on this problem. */
export const BARE_MEASURE_PHRASES: readonly string[] = [
  '整改', '立即整改', '马上整改', '及时整改', '抓紧整改', '认真整改', '彻底整改', '限期整改',
  '落实整改', '督促整改', '按要求整改', '立行立改', '整改到位', '加强', '加强管理', '加强监管',
  '加强学习', '加强领导', '加强督导', '强化', '强化责任', '高度重视', '提高认识', '提高站位',
  '加大力度', '进一步', '严格落实', '落实', '落实责任', '压实责任', '责任', '管理', '规范管理',
  '完善制度', '建立长效机制', '长效机制', '持续推进', '全面排查', '举一反三', '确保', '到位',
  '完成', '督促', '切实', '认真', '及时', '立即', '马上', '抓紧', '彻底', '全面', '深入',
];

/** Words that add nothing when the rest is bare: "该问题已全部整改到位" is still bare. */
export const FILLER_WORDS: readonly string[] = [
  '已', '已经', '现已', '现', '目前', '均', '均已', '都', '全部', '全面', '基本', '彻底', '认真',
  '及时', '立即', '马上', '是', '好', '问题', '该问题', '此问题', '上述问题', '相关问题', '相关',
  '按要求', '按照要求', '根据要求', '要求', '并', '且', '和', '及', '对', '予以', '进行', '开展',
  '工作', '情况', '事项', '本村', '我村',
];

export type TextRejection = 'blank' | 'bare_phrase' | 'too_short' | 'copies_problem';

export type TextCheck = { ok: true; normalised: string } | { ok: false; reason: TextRejection; normalised: string };

/** Step 1 of the rule: NFKC, lower-case, drop white space, punctuation and symbols. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/** True when `normalised` can be cut entirely into words of `vocabulary` (left to right, any cut). */
function isMadeOfOnly(normalised: string, vocabulary: ReadonlySet<string>, longest: number): boolean {
  const reachable: boolean[] = [true];
  for (let end = 1; end <= normalised.length; end++) {
    reachable[end] = false;
    for (let length = 1; length <= Math.min(longest, end); length++) {
      if (reachable[end - length] && vocabulary.has(normalised.slice(end - length, end))) {
        reachable[end] = true;
        break;
      }
    }
  }
  return reachable[normalised.length] === true;
}

function makeChecker(phrases: readonly string[]): (text: string) => TextCheck {
  const vocabulary = new Set([...phrases, ...FILLER_WORDS].map(normaliseText));
  const longest = Math.max(...[...vocabulary].map((word) => word.length));
  return (text) => {
    const normalised = normaliseText(typeof text === 'string' ? text : '');
    if (normalised.length === 0) return { ok: false, reason: 'blank', normalised };
    if (isMadeOfOnly(normalised, vocabulary, longest)) return { ok: false, reason: 'bare_phrase', normalised };
    if ([...normalised].length < MIN_MEANINGFUL_CHARS) return { ok: false, reason: 'too_short', normalised };
    return { ok: true, normalised };
  };
}

const resultChecker = makeChecker(BARE_RESULT_PHRASES);
const measuresChecker = makeChecker(BARE_MEASURE_PHRASES);

/** The 整改结果 rule: see the module comment. */
export function checkResultText(text: string): TextCheck {
  return resultChecker(text);
}

/**
 * The 整改措施 rule: the same steps with the bare-measure list, and measures that merely repeat
 * the problem description (after normalisation) are rejected as `copies_problem`.
 */
export function checkMeasuresText(text: string, problemDescription?: string): TextCheck {
  const check = measuresChecker(text);
  if (check.ok && problemDescription !== undefined && check.normalised === normaliseText(problemDescription)) {
    return { ok: false, reason: 'copies_problem', normalised: check.normalised };
  }
  return check;
}
