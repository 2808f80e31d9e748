/**
 * The team and exit shots (render.shot.ts draws them with the others): 我的团队 on level 2 of a
 * three-level team, the distributor center after an exit under `forfeit` (money still to
 * withdraw), and 分销员详情 of a distributor the merchant removed, with the hand-over pending. The
 * figures are those of tests/team/exit.test.ts: ¥25.60 released before the exit, ¥12.80 forfeited.
 */
import type { TeamMembersOutput } from '@shared/contracts/distributorTeam';
import { distributorDetail, distributorView } from '../admin-distributor-fixtures';
import { centerView } from '../fixtures';
import { ok } from '../helpers';
import type { Shot } from './shots';

const member = (
  nickname: string,
  idTail: string,
  joinedAt: string,
  orders: number,
  salesFen: number,
  viaNickname: string | null,
): TeamMembersOutput['members'][number] => ({
  nickname,
  avatarUrl: '',
  idTail,
  joinedAt,
  orders,
  salesFen,
  viaNickname,
});

const LEVEL2: TeamMembersOutput = {
  level: 2,
  counts: { level1: 3, level2: 4, level3: 2 },
  members: [
    member('阿强', 'x7Qk2P', '2026-03-12T06:20:00.000Z', 3, 38_400, '小红'),
    member('林小姐', 'Mf93aD', '2026-03-09T02:05:00.000Z', 1, 12_800, '小红'),
    member('', 'pZ41cE', '2026-03-05T11:40:00.000Z', 0, 0, '老周'),
    member('陈先生', 'Jd8w0B', '2026-03-02T08:15:00.000Z', 5, 64_000, '老周'),
  ],
  nextCursor: null,
  teamPaidSalesFen: 256_000,
};

const EXITED_CENTER = centerView({
  status: 'exited',
  isDistributor: false,
  balances: { frozenFen: 0, availableFen: 2_560, withdrawingFen: 0, withdrawnFen: 0 },
  earnings: { todayFen: 0, monthFen: 3_840, totalFen: 3_840, day: '2026-03-15', month: '2026-03' },
  nextGrade: null,
  team: { directMembers: 0, level2Members: 0, level3Members: 0 },
  exit: {
    frozenOnExit: 'forfeit',
    rejoin: 'afterDays',
    rejoinDays: 30,
    record: {
      exitedAt: '2026-03-10T02:00:00.000Z',
      by: 'self',
      reason: null,
      frozenOnExit: 'forfeit',
      forfeitedFen: 1_280,
      handoverStatus: 'done',
      rejoinFrom: '2026-04-09T02:00:00.000Z',
    },
  },
});

const REMOVED = distributorDetail({
  distributor: distributorView('oRef', {
    status: 'exited',
    balances: { frozenFen: 0, availableFen: 10_050, withdrawingFen: 0, withdrawnFen: 50_000 },
  }),
  team: { directMembers: 30, level2Members: 12, level3Members: 4, members: [] },
  exit: {
    exitId: 'exit:oRef:1',
    exitedAt: '2026-03-10T02:00:00.000Z',
    by: 'merchant',
    reason: '多次违规刷单',
    adminId: 'oADMIN',
    fromStatus: 'approved',
    frozenOnExit: 'forfeit',
    forfeitedFen: 2_560,
    forfeitedCommissions: 2,
    upline: { userId: 'oTop', nickname: '老王' },
    handover: { status: 'pending', movedMembers: 100, doneAt: null },
  },
});

export const TEAM_SHOTS: Shot[] = [
  {
    name: 'team-levels',
    path: 'distributor/team/team',
    query: { status: '2' },
    answers: { 'distributor.teamMembers': ok(LEVEL2) },
  },
  {
    name: 'distributor-exited',
    path: 'distributor/center/center',
    answers: { 'distributor.center': ok(EXITED_CENTER) },
  },
  {
    name: 'admin-distributor-exited',
    path: 'admin/distributor/distributor',
    query: { userId: 'oRef' },
    answers: { 'admin.distributorDetail': ok(REMOVED) },
  },
];
