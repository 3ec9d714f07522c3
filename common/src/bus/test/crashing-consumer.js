// A replica that takes the event DOOMED_ID and dies before acknowledging it (run as a separate
// process and killed by the test). Other events already in the stream are handled normally.
const { connectEventBus, createLogger, Listener, Subjects } = require('@ticketing/common');

class NeverFinishing extends Listener {
  subject = Subjects.TicketCreated;
  async onMessage(data) {
    if (data.id !== process.env.DOOMED_ID) return;
    process.stdout.write(`received ${data.id}\n`);
    await new Promise(() => {});
  }
}

(async () => {
  const bus = await connectEventBus(
    JSON.parse(process.env.BUS_CONFIG),
    process.env.SERVICE_NAME,
    createLogger('crashing-consumer', 'silent'),
  );
  await bus.listen(new NeverFinishing());
  process.stdout.write('listening\n');
})();
