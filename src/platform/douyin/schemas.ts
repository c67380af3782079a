// Zod schemas of the Douyin after-sale payloads the platform adapter reads: detail, list, operate answer, pushed messages.
import { z } from 'zod';
import { IdSchema, IntSchema } from '../../../carriers/douyin/schemas.ts';

const Int0 = IntSchema.optional()
  .nullable()
  .transform((v) => v ?? 0);

/** A forward parcel of the after-sale (`logistics_info.order[]`, `order_logistics[]`). */
export const OrderParcelSchema = z.object({
  tracking_no: z.string(),
  company_code: z.string(),
  company_name: z.string().optional(),
  /** order_logistics_state reading (I): 1 buyer refused, 2 buyer signed, 3 returning (incl. interception success), 4 merchant signed. */
  logistics_state: Int0,
  logistics_time: Int0,
});
export type OrderParcel = z.infer<typeof OrderParcelSchema>;

/** `data` of `/afterSale/Detail` (official SDK `afterSale_Detail`; `agree_refuse_sign`, `refund_time` from the Java SDK). */
export const AfterSaleDetailSchema = z.object({
  process_info: z.object({
    after_sale_info: z.object({
      after_sale_id: IdSchema,
      after_sale_status: IntSchema,
      /** 1 待退款, 2 退款中, 3 退款成功, 4 退款失败. */
      refund_status: Int0,
      refund_total_amount: Int0,
      apply_time: IntSchema,
      update_time: IntSchema,
      reason: z.string().optional().default(''),
      reason_code: Int0,
      after_sale_type: Int0,
      status_deadline: Int0,
      /** 0 default, 1 agreed, 2 not agreed, 257/258 marks. */
      agree_refuse_sign: Int0,
      refund_time: Int0,
    }),
    arbitrate_info: z
      .object({ arbitrate_id: z.string().optional().default(''), arbitrate_status: Int0 })
      .nullable()
      .optional(),
    logistics_info: z
      .object({ order: z.array(OrderParcelSchema).nullable().optional() })
      .nullable()
      .optional(),
    record_logs_list: z
      .array(z.object({ role: Int0, text: z.string().optional().default(''), time: z.string().optional() }))
      .nullable()
      .optional(),
  }),
  order_info: z.object({
    shop_order_id: IdSchema,
    sku_order_infos: z
      .array(z.object({ sku_order_id: IdSchema, pay_amount: Int0 }))
      .nullable()
      .optional(),
  }),
});
export type AfterSaleDetail = z.infer<typeof AfterSaleDetailSchema>;

/** `data` of `/afterSale/List` (the part the reconciler reads). */
export const AfterSaleListSchema = z.object({
  items: z
    .array(
      z.object({
        aftersale_info: z.object({
          aftersale_id: IdSchema,
          aftersale_type: Int0,
          aftersale_status: IntSchema,
          update_time: IntSchema,
          is_agree_refuse_sign: Int0,
          order_logistics: z.array(OrderParcelSchema).nullable().optional(),
        }),
      }),
    )
    .nullable()
    .optional()
    .transform((v) => v ?? []),
  has_more: z.boolean().optional().default(false),
  total: Int0,
});

/** `data` of `/afterSale/operate`. */
export const OperateDataSchema = z.object({
  items: z
    .array(z.object({ aftersale_id: IdSchema, status_code: Int0, status_msg: z.string().optional() }))
    .nullable()
    .optional(),
});

/** One pushed message: `data` is a JSON string. */
export const PushMessageSchema = z.object({
  tag: z.union([z.string(), z.number()]).transform(String),
  msg_id: z.union([z.string().min(1), z.number()]).transform(String),
  data: z.string(),
});
/** A push body: a JSON array of messages. */
export const PushBodySchema = z.array(PushMessageSchema).min(1);
export type PushMessage = z.infer<typeof PushMessageSchema>;

/** The fields of a message's `data` the intake reads (after-sale messages; 104 has `logistics_msg`). */
export const MessageDataSchema = z
  .object({
    aftersale_id: IdSchema.optional(),
    shop_id: IdSchema.optional(),
    p_id: IdSchema.optional(),
    s_id: IdSchema.optional(),
    aftersale_status: Int0,
    refund_amount: IntSchema.optional(),
    status_deadline: Int0,
    success_time: Int0,
    close_time: Int0,
    arbitrate_id: z.string().optional(),
    arbitrate_status: Int0,
    update_time: z.union([z.number(), z.string()]).optional(),
    logistics_msg: z
      .object({ logistics_code: z.string().optional(), express_company_id: z.union([z.string(), z.number()]).optional() })
      .nullable()
      .optional(),
  })
  .loose();
export type MessageData = z.infer<typeof MessageDataSchema>;
