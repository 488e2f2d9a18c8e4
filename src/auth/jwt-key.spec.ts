import { JwtService } from '@nestjs/jwt';
import jsonwebtoken from 'jsonwebtoken';
import { jwtKey } from './jwt-key.js';

describe('bearer token key', () => {
  const secret = 'a-secret-of-the-configuration-é';
  // As AuthModule configures it.
  const jwt = new JwtService({
    secret: jwtKey(secret),
    signOptions: { algorithm: 'HS256', expiresIn: 60 },
  });
  const verify = (token: string) => jwt.verifyAsync(token, { algorithms: ['HS256'] });

  it('accepts tokens signed with the secret string, as issued before the key was an object', async () => {
    const before = jsonwebtoken.sign({ sub: 'u1', role: 'adviser' }, secret, {
      algorithm: 'HS256',
      expiresIn: 60,
    });
    await expect(verify(before)).resolves.toMatchObject({ sub: 'u1', role: 'adviser' });
  });

  it('issues tokens that the secret string verifies (same key bytes)', async () => {
    const token = await jwt.signAsync({ sub: 'u2', role: 'manager' });
    expect(jsonwebtoken.verify(token, secret, { algorithms: ['HS256'] })).toMatchObject({
      sub: 'u2',
    });
  });

  it('refuses another secret, an unsigned token and an expired one', async () => {
    const other = jsonwebtoken.sign({ sub: 'u3' }, `${secret}x`, { algorithm: 'HS256' });
    const unsigned = jsonwebtoken.sign({ sub: 'u3' }, '', { algorithm: 'none' });
    const expired = jsonwebtoken.sign(
      { sub: 'u3', exp: Math.floor(Date.now() / 1000) - 10 },
      secret,
    );
    await expect(verify(other)).rejects.toThrow('invalid signature');
    await expect(verify(unsigned)).rejects.toThrow();
    await expect(verify(expired)).rejects.toThrow('jwt expired');
  });
});
