// The console's actions on a case: complete a support task, record a return received (or signed by someone else), open or update a complaint. Each posts to the REST API and reports back.
import { api } from './api.js';
import { errorBox, h } from './dom.js';
import { fenFromYuanInput } from './format.js';
import { LABELS } from './labels.js';

/** Runs one API call from a form: disables it meanwhile, shows the error beside it, calls `done(answer)` on success. */
async function submit(form, status, call, done) {
  const controls = form.querySelectorAll('button, input, select');
  for (const c of controls) c.disabled = true;
  status.replaceChildren(h('span', { class: 'muted' }, '提交中… Sending…'));
  try {
    const answer = await call();
    done(answer);
  } catch (error) {
    status.replaceChildren(errorBox(error));
    for (const c of controls) c.disabled = false;
  }
}

/** A yuan input's value as fen; undefined when empty; throws a readable error when invalid. */
function optionalFen(input) {
  const text = input.value.trim();
  if (!text) return undefined;
  const fen = fenFromYuanInput(text);
  if (fen === null)
    throw {
      code: 'INVALID_INPUT',
      message: `赔偿金额格式不正确: "${text}" (例 129.00) Compensation must be an amount in yuan with at most two decimals`,
    };
  return fen;
}

/** A yuan amount input for a compensation (read with optionalFen). */
function compensationInput() {
  return h('input', {
    name: 'compensation',
    placeholder: '赔偿(元) Compensation ¥',
    size: 12,
    inputmode: 'decimal',
    'aria-label': 'compensation in yuan',
  });
}

/**
 * A form of `controls` and a submit button that posts through `call` (see submit) and then tells `done(message)`.
 * `attrs` are the form's attributes (class, data-*); `button` its submit button's label and class.
 */
function apiForm(attrs, controls, button, call, message, done) {
  const status = h('div', { class: 'status' });
  const form = h(
    'form',
    {
      ...attrs,
      onsubmit: (event) => {
        event.preventDefault();
        submit(form, status, call, () => done(message));
      },
    },
    ...controls,
    h('button', { type: 'submit', ...(button.class ? { class: button.class } : {}) }, button.label),
    status,
  );
  return form;
}

/** The "complete" form of an open support task (with compensation for complaint tasks). */
export function completeTaskForm(caseId, task, isComplaint, done) {
  const outcome = h('input', {
    name: 'outcome',
    placeholder: '处理结果 Outcome (可选 optional)',
    maxlength: 500,
    size: 24,
    'aria-label': 'outcome',
  });
  const compensation = isComplaint ? compensationInput() : null;
  return apiForm(
    { class: 'inline-form complete-task', 'data-task-id': task.id },
    [outcome, compensation],
    { label: '完成 Complete', class: 'primary' },
    async () => {
      const body = {};
      if (outcome.value.trim()) body.outcome = outcome.value.trim();
      const fen = compensation ? optionalFen(compensation) : undefined;
      if (fen !== undefined) body.compensationFen = fen;
      return api('POST', `/v1/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(task.id)}`, body);
    },
    '任务已完成 Task completed',
    done,
  );
}

/** The buttons that record a shipment's return: received by the merchant, or signed by someone else. */
export function recordReturnForm(caseId, shipment, done) {
  const status = h('div', { class: 'status' });
  const send = (outcome, form) =>
    submit(
      form,
      status,
      () =>
        api('POST', `/v1/cases/${encodeURIComponent(caseId)}/events`, {
          type: 'RECORD_RETURN',
          shipmentId: shipment.id,
          outcome,
          eventId: `console:RECORD_RETURN:${shipment.id}`,
        }),
      () =>
        done(outcome === 'RECEIVED' ? '已记录收到退回 Return recorded as received' : '已记录被他人签收 Recorded as signed by someone else'),
    );
  const form = h(
    'form',
    {
      class: 'inline-form record-return',
      'data-shipment-id': shipment.id,
      onsubmit: (event) => {
        event.preventDefault();
        send('RECEIVED', form);
      },
    },
    h('button', { type: 'submit', class: 'primary' }, '记录已收到退回 Record return received'),
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          if (window.confirm(`确认退回件 ${shipment.id} 被他人签收? Confirm the return was signed by someone else?`))
            send('SIGNED_BY_OTHER', form);
        },
      },
      '被他人签收 Signed by someone else',
    ),
    status,
  );
  return form;
}

/** Support: set a complaint's status and compensation. */
export function complaintForm(caseId, complaint, done) {
  const statusSelect = h(
    'select',
    { name: 'status', 'aria-label': 'complaint status' },
    h('option', { value: 'RESOLVED' }, '已解决 RESOLVED'),
    h('option', { value: 'REJECTED' }, '已驳回 REJECTED'),
    h('option', { value: 'OPEN' }, '处理中 OPEN'),
  );
  const compensation = compensationInput();
  const hubRef = h('input', {
    name: 'hubRef',
    placeholder: '工单号 Work order ref',
    size: 14,
    maxlength: 100,
    'aria-label': 'hub reference',
  });
  return apiForm(
    { class: 'inline-form complaint-update', 'data-complaint-id': complaint.id },
    [statusSelect, compensation, hubRef],
    { label: '更新投诉 Update (客服 support)' },
    async () => {
      const body = { complaintId: complaint.id, status: statusSelect.value };
      const fen = optionalFen(compensation);
      if (fen !== undefined) body.compensationFen = fen;
      if (hubRef.value.trim()) body.hubRef = hubRef.value.trim();
      return api('POST', `/v1/cases/${encodeURIComponent(caseId)}/complaints`, body);
    },
    '投诉已更新 Complaint updated',
    done,
  );
}

/** Support: open a complaint about one of the case's parcels, with a reason and an optional evidence note. The API's 409 (COMPLAINT_EXISTS, COMPLAINT_ALREADY_OPEN) is shown as it came. */
export function openComplaintForm(caseId, shipments, done) {
  const parcel = h(
    'select',
    { name: 'shipmentId', 'aria-label': 'parcel' },
    shipments.map((s) => h('option', { value: s.id }, s.id)),
  );
  const reason = h(
    'select',
    { name: 'reason', 'aria-label': 'complaint reason' },
    Object.keys(LABELS.complaintReason).map((code) =>
      h('option', { value: code }, `${LABELS.complaintReason[code]} ${LABELS.complaintReasonEn[code]}`),
    ),
  );
  const note = h('input', {
    name: 'note',
    placeholder: '证据说明 Evidence note (可选 optional)',
    maxlength: 500,
    size: 32,
    'aria-label': 'evidence note',
  });
  return apiForm(
    { class: 'inline-form open-complaint' },
    [parcel, reason, note],
    { label: '开立投诉 Open complaint (客服 support)', class: 'primary' },
    async () => {
      const body = { shipmentId: parcel.value, reason: reason.value };
      if (note.value.trim()) body.note = note.value.trim();
      return api('POST', `/v1/cases/${encodeURIComponent(caseId)}/complaints`, body);
    },
    '投诉已开立 Complaint opened',
    done,
  );
}
