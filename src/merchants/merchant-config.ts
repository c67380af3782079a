// Merchant (tenant) configuration: type, Douyin shop ids, carrier and hub accounts, routing, webhook, write-enable.
import { z } from 'zod';
import { MerchantTypeSchema } from '../cases/rules-config.ts';
import { MerchantRoutingSchema } from '../cases/router.ts';
import { WebhookConfigSchema } from './webhook-port.ts';
import { AddressSchema } from '../carrier/model.ts';

/** One merchant. Set by the support role; a merchant never sets its own type. */
export const MerchantConfigSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a merchant id is 1 to 64 letters, digits, _ or -'),
  name: z.string().max(100).optional(),
  /** DESIGN §2.2: eligibility depends on it. Default DOMESTIC. */
  type: MerchantTypeSchema.default('DOMESTIC'),
  /** Douyin shop ids that belong to this merchant (message push shop_id → merchant). */
  douyinShopIds: z.array(z.string().min(1)).default([]),
  /** Carrier and hub accounts by registry id; each is validated by its plugin's schema when first used. */
  accounts: z.record(z.string(), z.unknown()).default({}),
  routing: MerchantRoutingSchema.default({
    defaultRoutes: ['CARRIER_API', 'DOUYIN_INTERCEPT_SERVICE', 'KUAIDI100', 'OFFLINE'],
    routes: {},
  }),
  /** The generic mode's endpoint in the merchant's own after-sales system. */
  webhook: WebhookConfigSchema.optional(),
  /** Where intercepted parcels go back to (sent with returns to carriers that need it, e.g. SF). */
  returnAddress: AddressSchema.optional(),
  /** Request interceptions on their own when a parcel is moving and worth it. Default true. */
  autoIntercept: z.boolean().default(true),
  /** Money calls go out only when true (dry-run otherwise). Default false. */
  writeEnabled: z.boolean().default(false),
});
export type MerchantConfig = z.output<typeof MerchantConfigSchema>;
export type MerchantConfigInput = z.input<typeof MerchantConfigSchema>;

/** Where merchants are looked up. */
export interface MerchantDirectory {
  get(id: string): MerchantConfig | undefined;
  list(): MerchantConfig[];
  /** The merchant owning a Douyin shop id. */
  byDouyinShop(shopId: string): MerchantConfig | undefined;
}

/** A directory held in memory (from the config file; the API's store-backed one replaces it). */
export class StaticMerchantDirectory implements MerchantDirectory {
  private readonly byId = new Map<string, MerchantConfig>();
  constructor(merchants: readonly MerchantConfigInput[] = []) {
    for (const m of merchants) this.put(m);
  }
  put(input: MerchantConfigInput): MerchantConfig {
    const merchant = MerchantConfigSchema.parse(input);
    this.byId.set(merchant.id, merchant);
    return merchant;
  }
  get(id: string) {
    return this.byId.get(id);
  }
  list() {
    return [...this.byId.values()];
  }
  byDouyinShop(shopId: string) {
    return this.list().find((m) => m.douyinShopIds.includes(shopId));
  }
}
