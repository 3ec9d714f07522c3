import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { toMarkdown, writeReport } from './report';
import { CHAOS_ENV, runChaos } from './run-chaos';
import { DEFAULT_MIX, INTENTS, type Action } from './workload';

const USAGE = `Usage: npm run chaos -- [options]
  --minutes N          workload under faults (default 2; fractions allowed)
  --rounds N           stop after N rounds of every fault kind (default: as many as fit)
  --seed N             replays a run (default: a new one, printed)
  --sellers N          virtual sellers (default 2)
  --buyers N           virtual buyers (default 6)
  --think-ms N         a user's mean pause between actions (default 300)
  --mix a=N,b=N        weights of ${[...INTENTS, 'browse'].join(', ')}
  --hold-ms MIN-MAX    how long a process stays stopped or frozen (default 1000-4000)
  --gap-ms MIN-MAX     pause between faults (default 500-2000)
  --pairs SHARE        share of faults that hit two processes at once (default 0.3)
  --long-outages N     NATS stopped longer than the redelivery budget (default 1)
  --settle-seconds N   how long the platform may take to settle (default 120)
The report goes to test-output/chaos/ (latest.json, latest.md, and the run's log).`;

const range = z
  .string()
  .regex(/^\d+-\d+$/, 'must be MIN-MAX in ms')
  .transform((value) => {
    const [min, max] = value.split('-').map(Number) as [number, number];
    return { min, max: Math.max(min, max) };
  });

const mix = z.string().transform((value, ctx) => {
  const weights: Record<Action, number> = { ...DEFAULT_MIX };
  for (const part of value.split(',')) {
    const [name, weight] = part.split('=');
    if (!(name! in weights) || !/^\d+(\.\d+)?$/.test(weight ?? '')) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not action=weight` });
      return z.NEVER;
    }
    weights[name as Action] = Number(weight);
  }
  return weights;
});

const argsSchema = z.object({
  minutes: z.coerce.number().positive().default(2),
  rounds: z.coerce.number().int().min(1).optional(),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .default(() => Math.floor(Math.random() * 1_000_000)),
  sellers: z.coerce.number().int().min(1).default(2),
  buyers: z.coerce.number().int().min(1).default(6),
  'think-ms': z.coerce.number().int().min(0).default(300),
  mix: mix.default(DEFAULT_MIX),
  'hold-ms': range.default({ min: 1_000, max: 4_000 }),
  'gap-ms': range.default({ min: 500, max: 2_000 }),
  pairs: z.coerce.number().min(0).max(1).default(0.3),
  'long-outages': z.coerce.number().int().min(0).default(1),
  'settle-seconds': z.coerce.number().positive().default(120),
});

async function main(): Promise<number> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  let args;
  try {
    const { values } = parseArgs({
      options: Object.fromEntries(
        [...Object.keys(argsSchema.shape), 'help'].map((name) => [
          name,
          { type: name === 'help' ? ('boolean' as const) : ('string' as const) },
        ]),
      ),
    });
    if (values.help) {
      print(USAGE);
      return 0;
    }
    args = argsSchema.parse(values);
  } catch (err) {
    const message =
      err instanceof z.ZodError
        ? err.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')
        : (err as Error).message;
    process.stderr.write(`${message}\n${USAGE}\n`);
    return 2;
  }

  const directory = path.resolve(__dirname, '../../../test-output/chaos');
  await mkdir(directory, { recursive: true });
  const platformLog = createWriteStream(path.join(directory, 'latest.log'));
  const report = await runChaos({
    seed: args.seed,
    workloadMs: args.minutes * 60_000,
    ...(args.rounds !== undefined && { rounds: args.rounds }),
    sellers: args.sellers,
    buyers: args.buyers,
    thinkMs: args['think-ms'],
    mix: args.mix,
    holdMs: args['hold-ms'],
    gapMs: args['gap-ms'],
    pairShare: args.pairs,
    longOutages: args['long-outages'],
    settleTimeoutMs: args['settle-seconds'] * 1000,
    // The caller's settings win, as with npm start.
    env: { ...CHAOS_ENV, ...pick(process.env, Object.keys(CHAOS_ENV)) },
    log: print,
    platformLog: (line) => platformLog.write(`${line}\n`),
  });
  platformLog.end();
  print(`\n${toMarkdown(report)}`);
  const files = await writeReport(report, directory, 'latest');
  print(
    `report: ${files.join(', ')}; every process's output: ${path.join(directory, 'latest.log')}`,
  );
  return report.violations === 0 ? 0 : 1;
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(
    keys.flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]!]])),
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
