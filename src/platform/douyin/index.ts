// Douyin platform adapter (douyin mode): operate handlers with reconciliation, message push intake, the reconciliation poller.
export * from './accounts.ts';
export * from './facts.ts';
export * from './handlers.ts';
export * from './intake.ts';
export * from './messages.ts';
export * from './operate.ts';
export * from './reconciler.ts';
export * from './schemas.ts';
export * from './token-refresher.ts';
