// The interception router: per merchant and carrier, an ordered list of routes, skipping those with no account; the channel is fixed by the route.
import { z } from 'zod';
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { ResilientCarrierClient } from '../carrier/resilience.ts';
import type { InterceptChannel } from '../carrier/model.ts';
import type { InterceptRoute } from './events.ts';
import { channelOfRoute } from './interception.ts';

/** Route kinds in the order a merchant prefers them. */
export const RouteKindSchema = z.enum(['CARRIER_API', 'DOUYIN_INTERCEPT_SERVICE', 'KUAIDI100', 'OFFLINE']);
export type RouteKind = z.infer<typeof RouteKindSchema>;

/** A merchant's routing: a default order, and overrides per carrier. */
export const MerchantRoutingSchema = z.object({
  /** Default order; OFFLINE last so a person always can act. */
  defaultRoutes: z.array(RouteKindSchema).min(1).default(['CARRIER_API', 'DOUYIN_INTERCEPT_SERVICE', 'KUAIDI100', 'OFFLINE']),
  /** Per carrier id: a different order. */
  routes: z.record(z.string(), z.array(RouteKindSchema).min(1)).default({}),
});
export type MerchantRouting = z.output<typeof MerchantRoutingSchema>;

/** What the router needs to know about a merchant's accounts. */
export interface AccountDirectory {
  /** The merchant's account client for a carrier or hub id, when configured. */
  account(merchantId: string, id: string): ResilientCarrierClient | undefined;
  /** Whether the merchant may use the Douyin intercept service (a Douyin shop with a platform account). */
  hasDouyinService(merchantId: string): boolean;
}

/** A usable route with its channel. */
export interface ResolvedRoute {
  route: InterceptRoute;
  channel: InterceptChannel;
}

/** The router. */
export class InterceptRouter {
  constructor(
    private readonly registry: CarrierRegistry,
    private readonly accounts: AccountDirectory,
    private readonly routing: (merchantId: string) => MerchantRouting,
  ) {}

  /** Every usable route for this merchant's parcel of `carrierId`, best first. */
  routesFor(merchantId: string, carrierId: string, platform: string): ResolvedRoute[] {
    const routing = this.routing(merchantId);
    const order = routing.routes[carrierId] ?? routing.defaultRoutes;
    const out: ResolvedRoute[] = [];
    for (const kind of order) {
      const route = this.usable(kind, merchantId, carrierId, platform);
      if (route) out.push({ route, channel: channelOfRoute(route) });
    }
    return out;
  }

  private usable(kind: RouteKind, merchantId: string, carrierId: string, platform: string): InterceptRoute | undefined {
    switch (kind) {
      case 'CARRIER_API': {
        const plugin = this.registry.get(carrierId);
        if (!plugin?.capabilities.intercept || !this.accounts.account(merchantId, carrierId)?.intercept) return undefined;
        return { kind: 'CARRIER_API', carrierId };
      }
      case 'KUAIDI100': {
        const hub = this.registry.get('kuaidi100');
        if (!hub?.servesCarriers?.includes(carrierId) || !this.accounts.account(merchantId, 'kuaidi100')?.intercept) return undefined;
        return { kind: 'KUAIDI100' };
      }
      case 'DOUYIN_INTERCEPT_SERVICE':
        return platform === 'douyin' && this.accounts.hasDouyinService(merchantId) ? { kind: 'DOUYIN_INTERCEPT_SERVICE' } : undefined;
      case 'OFFLINE':
        return { kind: 'OFFLINE' };
    }
  }

  /** The client that carries out an interception on `route` (undefined for OFFLINE). */
  clientFor(merchantId: string, route: InterceptRoute): ResilientCarrierClient | undefined {
    switch (route.kind) {
      case 'CARRIER_API':
        return this.accounts.account(merchantId, route.carrierId);
      case 'KUAIDI100':
        return this.accounts.account(merchantId, 'kuaidi100');
      case 'DOUYIN_INTERCEPT_SERVICE':
        return this.accounts.account(merchantId, 'douyin');
      case 'OFFLINE':
        return undefined;
    }
  }
}
