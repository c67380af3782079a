// The image's exact start command (Dockerfile CMD and ENV, compose.yaml's gateway environment) run as a plain process against the local PostgreSQL and Redis: ready on /readyz, SIGTERM → exit 0.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freshPostgresSchema, postgresReachable } from '../store/targets.ts';
import { portIsFree, startLanjie } from './lanjie-process.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const REDIS_URL = process.env.LANJIE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The Dockerfile's last stage: its CMD (exec form) and ENV pairs. */
function imageStart(): { cmd: string[]; env: Record<string, string> } {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const lastStage = text.slice(text.lastIndexOf('\nFROM '));
  const cmdLine = lastStage.split('\n').find((l) => l.startsWith('CMD '));
  if (!cmdLine) throw new Error('Dockerfile has no CMD in its last stage');
  const cmd = JSON.parse(cmdLine.slice(4)) as string[];
  const env: Record<string, string> = {};
  for (const line of lastStage.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const m of line.slice(4).matchAll(/([A-Z_]+)=(\S+)/g)) env[m[1]!] = m[2]!;
  }
  return { cmd, env };
}

async function redisUp(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false; // not reachable: the test says so and skips
  } finally {
    redis.disconnect();
  }
}

describe('the container start command, as a plain process', () => {
  it('serves /readyz on PostgreSQL + Redis and stops with exit 0 on SIGTERM', async (ctx) => {
    if (!(await postgresReachable())) ctx.skip('PostgreSQL is not reachable: set LANJIE_TEST_PG_URL or start it (.ci/run does)');
    if (!(await redisUp())) ctx.skip(`Redis is not reachable at ${REDIS_URL}: set LANJIE_TEST_REDIS_URL or start it (.ci/run does)`);
    const { cmd, env: imageEnv } = imageStart();
    expect(cmd).toEqual(['node', 'bin/lanjie.js', 'serve']);
    const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as {
      services: { gateway: { environment: Record<string, string>; deploy: { replicas: number } } };
    };
    const composeEnv = compose.services.gateway.environment;
    expect(Object.keys(composeEnv)).toEqual(expect.arrayContaining(['LANJIE_STORE_URL', 'LANJIE_REDIS_URL', 'LANJIE_SECRET_KEY']));
    expect(compose.services.gateway.deploy.replicas).toBe(2);
    const schema = await freshPostgresSchema();
    try {
      const env = {
        ...process.env,
        ...imageEnv,
        // The compose file's variables, pointed at this machine's services instead of the compose network's.
        LANJIE_STORE_URL: schema.url,
        LANJIE_REDIS_URL: REDIS_URL,
        LANJIE_SECRET_KEY: randomBytes(32).toString('base64'),
        LANJIE_SHUTDOWN_TIMEOUT_MS: composeEnv.LANJIE_SHUTDOWN_TIMEOUT_MS ?? '10000',
        HOST: '127.0.0.1',
        PORT: '0',
        LANJIE_DATA_DIR: mkdtempSync(join(tmpdir(), 'lanjie-container-')),
      };
      const [bin, ...args] = cmd;
      expect(bin).toBe('node');
      const gw = await startLanjie(
        args.map((a) => (a.startsWith('bin/') ? join(ROOT, a) : a)),
        env,
      );
      const ready = await fetch(`${gw.url}/readyz`);
      expect(ready.status, gw.output()).toBe(200);
      expect(gw.output()).toContain('(live)');
      const end = await gw.stop('SIGTERM');
      expect(end, gw.output()).toMatchObject({ code: 0, signal: null });
      expect(end.ms).toBeLessThan(10_000);
      expect(await portIsFree(gw.port)).toBe(true);
    } finally {
      await schema.drop();
    }
  });
});
