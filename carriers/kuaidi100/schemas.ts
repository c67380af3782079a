// Zod schemas of the raw Kuaidi100 payloads this plugin reads: query answers, pushes, the label/order envelope, auto-detection.
import { z } from 'zod';

/** A code Kuaidi100 sends as a number or a string, read as text. */
const CodeText = z.union([z.string(), z.number()]).transform((v) => String(v));

/** One event of a query answer or a push's `lastResult.data[]` (QueryTrackData.java). */
export const Kuaidi100TrackDataSchema = z.looseObject({
  /** Beijing local time "yyyy-MM-dd HH:mm:ss". */
  time: z.string().min(1),
  ftime: z.string().nullish(),
  context: z.string().nullish(),
  /** Chinese status name (在途, 揽收, …; sub-state names with resultv2). */
  status: z.string().nullish(),
  /** State code of this event (with resultv2): 0…14, 101…1003, 301…304, 401, 501. */
  statusCode: CodeText.nullish(),
  areaCode: z.string().nullish(),
  areaName: z.string().nullish(),
  location: z.string().nullish(),
});
/** A decoded track event. */
export type Kuaidi100TrackData = z.infer<typeof Kuaidi100TrackDataSchema>;

/** A successful query answer, also the push's `lastResult` (QueryTrackResp.java). */
export const Kuaidi100TrackResultSchema = z.looseObject({
  message: z.string().nullish(),
  nu: z.string().min(1),
  ischeck: CodeText.nullish(),
  com: z.string().nullish(),
  status: CodeText.nullish(),
  state: CodeText,
  condition: z.string().nullish(),
  data: z.array(Kuaidi100TrackDataSchema),
});
/** A decoded track result. */
export type Kuaidi100TrackResult = z.infer<typeof Kuaidi100TrackResultSchema>;

/** A failed query (or subscription) answer: `{"result":false,"returnCode":"500","message":…}`. */
export const Kuaidi100FailureSchema = z.looseObject({
  result: z.literal(false),
  returnCode: CodeText,
  message: z.string().nullish(),
});
/** A decoded failure. */
export type Kuaidi100Failure = z.infer<typeof Kuaidi100FailureSchema>;

/** What `poll/query.do` answers: a failure, or a track result. */
export const Kuaidi100QueryAnswerSchema = z.union([Kuaidi100FailureSchema, Kuaidi100TrackResultSchema]);

/** What the subscription (`poll`) answers: `{result, returnCode, message}`. */
export const Kuaidi100SubscribeAnswerSchema = z.looseObject({
  result: z.boolean(),
  returnCode: CodeText,
  message: z.string().nullish(),
});

/** The `api.kuaidi100.com` envelope (response/labelV2/Result.java): code 200 is success. */
export const Kuaidi100LabelEnvelopeSchema = z.looseObject({
  code: CodeText,
  message: z.string().nullish(),
  data: z.unknown().optional(),
  time: z.number().nullish(),
});
/** A decoded label/order envelope. */
export type Kuaidi100LabelEnvelope = z.infer<typeof Kuaidi100LabelEnvelopeSchema>;

/** INFERRED: interceptOrder's `data` (the reference shows none); a `taskId` is read when present. */
export const Kuaidi100InterceptDataSchema = z
  .looseObject({
    taskId: CodeText.nullish(),
  })
  .nullish();

/** The form fields of a push or callback: `param` (JSON) and `sign`, plus `taskId` on label/order callbacks. */
export const Kuaidi100PushFormSchema = z.object({
  param: z.string().min(1),
  sign: z.string().min(1),
  taskId: z.string().optional(),
});

/** A subscription push's `param` (SubscribePushParamResp.java). `lastResult` is absent on some `abort` pushes. */
export const Kuaidi100TrackPushParamSchema = z.looseObject({
  status: z.string().min(1),
  billstatus: z.string().nullish(),
  message: z.string().nullish(),
  autoCheck: CodeText.nullish(),
  comOld: z.string().nullish(),
  comNew: z.string().nullish(),
  lastResult: Kuaidi100TrackResultSchema.nullish(),
});
/** A decoded subscription push. */
export type Kuaidi100TrackPushParam = z.infer<typeof Kuaidi100TrackPushParamSchema>;

/** INFERRED interception callback `param` (see mapping.ts INTERCEPT_CALLBACK_OUTCOME). */
export const Kuaidi100InterceptCallbackParamSchema = z.looseObject({
  kuaidinum: z.string().min(1),
  kuaidicom: z.string().nullish(),
  status: CodeText,
  message: z.string().nullish(),
  interceptType: z.string().nullish(),
  orderId: z.string().nullish(),
});
/** A decoded interception callback. */
export type Kuaidi100InterceptCallbackParam = z.infer<typeof Kuaidi100InterceptCallbackParamSchema>;

/** One candidate of `autonumber/auto` (AutoNumResp.java); the answer is a list, best first. */
export const Kuaidi100AutoNumberSchema = z.array(
  z.looseObject({
    comCode: z.string().min(1),
    name: z.string().nullish(),
    lengthPre: z.unknown().optional(),
    noPre: z.unknown().optional(),
    noCount: z.unknown().optional(),
  }),
);

/** INFERRED: work-order create `data` (the reference shows no answer body). */
export const Kuaidi100WorkOrderCreatedSchema = z.looseObject({
  consultId: CodeText,
});

/** INFERRED: work-order status `data`. */
export const Kuaidi100WorkOrderStatusSchema = z.looseObject({
  consultId: CodeText.nullish(),
  status: CodeText,
});

/** INFERRED: work-order `queryReply` `data`: the replies, oldest first. */
export const Kuaidi100WorkOrderRepliesSchema = z
  .array(
    z.looseObject({
      content: z.string(),
      createTime: z.string().nullish(),
    }),
  )
  .nullish();
