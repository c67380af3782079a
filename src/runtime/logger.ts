// The logger type every part takes by injection, and the silent default for library use and tests (the gateway injects its one pino logger).
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** A logger that writes nothing: the default where no logger is injected. */
export const silentLogger: Logger = pino({ enabled: false });
