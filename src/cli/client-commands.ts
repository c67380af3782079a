// Client commands against a running gateway: track, intercept, case open|show|list, keys, merchants (--json for machine output).
// biome-ignore-all lint/suspicious/noExplicitAny: these functions print the API's JSON answers, whose shapes are the OpenAPI schemas (docs/api.md); retyping them here would be a second copy
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { InterceptKindSchema, PhoneLast4Schema, WaybillNoSchema } from '../carrier/model.ts';
import { OpenCaseBodySchema } from '../api/schemas.ts';
import { callApi, type ClientOptions } from './http-client.ts';
import { DEFAULT_CLI_TIME_ZONE, formatInstant, parseTimeZone, type InstantStyle } from './instant-format.ts';

/** A bad argument found inside a command (commander's own errors cover the flags it parses). */
class UsageError extends Error {}

const print = (value: unknown, json: boolean | undefined, human: (v: any) => string) => {
  process.stdout.write(`${json ? JSON.stringify(value, null, 2) : human(value)}\n`);
};

/** Parses an argument with a zod schema; a bad one is a commander error naming the option. */
function arg<T>(schema: z.ZodType<T>, name: string) {
  return (value: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  };
}
const Fen = z
  .string()
  .regex(/^\d+$/, 'a whole, non-negative number of fen (100 fen = 1 yuan)')
  .transform(Number)
  .pipe(z.number().int().max(1e12));

function withConnection(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'gateway URL (env LANJIE_URL, default http://127.0.0.1:8080)')
    .option('--key <key>', 'API key (env LANJIE_API_KEY)')
    .option('--json', 'print the JSON answer')
    .option('--tz <zone>', `IANA time zone instants are printed in (default ${DEFAULT_CLI_TIME_ZONE}, with the offset)`, parseTimeZone)
    .option('--utc', 'print instants in ISO UTC');
}
/** The instant style from --utc / --tz. */
const styleOf = (o: { utc?: boolean; tz?: string }): InstantStyle => ({
  ...(o.utc ? { utc: true } : {}),
  ...(o.tz ? { timeZone: o.tz } : {}),
});
/** Options every connected command has. */
type Conn = { json?: boolean; url?: string; key?: string; tz?: string; utc?: boolean };
const conn = (o: { url?: string; key?: string }): ClientOptions => ({ ...(o.url ? { url: o.url } : {}), ...(o.key ? { key: o.key } : {}) });

function caseLine(c: any, st: InstantStyle): string {
  return `${c.id}  ${String(c.status).padEnd(18)} ${String(c.eligibility).padEnd(10)} due ${formatInstant(c.due, st)}${c.overdue ? ' OVERDUE' : ''}  ${c.afterSaleId}  ${c.shipments.map((s: any) => `${s.carrierId}:${s.id}:${s.logistics}`).join(' ')}`;
}

function caseText(c: any, st: InstantStyle): string {
  const t = (v: string | null | undefined) => formatInstant(v, st);
  const lines = [
    `case ${c.id} (${c.mode}, ${c.platform} after-sale ${c.afterSaleId})  status ${c.status}${c.refundAfterRejection ? '  refund-after-rejection agreed' : ''}`,
    `eligibility ${c.eligibility.verdict} (${c.eligibility.source})${c.eligibility.reasons.map((r: any) => `\n  - ${r.code}: ${r.en} / ${r.zh}${r.target ? ` [${r.target}]` : ''}`).join('')}`,
    `due ${t(c.deadline.due)}${c.deadline.overdue ? ' OVERDUE' : ''}${c.deadline.history.map((h: any) => `\n  - ${t(h.at)} → ${t(h.due)} ${h.reason}`).join('')}`,
    ...c.shipments.map(
      (s: any) =>
        `shipment ${s.id} ${s.carrierId} ${s.logistics}  legs ${s.legs.map((l: any) => l.waybillNo).join(' → ')}  events ${s.events.length}`,
    ),
    ...c.interceptions.map(
      (i: any) =>
        `interception ${i.id} ${i.waybillNo} ${i.channel} ${i.kind} ${i.state}${i.cost ? ` cost ${i.cost.fen} fen (${i.cost.payer})` : ''}`,
    ),
    ...c.refunds.map(
      (r: any) => `refund ${r.amountFen} fen ${r.reason} at ${t(r.issuedAt)}${r.confirmedAt ? `, confirmed ${t(r.confirmedAt)}` : ''}`,
    ),
    ...c.complaints.map((x: any) => `complaint ${x.id} ${x.reason} ${x.status}`),
    ...c.supportTasks.filter((t: any) => t.status === 'OPEN').map((t: any) => `task ${t.id} ${t.kind}: ${t.en}`),
  ];
  return lines.join('\n');
}

export function registerClientCommands(program: Command): void {
  withConnection(program.command('track').description('tracking of a waybill (stored events; --refresh asks the carrier)'))
    .argument('<waybill>', 'waybill number', arg(WaybillNoSchema, 'waybill'))
    .option('--carrier <id>', 'carrier id (detected when absent)')
    .option('--refresh', 'ask the carrier now')
    .action(async (waybill: string, o: { carrier?: string; refresh?: boolean } & Conn) => {
      const st = styleOf(o);
      const query = new URLSearchParams({
        ...(o.carrier ? { carrier: o.carrier } : {}),
        ...(o.refresh ? { refresh: 'true' } : {}),
      }).toString();
      const result = await callApi(conn(o), 'GET', `/v1/tracking/${encodeURIComponent(waybill)}${query ? `?${query}` : ''}`);
      print(result, o.json, (r) =>
        [
          `${r.waybillNo} ${r.carrierId} ${r.status} (${r.source}, refreshed ${formatInstant(r.refreshedAt, st)})`,
          ...r.events.map((e: any) => `  ${formatInstant(e.at, st)} ${e.kind.padEnd(16)} ${e.place ?? ''} ${e.description}`),
        ].join('\n'),
      );
    });

  withConnection(program.command('intercept').description('intercept a parcel without a case (REDIRECT needs --address-json)'))
    .argument('<waybill>', 'waybill number', arg(WaybillNoSchema, 'waybill'))
    .requiredOption(
      '--idempotency-key <key>',
      'the same key returns the same interception (8 to 64 characters)',
      arg(z.string().regex(/^[A-Za-z0-9_.:-]{8,64}$/, '8 to 64 letters, digits, _ . : or -'), '--idempotency-key'),
    )
    .option(
      '--kind <kind>',
      'RETURN_TO_SENDER | RETURN_TO_ORIGIN_STATION | RETURN_TO_ADDRESS | REDIRECT',
      arg(InterceptKindSchema, '--kind'),
      'RETURN_TO_SENDER',
    )
    .option('--carrier <id>', 'carrier id (detected when absent)')
    .option('--phone <last4>', 'receiver phone last four digits', arg(PhoneLast4Schema, '--phone'))
    .option('--reason <text>', 'reason sent to the carrier')
    .option('--address-json <json>', 'address {name, phone, province, city, district, detail}')
    .action(
      async (
        waybill: string,
        o: {
          idempotencyKey: string;
          kind: string;
          carrier?: string;
          phone?: string;
          reason?: string;
          addressJson?: string;
          json?: boolean;
          url?: string;
          key?: string;
        },
      ) => {
        let address: unknown;
        if (o.addressJson) {
          try {
            address = JSON.parse(o.addressJson);
          } catch {
            throw new UsageError('--address-json: not JSON');
          }
        }
        const body = {
          waybill,
          kind: o.kind,
          ...(o.carrier ? { carrier: o.carrier } : {}),
          ...(o.phone ? { phoneLast4: o.phone } : {}),
          ...(o.reason ? { reason: o.reason } : {}),
          ...(address ? { address } : {}),
        };
        const result = await callApi(conn(o), 'POST', '/v1/intercepts', body, { 'idempotency-key': o.idempotencyKey });
        print(
          result,
          o.json,
          (r) =>
            `${r.id} ${r.carrierId} ${r.waybillNo} ${r.kind} via ${r.route}: ${r.state}${r.result?.refusal ? ` (${r.result.refusal})` : ''}`,
        );
      },
    );

  const cases = program.command('case').description('cases: open, show, list');
  withConnection(cases.command('open').description('open a case for a refund-only after-sale (one parcel from flags, or --file body.json)'))
    .option('--file <path>', 'the whole POST /v1/cases body as JSON')
    .option('--platform <name>', 'douyin, or your own platform name (generic mode)', 'shop')
    .option('--after-sale <id>', 'after-sale id')
    .option('--order <id>', 'order id')
    .option('--amount-fen <fen>', 'refund amount in fen', arg(Fen, '--amount-fen'))
    .option(
      '--reason <reason>',
      'buyer reason: a code or an alias, e.g. NOT_RECEIVED, 未收到货, QUALITY (docs/api.md lists them)',
      'NOT_RECEIVED',
    )
    .option('--waybill <waybill>', "the parcel's waybill number", arg(WaybillNoSchema, '--waybill'))
    .option('--carrier <id>', 'carrier id (detected when absent)')
    .option('--phone <last4>', 'receiver phone last four digits', arg(PhoneLast4Schema, '--phone'))
    .action(
      async (
        o: {
          file?: string;
          platform: string;
          afterSale?: string;
          order?: string;
          amountFen?: number;
          reason: string;
          waybill?: string;
          carrier?: string;
          phone?: string;
        } & Conn,
      ) => {
        let body: unknown;
        if (o.file) {
          try {
            body = JSON.parse(readFileSync(o.file, 'utf8'));
          } catch (error) {
            throw new UsageError(`--file: ${error instanceof Error ? error.message : String(error)}`);
          }
        } else {
          const missing = [
            ['--after-sale', o.afterSale],
            ['--order', o.order],
            ['--amount-fen', o.amountFen],
            ['--waybill', o.waybill],
          ]
            .filter(([, v]) => v === undefined)
            .map(([n]) => n);
          if (missing.length) throw new UsageError(`missing ${missing.join(', ')} (or give --file)`);
          body = {
            platform: o.platform,
            afterSaleId: o.afterSale,
            orderId: o.order,
            refundAmountFen: o.amountFen,
            reason: o.reason,
            skuOrders: [{ skuOrderId: `${o.order}-1`, amountFen: o.amountFen, refunded: true }],
            shipments: [
              {
                waybill: o.waybill,
                skuOrderIds: [`${o.order}-1`],
                ...(o.carrier ? { carrier: o.carrier } : {}),
                ...(o.phone ? { phoneLast4: o.phone } : {}),
              },
            ],
          };
        }
        const local = OpenCaseBodySchema.safeParse(body);
        if (!local.success) throw new UsageError(local.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
        const result = await callApi(conn(o), 'POST', '/v1/cases', local.data);
        print(result, o.json, (r) => `${r.created ? 'opened' : 'already open'}: ${caseText(r.case, styleOf(o))}`);
      },
    );
  withConnection(cases.command('show').description('one case with its deadlines, shipments, interceptions, refunds and reasons'))
    .argument('<id>', 'case id')
    .action(async (id: string, o: Conn) => {
      print(await callApi(conn(o), 'GET', `/v1/cases/${encodeURIComponent(id)}`), o.json, (c) => caseText(c, styleOf(o)));
    });
  withConnection(cases.command('list').description('cases, newest first'))
    .option('--status <status>', 'OPEN, REFUSE_SIGN_AGREED, REFUND_ISSUED, REFUNDED, REJECTED, CLOSED or refund-after-rejection')
    .option('--carrier <id>', 'carrier id')
    .option('--waybill <waybill>', 'waybill number')
    .option('--overdue', 'only overdue cases')
    .option('--at-risk', 'only cases at risk')
    .option('--limit <n>', 'page size (1 to 200)', arg(z.string().regex(/^\d+$/, 'a number from 1 to 200'), '--limit'))
    .option('--cursor <cursor>', 'nextCursor of the previous page')
    .action(
      async (
        o: {
          status?: string;
          carrier?: string;
          waybill?: string;
          overdue?: boolean;
          atRisk?: boolean;
          limit?: string;
          cursor?: string;
        } & Conn,
      ) => {
        const query = new URLSearchParams(
          Object.entries({
            status: o.status,
            carrier: o.carrier,
            waybill: o.waybill,
            overdue: o.overdue ? 'true' : undefined,
            atRisk: o.atRisk ? 'true' : undefined,
            limit: o.limit,
            cursor: o.cursor,
          }).filter((e): e is [string, string] => e[1] !== undefined),
        ).toString();
        print(
          await callApi(conn(o), 'GET', `/v1/cases${query ? `?${query}` : ''}`),
          o.json,
          (r) =>
            [...r.cases.map((c: any) => caseLine(c, styleOf(o))), ...(r.nextCursor ? [`next: --cursor ${r.nextCursor}`] : [])].join('\n') ||
            'no cases',
        );
      },
    );

  const keys = program.command('keys').description('API keys (support key)');
  withConnection(keys.command('create').description('create a key; it is shown once'))
    .requiredOption('--role <role>', 'merchant or support', arg(z.enum(['merchant', 'support']), '--role'))
    .option('--merchant <id>', 'the merchant a merchant key is bound to')
    .option('--label <label>', 'a label', 'cli')
    .action(async (o: { role: string; merchant?: string; label: string; json?: boolean; url?: string; key?: string }) => {
      const result = await callApi(conn(o), 'POST', '/v1/admin/keys', {
        role: o.role,
        label: o.label,
        ...(o.merchant ? { merchantId: o.merchant } : {}),
      });
      print(result, o.json, (r) => `${r.id} ${r.role}${r.merchantId ? ` ${r.merchantId}` : ''}\n${r.key}`);
    });
  withConnection(keys.command('list').description('list keys (never the keys themselves)')).action(async (o: Conn) => {
    print(await callApi(conn(o), 'GET', '/v1/admin/keys'), o.json, (r) =>
      r.keys
        .map(
          (k: any) =>
            `${k.id} ${k.role.padEnd(8)} ${k.merchantId ?? '-'} ${k.label}${k.revokedAt ? ` revoked ${formatInstant(k.revokedAt, styleOf(o))}` : ''}`,
        )
        .join('\n'),
    );
  });
  withConnection(keys.command('revoke').description('revoke a key'))
    .argument('<id>', 'key id (key_...)')
    .action(async (id: string, o: Conn) => {
      print(
        await callApi(conn(o), 'POST', `/v1/admin/keys/${encodeURIComponent(id)}/revoke`),
        o.json,
        (r) => `${r.id} revoked at ${formatInstant(r.revokedAt, styleOf(o))}`,
      );
    });

  const merchants = program.command('merchants').description('merchant configuration (support key)');
  withConnection(merchants.command('put').description('create or replace a merchant from a JSON file (MerchantConfigSchema)'))
    .argument('<id>', 'merchant id')
    .requiredOption('--file <path>', 'the configuration as JSON')
    .option('--no-verify', 'do not check new or changed credentials with the carriers')
    .action(async (id: string, o: { file: string; verify: boolean; json?: boolean; url?: string; key?: string }) => {
      let body: unknown;
      try {
        body = JSON.parse(readFileSync(o.file, 'utf8'));
      } catch (error) {
        throw new UsageError(`--file: ${error instanceof Error ? error.message : String(error)}`);
      }
      print(await callApi(conn(o), 'PUT', `/v1/merchants/${encodeURIComponent(id)}${o.verify ? '' : '?verify=false'}`, body), o.json, (r) =>
        [
          `${r.id} ${r.type} write-enabled ${r.writeEnabled} accounts ${Object.keys(r.accounts).join(', ') || 'none'}`,
          ...((r.warnings as string[] | undefined) ?? []).map((w) => `warning: ${w}`),
        ].join('\n'),
      );
    });
  withConnection(merchants.command('show').description('a merchant, secrets masked'))
    .argument('<id>', 'merchant id')
    .action(async (id: string, o: { json?: boolean; url?: string; key?: string }) => {
      print(await callApi(conn(o), 'GET', `/v1/merchants/${encodeURIComponent(id)}`), true, (r) => r);
    });
  withConnection(merchants.command('list').description('every merchant')).action(
    async (o: { json?: boolean; url?: string; key?: string }) => {
      print(
        await callApi(conn(o), 'GET', '/v1/merchants'),
        o.json,
        (r) =>
          r.merchants
            .map((m: any) => `${m.id} ${m.type} write-enabled ${m.writeEnabled} accounts ${Object.keys(m.accounts).join(', ') || 'none'}`)
            .join('\n') || 'no merchants',
      );
    },
  );
}
