// Unit tests only: the browser's fetch, answering like the gateway would. Browser e2e tests use the
// real platform.

export interface Call {
  url: string;
  method: string;
  body: unknown;
}

type Answer =
  { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

/** Replaces fetch with one that records calls and answers from the queue, in order. */
export function mockFetch(...answers: Answer[]) {
  const calls: Call[] = [];
  const queue = [...answers];
  const fetchMock = jest.fn(async (url: string, init: RequestInit = {}) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const answer = queue.shift();
    if (!answer) throw new Error(`unexpected fetch of ${url}`);
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    return fakeResponse(answer);
  });
  global.fetch = fetchMock as unknown as typeof fetch;
  return { calls, fetchMock, answer: (...more: Answer[]) => queue.push(...more) };
}

function fakeResponse({ status, body, headers = {} }: Exclude<Answer, 'network-error'>): Response {
  const byName = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => byName.get(name.toLowerCase()) ?? null },
    json: async () => {
      if (body === undefined) throw new SyntaxError('Unexpected end of JSON input');
      return body;
    },
  } as unknown as Response;
}

export const errorsBody = (...errors: { message: string; field?: string }[]) => ({ errors });
