import { formatDeadline, parseDeadlineText } from './deadline-text';

const campaign = { immediate: '2023-08-31', fixedTerm: '2023-10-31' };

describe('整改时限 cell text', () => {
  it.each`
    text                                     | expected
    ${'2023-08-20'}                          | ${{ kind: 'immediate', date: '2023-08-20' }}
    ${'2023/9/5'}                            | ${{ kind: 'fixed_term', date: '2023-09-05' }}
    ${'2023年10月31日前'}                    | ${{ kind: 'fixed_term', date: '2023-10-31' }}
    ${'立行立改'}                            | ${{ kind: 'immediate', date: '2023-08-31' }}
    ${'限期解决'}                            | ${{ kind: 'fixed_term', date: '2023-10-31' }}
    ${'立行立改（2023-08-25前）'}            | ${{ kind: 'immediate', date: '2023-08-25' }}
    ${'长效机制：2023-09-30 摸排；2023-12-31 验收'} | ${{ kind: 'long_term', milestones: [{ date: '2023-09-30', description: '摸排' }, { date: '2023-12-31', description: '验收' }] }}
  `('reads "$text"', ({ text, expected }) => {
    expect(parseDeadlineText(text, campaign)).toEqual({ ok: true, deadline: expected, extendedTo: null });
  });

  it.each`
    text                        | reason
    ${''}                       | ${'整改时限不能为空'}
    ${'8月31日'}                | ${'缺少年份'}
    ${'2023-11-30'}             | ${'晚于限期解决时限'}
    ${'立行立改（2023-09-10）'} | ${'不能晚于专项行动规定的 2023-08-31'}
    ${'尽快'}                   | ${'无法识别'}
    ${'2023-08-01 2023-08-02'}  | ${'只能写一个日期'}
  `('rejects "$text"', ({ text, reason }) => {
    const parsed = parseDeadlineText(text, campaign);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });

  it('writes what it reads, extensions included', () => {
    const text = formatDeadline({ kind: 'fixed_term', date: '2023-10-31' }, '2023-11-30');
    expect(text).toBe('限期解决（2023-10-31前）（已延期至2023-11-30）');
    expect(parseDeadlineText(text, campaign)).toEqual({ ok: true, deadline: { kind: 'fixed_term', date: '2023-10-31' }, extendedTo: '2023-11-30' });
  });
});
