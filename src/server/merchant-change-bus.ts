// Tells the other gateway instances that a merchant's configuration was written here (Redis pub/sub), so that they read it again at once instead of at their next periodic refresh.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisFromUrl } from '../carrier/resilience.ts';
import type { Logger } from '../runtime/logger.ts';

/** The channel every instance publishes merchant changes on. */
export const MERCHANT_CHANGES_CHANNEL = 'lanjie:merchants:changed';

/** A message on the channel: which merchant changed and which instance wrote it. */
interface ChangeMessage {
  merchantId: string;
  from: string;
}

/** Options of the bus. */
export interface MerchantChangeBusOptions {
  /** redis:// or rediss:// URL (the gateway's LANJIE_REDIS_URL). */
  redisUrl: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Channel name. Default MERCHANT_CHANGES_CHANNEL (tests use their own). */
  channel?: string;
}

/**
 * Merchant changes over Redis pub/sub. `publish` after a local write; `subscribe` is told of writes by
 * the other instances (its own are skipped). A message lost while Redis is away is made up by the
 * periodic refresh (LANJIE_MERCHANT_REFRESH_SECONDS), which stays on.
 */
export class RedisMerchantChangeBus {
  /** This instance's id in the messages (random per process). */
  readonly instanceId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private readonly handlers = new Set<(merchantId: string) => void>();

  private constructor(private readonly options: MerchantChangeBusOptions) {
    this.channel = options.channel ?? MERCHANT_CHANGES_CHANNEL;
    // Commands fail at once while Redis is away (no offline queue): a publish then is logged and the refresh makes it up.
    this.publisher = redisFromUrl(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.subscriber = redisFromUrl(options.redisUrl);
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (error: unknown) =>
        options.logger.warn({ err: error, channel: this.channel }, 'merchant change bus: Redis error'),
      );
    this.subscriber.on('message', (channel: string, text: string) => this.receive(channel, text));
  }

  /** Connects and subscribes; resolves when messages are being received. */
  static async open(options: MerchantChangeBusOptions): Promise<RedisMerchantChangeBus> {
    const bus = new RedisMerchantChangeBus(options);
    await bus.subscriber.subscribe(bus.channel);
    return bus;
  }

  private receive(channel: string, text: string): void {
    if (channel !== this.channel) return;
    let message: ChangeMessage;
    try {
      message = JSON.parse(text) as ChangeMessage;
    } catch (error) {
      this.options.logger.warn(
        { err: error, channel, text: text.slice(0, 200) },
        'merchant change bus: a message that is not JSON was ignored',
      );
      return;
    }
    if (typeof message.merchantId !== 'string' || message.from === this.instanceId) return;
    for (const handler of this.handlers) handler(message.merchantId);
  }

  /** Tells the other instances that `merchantId` was written here. A failure is logged, never thrown. */
  async publish(merchantId: string): Promise<void> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify({ merchantId, from: this.instanceId } satisfies ChangeMessage));
    } catch (error) {
      this.options.logger.error(
        { err: error, merchantId, channel: this.channel },
        'merchant change bus: publishing failed; the other instances see the change at their next periodic refresh',
      );
    }
  }

  /** Told of each merchant another instance wrote. Returns the unsubscribe function. */
  subscribe(handler: (merchantId: string) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
