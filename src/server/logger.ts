// The gateway's one pino logger: level, destination, and redaction of API keys, carrier secrets and tokens wherever they appear in a logged object.
import { pino } from 'pino';
import { REDACT_PATHS, serializeRequest } from '../merchants/redact.ts';
import type { Logger } from '../runtime/logger.ts';

/** Paths beyond the API's own: tokens and the headers of a failed carrier request (axios errors carry their config). */
const PROCESS_REDACT_PATHS = [
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.password',
  '*.sign',
  'err.config.headers',
  'err.config.data',
  'err.cause.config.headers',
  'err.cause.config.data',
];

/**
 * Creates the process logger.
 * @param level pino level (`LANJIE_LOG_LEVEL`; default info, warn in the sandbox)
 * @param stream destination; default stdout (tests pass a stream to read the lines)
 */
export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: { paths: [...REDACT_PATHS, ...PROCESS_REDACT_PATHS], censor: '***' },
    serializers: { req: serializeRequest, err: pino.stdSerializers.err },
  };
  return stream ? pino(options, stream as pino.DestinationStream) : pino(options);
}
