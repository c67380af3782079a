// Zod schemas of the raw SF payloads the plugin reads: gateway envelope, business result, routes, interception answer, route push.
import { z } from 'zod';
import { parseBeijingTime } from '../../src/clock/beijing-time.ts';

/** SF writes codes and ids sometimes as strings, sometimes as numbers; both are read as they come. */
const CodeLike = z.union([z.string(), z.number()]);

/** A Beijing local time "yyyy-MM-dd HH:mm:ss" that names a real instant. */
const BeijingTime = z.string().refine((text) => parseBeijingTime(text) !== null, 'expected a Beijing time "yyyy-MM-dd HH:mm:ss"');

/** The gateway envelope of every `/std/service` answer; `apiResultData` is a JSON string (absent on gateway errors). */
export const SfGatewayResponseSchema = z.looseObject({
  apiResultCode: z.string().min(1),
  apiErrorMsg: z.string().nullish(),
  apiResponseID: z.string().nullish(),
  apiResultData: z.string().nullish(),
});
export type SfGatewayResponse = z.infer<typeof SfGatewayResponseSchema>;

/** The business result inside `apiResultData`: `success`, `errorCode` ("S0000" when fine), `msgData`. */
export const SfResultDataSchema = z.looseObject({
  success: z.boolean(),
  errorCode: z.string().nullish(),
  errorMsg: z.string().nullish(),
  msgData: z.unknown(),
});
export type SfResultData = z.infer<typeof SfResultDataSchema>;

/** One route (tracking event) of a route query answer. */
export const SfRouteSchema = z.looseObject({
  acceptTime: BeijingTime,
  acceptAddress: z.string().nullish(),
  remark: z.string().nullish(),
  opCode: CodeLike,
});
export type SfRoute = z.infer<typeof SfRouteSchema>;

/** The routes of one waybill (`routes` empty or absent when SF shows none for it). */
export const SfRouteRespSchema = z.looseObject({
  mailNo: z.string().min(1),
  routes: z.array(SfRouteSchema).nullish(),
});
export type SfRouteResp = z.infer<typeof SfRouteRespSchema>;

/** `msgData` of an EXP_RECE_SEARCH_ROUTES answer. */
export const SfRouteQueryDataSchema = z.looseObject({
  routeResps: z.array(SfRouteRespSchema),
});

/** `msgData` of an EXP_RECE_WANTED_INTERCEPT answer: null, or the instruction id and fee variants. */
export const SfInterceptDataSchema = z
  .looseObject({
    cusId: CodeLike.nullish(),
    amount: CodeLike.nullish(),
  })
  .nullish();

/** One route in a route push (RoutePushService, JSON generation). */
export const SfPushRouteSchema = z.looseObject({
  mailno: z.string().min(1),
  acceptTime: BeijingTime,
  acceptAddress: z.string().nullish(),
  remark: z.string().nullish(),
  opCode: CodeLike,
  id: CodeLike.nullish(),
  orderid: z.string().nullish(),
  reasonCode: CodeLike.nullish(),
  reasonName: z.string().nullish(),
});
export type SfPushRoute = z.infer<typeof SfPushRouteSchema>;

/** A route push body: `{"Body":{"WaybillRoute":[...]}}`. */
export const SfRoutePushSchema = z.looseObject({
  Body: z.looseObject({ WaybillRoute: z.array(SfPushRouteSchema).min(1) }),
});
