// Public face of the composition root.
export * from './merchant-config.ts';
export * from './accounts.ts';
export * from './coordinator.ts';
export * from './detection.ts';
export * from './store-merchants.ts';
