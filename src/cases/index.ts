// Public face of the case rules: the pure decision core, its events, state, effects, reasons and rules configuration.
export * from './reasons.ts';
export * from './rules-config.ts';
export * from './events.ts';
export type * from './state.ts';
export * from './effects.ts';
export * from './eligibility.ts';
export * from './deadlines.ts';
export * from './experience-clock.ts';
export * from './interception.ts';
export * from './decide.ts';
export { HOUR_MS, toIso, toMs, addHours } from './time.ts';
export * from './router.ts';
