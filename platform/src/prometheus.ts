import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary, freePort, ManagedProcess, type ProcessHooks } from '@ticketing/local-servers';

/** A process that serves `/metrics`, and the job name Prometheus gives its series. */
export interface ScrapeTarget {
  job: string;
  port: number;
}

/** Short, so that what a developer just did shows in the UI (and the e2e sees it) within seconds. */
const SCRAPE_INTERVAL = '2s';

/**
 * The configuration: one job per service and one for the client's metrics server, each on the port
 * the runner chose for it, and the alerting rules the cluster uses. Written as JSON, which Prometheus
 * reads as YAML.
 */
export function prometheusConfig(targets: readonly ScrapeTarget[], ruleFiles: string[]): string {
  return JSON.stringify(
    {
      global: { scrape_interval: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL },
      rule_files: ruleFiles,
      scrape_configs: targets.map(({ job, port }) => ({
        job_name: job,
        static_configs: [{ targets: [`127.0.0.1:${port}`] }],
      })),
    },
    null,
    2,
  );
}

export interface LocalPrometheus {
  process: ManagedProcess<unknown>;
  url: string;
}

/**
 * A real Prometheus scraping the platform's services, when Debian's `prometheus` is installed;
 * undefined otherwise. Its data goes to `dataDir`/prometheus when given, else to a temporary directory.
 */
export async function localPrometheus({
  targets,
  port,
  dataDir,
  ruleFiles,
  hooks,
}: {
  targets: readonly ScrapeTarget[];
  /** 0 for a free one. */
  port: number;
  dataDir: string | undefined;
  ruleFiles: string[];
  hooks: ProcessHooks;
}): Promise<LocalPrometheus | undefined> {
  const binary = await findBinary('prometheus');
  if (binary === undefined) return undefined;
  const listenPort = port === 0 ? await freePort() : port;
  const configDir = await mkdtemp(path.join(tmpdir(), 'ticketing-prometheus-'));
  const configFile = path.join(configDir, 'prometheus.yml');
  await writeFile(configFile, prometheusConfig(targets, ruleFiles));
  const storage = dataDir ? path.join(dataDir, 'prometheus') : path.join(configDir, 'data');
  const url = `http://127.0.0.1:${listenPort}`;
  const process = new ManagedProcess(
    {
      name: 'prometheus',
      command: binary,
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${storage}`,
        `--web.listen-address=127.0.0.1:${listenPort}`,
        // Its start-up and compaction notes would drown the services' lines in npm start's output.
        '--log.level=warn',
      ],
      ready: { url: `${url}/-/ready` },
      tempDirs: [configDir],
    },
    hooks,
  );
  return { process, url };
}
