// Public face of the merchant (tenant) domain: configuration, secrets, carrier accounts and waybill detection.
export * from './merchant-config.ts';
export * from './accounts.ts';
export * from './detection.ts';
export * from './store-merchants.ts';
