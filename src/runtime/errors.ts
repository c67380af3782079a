// The project's typed errors outside the carrier core and the API: each says whether trying again can help, and carries the ids it is about.

/** Base of lanjie's own errors: a stable name and whether the same call may succeed later. */
export abstract class LanjieError extends Error {
  /** True when the same operation may succeed if tried again (a race, a transient state). */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Something that cannot happen when the code is used as documented (a programming or wiring error). Not retryable. */
export class InvariantError extends LanjieError {
  readonly retryable = false;
}

/** A row kept changing under optimistic concurrency until the attempts ran out. Retryable: the next try usually wins. */
export class ConcurrentChangeError extends LanjieError {
  readonly retryable = true;

  constructor(
    /** What kept changing: `case cs_…`, `merchant m-1`. */
    readonly subject: string,
    message: string,
  ) {
    super(message);
  }
}

/** A case, merchant or other record the caller named does not exist. Not retryable. */
export class RecordNotFoundError extends LanjieError {
  readonly retryable = false;

  constructor(
    readonly subject: string,
    message = `${subject} not found`,
  ) {
    super(message);
  }
}

/** A request that conflicts with what is stored (an id already used for something else, no route for it). Not retryable. */
export class ConflictError extends LanjieError {
  readonly retryable = false;
}

/** The store could not be opened or migrated. Not retryable without an operator. */
export class StoreSetupError extends LanjieError {
  readonly retryable = false;
}

/** A command-line argument that does not say what it must (the CLI prints the message and exits 1). Not retryable. */
export class UsageError extends LanjieError {
  readonly retryable = false;
}
