// The idle platform's yardstick: a Node process doing nothing but waking every 100 ms, as each
// service's MongoDB connection pool does to prune its connections (the driver's fixed, internal
// period) and its event-loop monitor does to sample. What one wakeup costs differs from machine to
// machine (and on a virtual machine, from hour to hour): the idle platform is judged next to it.
setInterval(() => undefined, 100);
// Started: the bench measures from now on, without the process's own start.
process.send?.('started');
process.on('SIGTERM', () => process.exit(0));
