import mongoose from 'mongoose';
import { listen } from '../lifecycle/http-server';
import { verifySessionToken } from '../http/session';
import { parseSessionPublicKeys } from '../http/session-keys';
import { TEST_SESSION_KEYS, testUser } from './session';
import { serviceUnderTest, testServiceEnv } from './test-service';

/** A stand-in service that answers with the request headers it received. */
const echoHeaders = () =>
  listen((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(req.headers));
  }, 0);

async function databaseNames(uri: string): Promise<string[]> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    const { databases } = await connection.db!.admin().listDatabases();
    return databases.map((d) => d.name);
  } finally {
    await connection.close();
  }
}

describe('a service under test', () => {
  it('when a test config is built, then it has port 0, a database of its own and the test keys', () => {
    const env = testServiceEnv('gadgets');

    expect(env).toMatchObject({ NODE_ENV: 'test', PORT: '0', ...TEST_SESSION_KEYS });
    expect(new URL(env.MONGO_URI!).pathname).toMatch(/^\/gadgets_/);
    expect(testServiceEnv('gadgets').MONGO_URI).not.toBe(env.MONGO_URI);
  });

  it('when a signed-in client calls it, then the request arrives as HTTPS with that user session', async () => {
    const server = await echoHeaders();
    const service = serviceUnderTest(
      { port: server.port, stop: () => server.close() },
      testServiceEnv('gadgets').MONGO_URI!,
    );
    const user = testUser();
    try {
      const res = await service.as(user).get('/');

      expect(res.body['x-forwarded-proto']).toBe('https');
      const session = /session=([^;]+)/.exec(res.body.cookie)![1]!;
      const { jwt } = JSON.parse(Buffer.from(session, 'base64').toString()) as { jwt: string };
      expect(
        verifySessionToken(jwt, parseSessionPublicKeys(TEST_SESSION_KEYS.SESSION_PUBLIC_KEYS)),
      ).toMatchObject({ user });
    } finally {
      await service.stop({ keepDatabase: true });
    }
  });

  it('when stopped, then the service is stopped and its database dropped, unless it is kept', async () => {
    const uri = testServiceEnv('gadgets').MONGO_URI!;
    const name = new URL(uri).pathname.slice(1);
    const write = async () => {
      const connection = await mongoose.createConnection(uri).asPromise();
      await connection.collection('things').insertOne({ n: 1 });
      await connection.close();
    };
    await write();
    const kept = serviceUnderTest({ port: 0, stop: async () => undefined }, uri);
    await kept.stop({ keepDatabase: true });
    expect(await databaseNames(uri)).toContain(name);
    let stopped = false;
    const dropped = serviceUnderTest({ port: 0, stop: async () => void (stopped = true) }, uri);

    await dropped.stop();

    expect(stopped).toBe(true);
    expect(await databaseNames(uri)).not.toContain(name);
  });
});
