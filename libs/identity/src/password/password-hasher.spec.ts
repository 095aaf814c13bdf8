import { PasswordHasher } from './password-hasher';
import { passwordWeaknesses } from './password-policy';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ N: 1024, r: 8, p: 1 });

  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hasher.hash('Xuchang-2023-许昌');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(hasher.verify('Xuchang-2023-许昌', stored)).resolves.toBe(true);
    await expect(hasher.verify('Xuchang-2023-许昌 ', stored)).resolves.toBe(false);
    await expect(hasher.verify('xuchang-2023-许昌', stored)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    expect(await hasher.hash('Same-Password-1')).not.toBe(await hasher.hash('Same-Password-1'));
  });

  it.each(['', 'plain', 'scrypt$0$8$1$AAAA$AAAA', 'bcrypt$1$2$3$4$5', 'scrypt$1024$8$1$$'])('refuses a malformed stored hash %j without throwing', async (stored) => {
    await expect(hasher.verify('anything', stored)).resolves.toBe(false);
  });
});

describe('passwordWeaknesses', () => {
  it('accepts a long password with three character classes', () => {
    expect(passwordWeaknesses('Yuzhou#Chuhe-411081', 'inspector')).toEqual([]);
  });

  it.each([
    ['Short1!', '密码长度不能少于12个字符'],
    ['alllowercaseletters', '密码须包含大写字母、小写字母、数字、符号中的至少三类'],
    ['MyPassword123!', '密码过于常见'],
    ['Zhangsan-2023-ok', '密码不能包含用户名'],
  ])('refuses %j', (password, problem) => {
    expect(passwordWeaknesses(password, 'zhangsan')).toContain(problem);
  });
});
