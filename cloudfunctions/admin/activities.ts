/**
 * The merchant's activities (满减, 限时折扣 and 拼团): listActivities, getActivity, saveActivity and
 * setActivityStatus. Ids are chosen by the admin's page, so a retried create finds what its first
 * attempt wrote (`unchanged`). Every write that changes an activity is a conditional update on
 * its stored status, so an activity that ended (by setActivityStatus or by its window passing)
 * is never edited, paused or resumed again, whatever ran at the same time.
 */
import { activityState, type ActivityDocument, type ActivityState } from '@shared/activities';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import type { ActivityView, SaveActivityInput } from '@shared/contracts/adminActivities';
import { fail, ok, type Result } from '@shared/result';
import { _, findWhere, getDoc, insertDoc, updateWhere } from '../_lib/db';
import { resultsOf } from './activityResults';
import { activityDocument, discountedSkus, sameTerms, scopeProblem, skuDetails } from './activityChecks';
import type { AdminContext } from './context';
import { flashSkus, syncFlashStocks } from './flashSaleChecks';

type Output<R extends 'listActivities' | 'getActivity' | 'saveActivity' | 'setActivityStatus'> = Promise<
  Result<AdminOutput<R>, AdminError>
>;

/** The stored statuses an activity may still leave: anything but `ended`. */
const OPEN = _.in(['active', 'paused']);

export function activityView(doc: ActivityDocument, now: Date): ActivityView {
  const common = {
    id: doc._id,
    name: doc.name,
    startAt: doc.startAt.toISOString(),
    endAt: doc.endAt.toISOString(),
    status: doc.status,
    state: activityState(doc, now),
    commission: doc.commission,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
  if (doc.kind === 'groupBuy') {
    const { productId, skus, groupSize, timeLimitMinutes, leaderBonusFen } = doc;
    return { ...common, kind: doc.kind, productId, skus, groupSize, timeLimitMinutes, leaderBonusFen };
  }
  if (doc.kind === 'fullReduction') return { ...common, kind: doc.kind, scope: doc.scope, tiers: doc.tiers };
  return doc.kind === 'timedDiscount'
    ? { ...common, kind: doc.kind, skus: doc.skus }
    : { ...common, kind: doc.kind, skus: doc.skus };
}

/** The stored conditions of each state at `now` (activityState's rule as a query). */
function stateWhere(state: ActivityState, now: Date): object {
  if (state === 'ended') return _.or([{ status: 'ended' }, { endAt: _.lte(now) }]);
  if (state === 'paused') return { status: 'paused', endAt: _.gt(now) };
  if (state === 'upcoming') return { status: 'active', startAt: _.gt(now), endAt: _.gt(now) };
  return { status: 'active', startAt: _.lte(now), endAt: _.gt(now) };
}

export async function listActivities(
  context: AdminContext,
  input: AdminInput<'listActivities'>,
): Output<'listActivities'> {
  const kind = input.kind ? { kind: input.kind } : {};
  const where = input.state ? _.and([kind, stateWhere(input.state, context.now)]) : kind;
  const rows = await findWhere('activities', where, {
    orderBy: [
      ['startAt', 'desc'],
      ['_id', 'asc'],
    ],
    skip: input.offset,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const results = await resultsOf(page.map((doc) => doc._id));
  return ok({
    items: page.map((doc) => ({ activity: activityView(doc, context.now), results: results.get(doc._id)! })),
    nextOffset: rows.length > input.limit ? input.offset + input.limit : null,
  });
}

const notFound = (id: string): Result<never, AdminError> =>
  fail('ACTIVITY_NOT_FOUND', `活动 ${id} 不存在 (no such activity)`);
const ended = (id: string): Result<never, AdminError> =>
  fail('ACTIVITY_ENDED', `活动 ${id} 已结束，不能再修改 (an ended activity cannot change)`);

export async function getActivity(context: AdminContext, input: AdminInput<'getActivity'>): Output<'getActivity'> {
  const doc = await getDoc('activities', input.id);
  if (!doc) return notFound(input.id);
  const [results, details] = await Promise.all([
    resultsOf([doc._id]),
    doc.kind !== 'fullReduction' ? skuDetails(doc.skus.map((sku) => sku.skuId)) : Promise.resolve([]),
  ]);
  return ok({ activity: activityView(doc, context.now), results: results.get(doc._id)!, skuDetails: details });
}

/** The document the input asks for, or the refusal of a scope id or SKU that does not pass. */
async function wanted(
  input: SaveActivityInput,
  existing: ActivityDocument | null,
  now: Date,
): Promise<Result<ActivityDocument, AdminError>> {
  if (input.kind === 'fullReduction') {
    const problem = await scopeProblem(input.scope);
    return problem ?? ok(activityDocument(input, [], now));
  }
  if (input.kind === 'flashSale') {
    const flash = await flashSkus(input, existing, now);
    return flash.ok ? ok(activityDocument(input, flash.data, now)) : flash;
  }
  const skus = await discountedSkus(input.skus);
  if (!skus.ok) return skus;
  const products = new Set(skus.data.map((sku) => sku.productId));
  if (input.kind === 'groupBuy' && products.size !== 1)
    return fail('GROUP_PRODUCTS_MIXED', '拼团活动的规格须属于同一商品 (a group buy lists SKUs of one product)');
  return ok(activityDocument(input, skus.data, now));
}

export async function saveActivity(context: AdminContext, input: SaveActivityInput): Output<'saveActivity'> {
  const { now } = context;
  if (input.endAt.getTime() <= now.getTime())
    return fail('ACTIVITY_WINDOW_OVER', '活动结束时间已过 (the window is already over)');
  const existing = await getDoc('activities', input.id);
  const built = await wanted(input, existing, now);
  if (!built.ok) return built;
  const next = built.data;
  const saved = await store(input, existing, next, now);
  // A 秒杀 session's stock documents follow every save that leaves it as asked, a replay included.
  if (saved.ok && next.kind === 'flashSale') await syncFlashStocks(next, now);
  return saved;
}

async function store(
  input: SaveActivityInput,
  existing: ActivityDocument | null,
  next: ActivityDocument,
  now: Date,
): Output<'saveActivity'> {
  if (input.mode === 'create') {
    if (!existing && (await insertDoc('activities', next)) === 'inserted')
      return ok({ status: 'created', activity: activityView(next, now) });
    const stored = existing ?? (await getDoc('activities', input.id));
    if (stored && sameTerms(stored, next)) return ok({ status: 'unchanged', activity: activityView(stored, now) });
    return fail('ACTIVITY_EXISTS', `活动编号 ${input.id} 已被使用 (the activity id is in use)`);
  }
  if (!existing) return notFound(input.id);
  if (activityState(existing, now) === 'ended') return ended(input.id);
  if (existing.kind !== input.kind)
    return fail('ACTIVITY_KIND_CHANGED', '活动类型不能修改 (an activity keeps its kind)');
  if (sameTerms(existing, next)) return ok({ status: 'unchanged', activity: activityView(existing, now) });
  const { _id, createdAt: _created, status: _status, ...fields } = next;
  // The condition is the rule: an activity that ended in the meantime is not edited back to life.
  const updated = await updateWhere('activities', { _id, status: OPEN, endAt: _.gt(now) }, fields);
  if (updated === 0) return ended(input.id);
  const saved = await getDoc('activities', input.id);
  return saved ? ok({ status: 'updated', activity: activityView(saved, now) }) : notFound(input.id);
}

/** Each action: the stored status it starts from and the one it leads to. */
const ACTIONS = {
  pause: { from: 'active', to: 'paused' },
  resume: { from: 'paused', to: 'active' },
  end: { from: OPEN, to: 'ended' },
} as const;

export async function setActivityStatus(
  context: AdminContext,
  input: AdminInput<'setActivityStatus'>,
): Output<'setActivityStatus'> {
  const { now } = context;
  const action = ACTIONS[input.action];
  // pause and resume need a window still open (an activity past its end is ended for good); end does not.
  const window = input.action === 'end' ? {} : { endAt: _.gt(now) };
  const changed = await updateWhere(
    'activities',
    { _id: input.id, status: action.from, ...window },
    { status: action.to, updatedAt: now },
  );
  const doc = await getDoc('activities', input.id);
  if (!doc) return notFound(input.id);
  if (changed > 0) return ok({ status: 'changed', activity: activityView(doc, now) });
  if (doc.status === action.to && (input.action === 'end' || activityState(doc, now) !== 'ended'))
    return ok({ status: 'unchanged', activity: activityView(doc, now) });
  return ended(input.id);
}
