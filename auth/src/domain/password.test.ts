import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('when a password is hashed, then the hash verifies it and nothing else', async () => {
    const hash = await hashPassword('correct horse battery');

    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', hash)).resolves.toBe(false);
  });

  it('when one password is hashed twice, then the salts (and so the hashes) differ', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);

    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it('when the stored hash is malformed, then it verifies nothing', async () => {
    await expect(verifyPassword('anything', 'bcrypt$whatever')).resolves.toBe(false);
    await expect(verifyPassword('anything', '')).resolves.toBe(false);
  });
});
