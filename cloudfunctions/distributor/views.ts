/** What the distributor routes show: refusal messages (on screen, Chinese) and document views. */
import type {
  ApplicationView,
  DistributorApplicationDocument,
  DistributorError,
  TeamCounts,
} from '@shared/contracts/distributor';
import { fail, type Result } from '@shared/result';
import { countWhere } from '../_lib/db';

const MESSAGES: Partial<Record<DistributorError, string>> = {
  RECRUITMENT_CLOSED: '本店推广员由商家指定，暂不开放申请',
  NOT_NEEDED: '本店人人都是推广员，无需申请',
  ALREADY_PENDING: '你的申请正在审核中',
  ALREADY_DISTRIBUTOR: '你已经是推广员了',
  DISABLED: '你的推广员资格已被商家停用',
  NO_PENDING_APPLICATION: '没有待审核的申请',
  NOT_DISTRIBUTOR: '你还不是推广员',
  CONFLICT: '操作冲突，请稍后重试',
  REJOIN_NOT_ALLOWED: '你已退出推广，按本店规则暂不能重新加入',
};

export function refuse<T>(code: DistributorError): Result<T, DistributorError> {
  return fail(code, MESSAGES[code] ?? code);
}

export function applicationView(doc: DistributorApplicationDocument): ApplicationView {
  return {
    id: doc._id,
    status: doc.status,
    form: doc.form,
    createdAt: doc.createdAt.toISOString(),
    reviewedAt: doc.reviewedAt ? doc.reviewedAt.toISOString() : null,
    reviewReason: doc.reviewReason,
  };
}

/**
 * Team sizes per level. They are derived, never stored: three counts over the indexed
 * `ancestors.0/1/2`, so a rebinding or a chain cascade can never leave a counter wrong.
 */
export async function teamCounts(openid: string): Promise<TeamCounts> {
  const [directMembers, level2Members, level3Members] = await Promise.all([
    countWhere('users', { 'ancestors.0': openid }),
    countWhere('users', { 'ancestors.1': openid }),
    countWhere('users', { 'ancestors.2': openid }),
  ]);
  return { directMembers, level2Members, level3Members };
}
