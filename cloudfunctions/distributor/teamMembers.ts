/**
 * 我的团队 on all three levels (docs/team.md section 2): the caller's members of one level, newest
 * binding first, with each member's paid orders and sales, searchable by nickname or by the tail
 * of their id, paged by a cursor. Level n is every user whose `ancestors.<n-1>` is the caller
 * (indexed, kept by bindReferrer and the exit hand-over), so no list is stored.
 *
 * Bounded reads whatever the team's size: the page of members (pageSize + 1) next to the three
 * level counts and the caller's document; then, for that page only, one aggregation counting
 * their paid orders (the orders' buyer index) and, on levels 2 and 3, one read of their referrers'
 * nicknames. Members are shown without their OPENIDs; the cursor carries none either.
 */
import type { DistributorError } from '@shared/contracts/distributor';
import type { TeamMembersInput, TeamMemberRow, TeamMembersOutput } from '@shared/contracts/distributorTeam';
import { ok, type Result } from '@shared/result';
import type { UserDocument } from '@shared/users';
import { _, aggregateList, db, findWhere, getDoc } from '../_lib/db';
import { teamCounts } from './views';

type Level = 1 | 2 | 3;
const TAIL_LENGTH = 6;

/** Where the next page starts: members bound at or before `atMs` (null: the unbound-date group), `skip` of that instant already shown. */
interface Cursor {
  atMs: number | null;
  skip: number;
}

function encodeCursor(cursor: Cursor): string {
  return `${cursor.atMs === null ? 'z' : cursor.atMs}.${cursor.skip}`;
}

/** A cursor this route did not write reads as the first page. */
function decodeCursor(text: string | undefined): Cursor | null {
  const match = text ? /^(z|\d{1,15})\.(\d{1,6})$/.exec(text) : null;
  if (!match) return null;
  return { atMs: match[1] === 'z' ? null : Number(match[1]), skip: Number(match[2]) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function regExp(pattern: string): object {
  return (db as unknown as { RegExp(options: { regexp: string; options: string }): object }).RegExp({
    regexp: pattern,
    options: 'i',
  });
}

function whereOf(openid: string, level: Level, search: string | undefined, cursor: Cursor | null): object {
  const conditions: object[] = [{ [`ancestors.${level - 1}`]: openid }];
  if (search) {
    const text = escapeRegExp(search);
    conditions.push(_.or([{ nickname: regExp(text) }, { _id: regExp(`${text}$`) }]));
  }
  if (cursor)
    conditions.push(
      cursor.atMs === null ? { boundAt: null } : _.or([{ boundAt: _.lte(new Date(cursor.atMs)) }, { boundAt: null }]),
    );
  return conditions.length === 1 ? (conditions[0] as object) : _.and(conditions);
}

/** The cursor after `page`: the instant of its last member and how many of that instant were shown. */
function nextCursorOf(page: UserDocument[], previous: Cursor | null): string {
  const last = page[page.length - 1] as UserDocument;
  const atMs = last.boundAt ? last.boundAt.getTime() : null;
  const same = page.filter((member) => (member.boundAt ? member.boundAt.getTime() : null) === atMs).length;
  const carried = previous && previous.atMs === atMs && same === page.length ? previous.skip : 0;
  return encodeCursor({ atMs, skip: same + carried });
}

/** Paid orders per member of the page: one aggregation over the orders' buyer index. */
async function paidOrders(ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await aggregateList<{ _id: string; n: number }>('orders', (pipeline) =>
    pipeline
      .match({ buyerId: _.in(ids), 'payment.paidAt': _.neq(null) })
      .group({ _id: '$buyerId', n: { $sum: 1 } })
      .limit(ids.length),
  );
  return new Map(rows.map((row) => [row._id, row.n]));
}

async function referrerNames(members: UserDocument[], level: Level): Promise<Map<string, string>> {
  if (level === 1 || members.length === 0) return new Map();
  const ids = [...new Set(members.map((member) => member.ancestors[0]).filter((id): id is string => !!id))];
  const referrers = await findWhere('users', { _id: _.in(ids) }, { limit: ids.length });
  return new Map(referrers.map((referrer) => [referrer._id, referrer.nickname]));
}

function rowOf(
  member: UserDocument,
  orders: Map<string, number>,
  names: Map<string, string>,
  level: Level,
): TeamMemberRow {
  return {
    nickname: member.nickname,
    avatarUrl: member.avatarUrl,
    idTail: member._id.slice(-TAIL_LENGTH),
    joinedAt: member.boundAt ? member.boundAt.toISOString() : null,
    orders: orders.get(member._id) ?? 0,
    salesFen: member.stats?.paidSpendFen ?? 0,
    viaNickname: level === 1 ? null : (names.get(member.ancestors[0] ?? '') ?? null),
  };
}

export async function teamMembers(
  openid: string,
  input: Required<Pick<TeamMembersInput, 'level' | 'pageSize'>> & Pick<TeamMembersInput, 'search' | 'cursor'>,
): Promise<Result<TeamMembersOutput, DistributorError>> {
  const level = input.level as Level;
  const cursor = decodeCursor(input.cursor);
  const [rows, counts, user] = await Promise.all([
    findWhere('users', whereOf(openid, level, input.search, cursor), {
      orderBy: [
        ['boundAt', 'desc'],
        ['_id', 'asc'],
      ],
      skip: cursor?.skip ?? 0,
      limit: input.pageSize + 1,
    }),
    teamCounts(openid),
    getDoc('users', openid),
  ]);
  const page = rows.slice(0, input.pageSize);
  const [orders, names] = await Promise.all([paidOrders(page.map((member) => member._id)), referrerNames(page, level)]);
  return ok({
    level,
    counts: { level1: counts.directMembers, level2: counts.level2Members, level3: counts.level3Members },
    members: page.map((member) => rowOf(member, orders, names, level)),
    nextCursor: rows.length > input.pageSize ? nextCursorOf(page, cursor) : null,
    teamPaidSalesFen: user?.stats.teamPaidSalesFen ?? 0,
  });
}
