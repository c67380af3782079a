// The error every API answer is made from: a status, a stable code, a message and the issues naming the fields; thrown by any layer that answers a caller.

/** One problem with the input: where (dotted path, `body.shipments.0.waybill`) and what. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** The body of every error answer. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: ApiIssue[]; existingId?: string };
}

/** An error the API answers with a status, a stable code and optional issues. */
export class ApiError extends Error {
  /** On a 409 for a duplicate: the id of the thing that already exists. */
  existingId?: string;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues?.length ? { issues: this.issues } : {}),
        ...(this.existingId !== undefined ? { existingId: this.existingId } : {}),
      },
    };
  }
}
