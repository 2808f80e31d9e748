/**
 * The 拼团 page's shot (render.shot.ts draws it with the others): a three-person group with its
 * leader and one member, one place left, counting down. The countdown is drawn at the shots'
 * fixed clock, so the picture is the same on any day.
 */
import { demoPicture } from '../../../scripts/demoImages';
import { ok } from '../helpers';
import type { Shot } from './shots';

/** The shots' clock (shots.ts SHOT_CLOCK): the catalog answers with it as its server time. */
const NOW = Date.parse('2026-03-15T04:00:00.000Z');

/** The leader's avatar: a drawn picture (the shots make no network request). */
const AVATAR = `data:image/png;base64,${demoPicture({ title: 'LIN', caption: '', colour: [64, 120, 200], variant: 1 }).toString('base64')}`;

export const GROUP_SHOTS: Shot[] = [
  {
    name: 'group-buy',
    path: 'shop/group/group',
    query: { id: `g${'a'.repeat(24)}` },
    answers: {
      'catalog.group': ok({
        id: `g${'a'.repeat(24)}`,
        activityId: 'gb1',
        activityName: '明前龙井三人团',
        productId: 'p-tea',
        skus: [{ skuId: 'tea-250', priceFen: 9_900 }],
        size: 3,
        placesLeft: 1,
        status: 'forming',
        joinable: true,
        expiresAt: new Date(NOW + 5 * 3_600_000 + 12 * 60_000 + 30_000).toISOString(),
        serverTime: new Date(NOW).toISOString(),
        members: [
          { nickname: '小林', avatarUrl: AVATAR, leader: true, paid: true },
          { nickname: '阿梅', avatarUrl: '', leader: false, paid: true },
        ],
      }),
    },
  },
];
