// Public face of the carrier core: the contract plugins implement and the tools that run them.
export * from './model.ts';
export * from './errors.ts';
export * from './define.ts';
export * from './http.ts';
export * from './status.ts';
export * from './config.ts';
export * from './config-error.ts';
export * from './resilience.ts';
export * from './account.ts';
export * from './limits-config.ts';
export * from './detect.ts';
export * from './registry.ts';
export * from './matrix.ts';
export * from './track-result.ts';
export * from './tracking-event.ts';
export * from './address-fields.ts';
export * from './push-updates.ts';
