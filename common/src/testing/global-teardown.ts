export default async function globalTeardown() {
  const started = globalThis.__TICKETING_TEST_SERVERS__ ?? [];
  await Promise.allSettled(started.map((s) => s.stop()));
}
