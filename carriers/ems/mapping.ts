// China Post platform tables: opCode / opName → unified event kinds, the envelope constants, and the error table.
import type { ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind } from '../../src/carrier/model.ts';

/** apiCodes this plugin uses (reference §7). */
export const EMS_API_CODES = {
  /** 运单轨迹信息获取 (track query). */
  track: '040001',
  /** 轨迹推送 (route push, sent by the platform to us). */
  push: '040002',
} as const;

/** Fixed request fields: `msgType` "0" and `version` "V1.0.0" as public clients send them. */
export const EMS_MSG_TYPE = '0';
export const EMS_API_VERSION = 'V1.0.0';

/** `retCode` of a successful call; also the `code` of our reply to a push. */
export const EMS_SUCCESS_CODE = '00000';

/**
 * opCode → unified kind. EVERY ENTRY IS INFERRED (reference §7 and §19.3, mark I): the codes come
 * from one project's mapping of pushes to its own order states; the platform's code list is not
 * public. Codes not listed are UNKNOWN, with opName and opDesc kept. Correct entries here.
 */
export const EVENT_KIND_BY_OP_CODE: Readonly<Record<string, EventKind>> = {
  // in transit
  '305': 'IN_TRANSIT',
  '405': 'IN_TRANSIT',
  '457': 'IN_TRANSIT',
  // delivery stage
  '516': 'OUT_FOR_DELIVERY',
  '702': 'OUT_FOR_DELIVERY',
  '704': 'OUT_FOR_DELIVERY',
  // treated as final / signed
  '711': 'DELIVERED',
  '747': 'DELIVERED',
  '748': 'DELIVERED',
};

/**
 * opName → unified kind, consulted only when the opCode is not in EVENT_KIND_BY_OP_CODE. Inferred
 * (mark I): 收寄 (acceptance) is China Post's own public word for collection; the reference gives
 * no opCode for collection (§19.3 EMS COLLECTED "(I)"). Nothing else is guessed from names.
 */
export const EVENT_KIND_BY_OP_NAME: Readonly<Record<string, EventKind>> = {
  收寄: 'COLLECTED',
};

/**
 * The auth error the simulator answers: EMS's own auth retCode is not in the reference, so this
 * code is the simulator's, UNCONFIRMED. A real refusal with another code falls back to
 * InvalidRequestError (not retried either). Replace the key with EMS's code when it is known.
 */
export const EMS_UNCONFIRMED_AUTH_CODE = 'UNCONFIRMED-AUTH';

/**
 * Business retCodes in HTTP 200 bodies. The reference publishes none besides success; the only row
 * is the simulator's unconfirmed auth code (see EMS_UNCONFIRMED_AUTH_CODE). No quota code is
 * published: quota is expected as HTTP 429, which the transport raises as RateLimitedError.
 */
export const EMS_ERRORS: ErrorTable = {
  [EMS_UNCONFIRMED_AUTH_CODE]: { kind: 'auth', message: '鉴权失败（模拟器代码，未经证实）' },
};

/** `code` of our push reply and its message (reply form: reference §7, C-src). */
export const PUSH_REPLY = { code: EMS_SUCCESS_CODE, codeMessage: '成功' } as const;

/**
 * Whether a push whose `senderNo` is empty is accepted (decryption with our key still required).
 * The one published push sample carries `"senderNo":""`; set false to require our senderNo.
 */
export const PUSH_ACCEPTS_EMPTY_SENDER_NO = true;
