// The shape of an apply handler: how one kind of case event changes the facts of a case.
import type { Ctx } from '../decide-context.ts';
import type { CaseEvent, CaseEventType } from '../events.ts';

/** The validated event of type `K`. */
export type EventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;

/** Records the facts an event of type `K` brings into `ctx.c` (the rules then decide what follows from them). */
export type Handler<K extends CaseEventType> = (ctx: Ctx, ev: EventOf<K>) => void;

/** One handler for every event type. */
export type Handlers = { readonly [K in CaseEventType]: Handler<K> };
