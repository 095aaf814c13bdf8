/** A few passwords too common to accept whatever their length (compared case-insensitively). */
const COMMON = ['password', 'passw0rd', '123456', '12345678', '123456789', 'qwerty', 'admin', 'administrator', 'letmein', 'welcome', 'abc123', 'iloveyou', 'rectify', 'changeme'];

export const MIN_PASSWORD_LENGTH = 12;

/**
 * What is wrong with a new password, in Chinese; empty when it is acceptable. At least 12
 * characters, three of four character classes, not a common password, not the username.
 */
export function passwordWeaknesses(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`密码长度不能少于${MIN_PASSWORD_LENGTH}个字符`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  const lower = password.toLowerCase();
  if (COMMON.some((c) => lower.includes(c))) problems.push('密码过于常见');
  if (username.length > 0 && lower.includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}
