// Public face of the clock module.
export * from './clock.ts';
export * from './beijing-time.ts';
