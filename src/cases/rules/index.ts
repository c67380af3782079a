// The ordered list of the rules evaluate() runs after every event: the one place their order is written down.
import { agreementRule } from './agreement.ts';
import { buyerCancelled } from './buyer-cancelled.ts';
import { closeTasksWhoseCauseIsGone } from './close-tasks.ts';
import { deadlineRiskAndTimeout } from './deadline-risk.ts';
import { deadlineRule } from './deadline.ts';
import { deliveredBeforeInterception } from './delivered-before-interception.ts';
import { eligibilityRule } from './eligibility.ts';
import type { Rule } from './evaluation.ts';
import { experienceClockRule } from './experience-clock.ts';
import { followTracking } from './follow-tracking.ts';
import { goodsNotReturned } from './goods-not-returned.ts';
import { interceptionNotes } from './interception-notes.ts';
import { notCollected } from './not-collected.ts';
import { reconcileTimers } from './reconcile-timers.ts';
import { refundRule } from './refund.ts';
import { signedAfterAgreement } from './signed-after-agreement.ts';
import { statusRule } from './status.ts';

export type { EvalState, Rule } from './evaluation.ts';
export { newEvaluation } from './evaluation.ts';

/**
 * The rules of DESIGN §2, in the order evaluate() runs them. ORDER MATTERS: each rule reads what the earlier ones
 * wrote, on the case or in the shared EvalState, and the reasons of a decision come out in this order.
 * - interception-notes first, so outcomes are said before what follows from them.
 * - eligibility before agreement: generic mode agrees only on an ELIGIBLE verdict.
 * - agreement before deadline and experience-clock: an agreement made now moves the deadline to 7 days and pauses the clock.
 * - deadline before experience-clock: the deadline rule computes the shared `trigger` the clock resumes at.
 * - signed-after-agreement and delivered-before-interception before refund: a rejection closes the money, so no refund.
 * - goods-not-returned before reconcile-timers: it produces the RETURN_OVERDUE timers.
 * - refund before deadline-risk-and-timeout: the at-risk task is only opened when no refund is pending.
 * - status before close-tasks: tasks close on the final status; reconcile-timers last, on the final money state.
 */
export const RULES: readonly Rule[] = [
  { name: 'interception-notes', run: interceptionNotes },
  { name: 'eligibility', run: eligibilityRule },
  { name: 'agreement', run: agreementRule },
  { name: 'deadline', run: deadlineRule },
  { name: 'experience-clock', run: experienceClockRule },
  { name: 'follow-tracking', run: followTracking },
  { name: 'not-collected', run: notCollected },
  { name: 'buyer-cancelled', run: buyerCancelled },
  { name: 'goods-not-returned', run: goodsNotReturned },
  { name: 'signed-after-agreement', run: signedAfterAgreement },
  { name: 'delivered-before-interception', run: deliveredBeforeInterception },
  { name: 'refund', run: refundRule },
  { name: 'deadline-risk-and-timeout', run: deadlineRiskAndTimeout },
  { name: 'status', run: statusRule },
  { name: 'close-tasks', run: closeTasksWhoseCauseIsGone },
  { name: 'reconcile-timers', run: reconcileTimers },
];
