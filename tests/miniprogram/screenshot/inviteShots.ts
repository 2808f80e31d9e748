/**
 * The invite reward (拉新奖励) shots (render.shot.ts draws them with the others): the merchant's
 * 拉新奖励设置 with the reward on, ¥5 per invitee, at most 20 a day, first orders of ¥29.90 or more,
 * and the distributor's 拉新奖励 with one reward frozen, one released and one taken back.
 */
import { DEFAULT_RULES } from '@shared/rules';
import { ok } from '../helpers';
import type { Shot } from './shots';

const reward = (
  id: string,
  name: string,
  status: 'frozen' | 'released' | 'voided',
  label: string,
  paidFen: string,
) => ({
  id,
  inviteeName: name,
  orderId: `o-${id}`,
  amountFen: 500,
  status,
  statusLabel: label,
  underReview: false,
  releaseAt: status === 'frozen' ? '2026-12-18T16:00:00.000Z' : null,
  explanation: [
    `邀请的新用户首单 ${id.toUpperCase()}，实付商品 ${paidFen}`,
    '拉新奖励 ¥5.00，随该订单退货期结束后解冻',
  ],
  createdAt: '2026-12-07T02:00:00.000Z',
});

export const INVITE_SHOTS: Shot[] = [
  {
    name: 'invite-rewards',
    path: 'distributor/inviteRewards/inviteRewards',
    answers: {
      'distributor.inviteRewards': ok({
        rule: { enabled: true, amountFen: 500, dailyCap: 20, minOrderFen: 2_990 },
        rewards: [
          reward('2026120700012', '小王', 'frozen', '冻结中', '¥128.00'),
          reward('2026112800031', '茶友阿青', 'released', '已发放', '¥59.90'),
          reward('2026111500007', '李女士', 'voided', '已收回', '¥30.00'),
        ],
        page: 1,
        pageSize: 10,
        hasMore: false,
      }),
    },
  },
  {
    name: 'admin-invite-settings',
    path: 'admin/inviteSettings/inviteSettings',
    answers: {
      'admin.getRules': ok({
        version: 5,
        rules: { ...DEFAULT_RULES, inviteReward: { enabled: true, amountFen: 500, dailyCap: 20, minOrderFen: 2_990 } },
      }),
    },
  },
];
