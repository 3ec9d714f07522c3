import { apiErrorBody, currentUserResponse, userView } from '@ticketing/common/api';
import { expectContract } from '@ticketing/common/testing';
import {
  sessionCookieOf,
  startTestAuthService,
  uniqueEmail,
  type TestAuthService,
} from '../test/auth-test-service';

let auth: TestAuthService;
beforeAll(async () => {
  auth = await startTestAuthService();
});
afterAll(() => auth.stop());

describe('the users API answers as the contract (@ticketing/common/api) says', () => {
  it('when a user signs up, signs in and asks who is signed in, then every answer is of the contract', async () => {
    const credentials = { email: uniqueEmail(), password: 'correct horse' };

    const signedUp = await auth.http().post('/api/users/signup').send(credentials).expect(201);
    expectContract(userView, signedUp.body);
    const signedIn = await auth.http().post('/api/users/signin').send(credentials).expect(200);
    expectContract(userView, signedIn.body);
    const current = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', sessionCookieOf(signedIn))
      .expect(200);
    expect(expectContract(currentUserResponse, current.body).currentUser?.email).toBe(
      credentials.email,
    );
    const anonymous = await auth.http().get('/api/users/currentuser').expect(200);
    expect(expectContract(currentUserResponse, anonymous.body).currentUser).toBeNull();
  });

  it('when a sign-up or sign-in is refused, then 400 answers the standard error body', async () => {
    const refusals = await Promise.all([
      auth.http().post('/api/users/signup').send({ email: 'not-an-email', password: '' }),
      auth.http().post('/api/users/signin').send({ email: uniqueEmail(), password: 'wrong one' }),
    ]);

    expect(refusals.map((res) => res.status)).toEqual([400, 400]);
    for (const res of refusals) expectContract(apiErrorBody, res.body);
  });
});
