/** The caller's grade history (等级变更记录), newest first: automatic upgrades and changes by an admin. */
import type { GradeHistoryOutput } from '@shared/contracts/distributor';
import { ok, type Result } from '@shared/result';
import type { Rules } from '@shared/rules';
import { findWhere } from '../_lib/db';
import { loadRules } from '../_lib/rules';
import type { DistributorError } from '@shared/contracts/distributor';

/** A grade's name under the current rules; the id itself when the merchant removed the grade since. */
function gradeName(rules: Rules, gradeId: string): string {
  return rules.grades.find((grade) => grade.id === gradeId)?.name ?? gradeId;
}

export async function gradeHistory(
  openid: string,
  page: number,
  pageSize: number,
): Promise<Result<GradeHistoryOutput, DistributorError>> {
  // One more than a page tells whether another page follows, without a count.
  const [docs, rules] = await Promise.all([
    findWhere(
      'gradeChanges',
      { userId: openid },
      {
        orderBy: [
          ['at', 'desc'],
          ['_id', 'desc'],
        ],
        skip: (page - 1) * pageSize,
        limit: pageSize + 1,
      },
    ),
    loadRules(),
  ]);
  const changes = docs.slice(0, pageSize).map((doc) => ({
    fromGradeId: doc.fromGradeId,
    fromGradeName: gradeName(rules, doc.fromGradeId),
    toGradeId: doc.toGradeId,
    toGradeName: gradeName(rules, doc.toGradeId),
    reason: doc.reason,
    at: doc.at.toISOString(),
  }));
  return ok({ changes, page, pageSize, hasMore: docs.length > pageSize });
}
