// SF simulator kit for the contract suite and the sandbox: simulator factory, plugin config, waybill numbers, route pushes.
import type { PushRequest } from '../../src/carrier/model.ts';
import type { SimulatorKit } from '../kit/types.ts';
import { SF_SIM_SANDBOX_ACCOUNT, SfSimulator } from './simulator.ts';

/** The SF plugin configuration the kit produces (mirrors carriers/sf SfConfig; mocks never import plugins). */
export interface SfKitConfig {
  baseUrl: string;
  timeoutMs: number;
  partnerId: string;
  checkWord: string;
  monthlyCardNo?: string;
  pushToken?: string;
  pushAllowedIps?: string[];
}

/** Sandbox monthly account number and push token the kit configures. */
export const SF_SANDBOX_MONTHLY_CARD = '7550000001';
export const SF_SANDBOX_PUSH_TOKEN = 'lanjie-sf-sandbox-push-token-0001';

/** The SF simulator kit: sandbox credentials, SF numbers, and route pushes authenticated by URL token. */
export const kit: SimulatorKit<SfKitConfig> = {
  carrierId: 'sf',
  create: (options) => new SfSimulator(options),
  pluginConfig(baseUrl, options = {}) {
    return {
      baseUrl,
      timeoutMs: 5_000,
      partnerId: SF_SIM_SANDBOX_ACCOUNT.partnerId,
      checkWord: options.wrongCredentials ? 'not-the-sandbox-checkword' : SF_SIM_SANDBOX_ACCOUNT.checkWord,
      monthlyCardNo: SF_SANDBOX_MONTHLY_CARD,
      pushToken: SF_SANDBOX_PUSH_TOKEN,
    };
  },
  waybill: (n) => `SF${String(1_000_000_000_000 + n).padStart(13, '0')}`,
  push(simulator, waybillNos, { forged, config }): PushRequest {
    if (!(simulator instanceof SfSimulator)) throw new TypeError('the SF kit pushes from an SfSimulator');
    const token = forged ? 'forged-token-not-the-configured-one' : config.pushToken;
    return {
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      query: token === undefined ? {} : { token },
      body: JSON.stringify(simulator.routePushBody(waybillNos)),
      remoteIp: config.pushAllowedIps?.[0] ?? '127.0.0.1',
    };
  },
};
