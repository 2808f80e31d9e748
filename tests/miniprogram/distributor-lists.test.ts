/** 我的团队 (paging, pull-to-refresh) and 排行榜 (month, my rank). */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, text, texts, wx } from './helpers';
import { rankingView, teamMembersPage } from './fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('distributor/team/team', () => {
  it('shows the counts, team sales and the first page of level 1 with orders and sales', async () => {
    answerCalls({ 'distributor.teamMembers': ok(teamMembersPage(1, ['小红', ''], 'c1')) });
    const page = await renderPage('distributor/team/team');
    expect(callsOf('distributor.teamMembers')).toEqual([{ $url: 'teamMembers', level: 1, pageSize: 20 }]);
    expect([text(page, '.direct'), text(page, '.level2'), text(page, '.level3')]).toEqual(['3', '5', '1']);
    expect(text(page, '.team-sales')).toBe('¥1,234.56');
    expect(texts(page, '.member-name')).toEqual(['小红', '微信用户']);
    expect(texts(page, '.member-spend')).toEqual(['¥19.90', '¥39.80']);
    expect(texts(page, '.member-orders')).toEqual(['1 单', '2 单']);
    expect(texts(page, '.member-id')).toEqual(['编号 AB12C0', '编号 AB12C1']);
    expect(texts(page, '.member-joined')).toEqual(['2026-03-01 加入', '2026-03-02 加入']);
    expect(page.querySelector('.member-via')).toBeUndefined();
  });

  it('appends the next page by its cursor on reaching the bottom, and stops at the last', async () => {
    answerCalls({
      'distributor.teamMembers': (data: Record<string, unknown>) =>
        ok(data.cursor === undefined ? teamMembersPage(1, ['小红'], 'c1') : teamMembersPage(1, ['小刚'], null)),
    });
    const page = await renderPage('distributor/team/team');
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('distributor.teamMembers').map((call) => call.cursor)).toEqual([undefined, 'c1']);
    expect(texts(page, '.member-name')).toEqual(['小红', '小刚']);
    expect(text(page, '.list-end')).toBe('没有更多了');
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('distributor.teamMembers')).toHaveLength(2);
  });

  it('switches to level 2 and 3 from their first page, showing through whom each member came', async () => {
    answerCalls({
      'distributor.teamMembers': (data: Record<string, unknown>) =>
        ok(teamMembersPage(data.level as 1 | 2 | 3, data.level === 1 ? ['小红'] : ['阿强'], null)),
    });
    const page = await renderPage('distributor/team/team');
    page.instance.onTabChange({ detail: { value: '2' } } as never);
    await settle(10);
    expect(callsOf('distributor.teamMembers').map((call) => call.level)).toEqual([1, 2]);
    expect(callsOf('distributor.teamMembers')[1]).toEqual({ $url: 'teamMembers', level: 2, pageSize: 20 });
    expect(texts(page, '.member-name')).toEqual(['阿强']);
    expect(texts(page, '.member-via')).toEqual(['经 小红 加入']);
    page.instance.onTabChange({ detail: { value: '3' } } as never);
    await settle(10);
    expect(callsOf('distributor.teamMembers').map((call) => call.level)).toEqual([1, 2, 3]);
  });

  it('searches the chosen level by nickname or number, and says when nothing matches', async () => {
    answerCalls({
      'distributor.teamMembers': (data: Record<string, unknown>) =>
        ok(teamMembersPage(1, data.search === '小红' ? ['小红'] : data.search ? [] : ['小红', '阿强'], null)),
    });
    const page = await renderPage('distributor/team/team');
    page.instance.onSearch({ detail: { value: ' 小红 ' } } as never);
    await settle(10);
    expect(callsOf('distributor.teamMembers')[1]).toEqual({
      $url: 'teamMembers',
      level: 1,
      pageSize: 20,
      search: '小红',
    });
    expect(texts(page, '.member-name')).toEqual(['小红']);
    page.instance.onSearch({ detail: { value: 'ZZ99' } } as never);
    await settle(10);
    expect(stateText(page)).toContain('没有找到匹配的成员');
    page.instance.onSearchClear();
    await settle(10);
    expect(callsOf('distributor.teamMembers')[3]).toEqual({ $url: 'teamMembers', level: 1, pageSize: 20 });
    expect(texts(page, '.member-name')).toEqual(['小红', '阿强']);
  });

  it('reloads from the first page on pull-down', async () => {
    let names = ['小红'];
    answerCalls({ 'distributor.teamMembers': () => ok(teamMembersPage(1, names, null)) });
    const page = await renderPage('distributor/team/team');
    names = ['新成员', '小红'];
    await page.instance.onPullDownRefresh();
    await settle();
    expect(texts(page, '.member-name')).toEqual(['新成员', '小红']);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('keeps the list when a later page fails, and says so', async () => {
    answerCalls({
      'distributor.teamMembers': (data: Record<string, unknown>) =>
        data.cursor === undefined ? ok(teamMembersPage(1, ['小红'], 'c1')) : fail('NETWORK', '网络不给力，请稍后重试'),
    });
    const page = await renderPage('distributor/team/team');
    page.instance.onReachBottom();
    await settle(10);
    expect(texts(page, '.member-name')).toEqual(['小红']);
    expect(text(page, '.more-error')).toBe('网络不给力，请稍后重试，上滑重试');
  });
});

describe('distributor/ranking/ranking', () => {
  it('shows the month ranking by invitees and my rank', async () => {
    answerCalls({ 'distributor.ranking': ok(rankingView()) });
    const page = await renderPage('distributor/ranking/ranking');
    const [call] = callsOf('distributor.ranking');
    expect(call).toEqual({ $url: 'ranking', by: 'invitees', month: expect.stringMatching(/^20\d\d-(0[1-9]|1[0-2])$/) });
    expect(texts(page, '.entry-name')).toEqual(['小红', '微信用户（我）']);
    expect(texts(page, '.entry-figure')).toEqual(['12 人', '7 人']);
    expect(text(page, '.my-rank')).toBe('第 2 名，邀请 7 人');
  });

  it('switches to the sales ranking, amounts formatted from fen', async () => {
    answerCalls({
      'distributor.ranking': (data: Record<string, unknown>) =>
        ok(
          data.by === 'sales'
            ? rankingView({
                by: 'sales',
                entries: [{ rank: 1, nickname: '小红', avatarUrl: '', count: 3, salesFen: 1289000, isMe: false }],
                me: { rank: null, count: 0, salesFen: 0 },
              })
            : rankingView(),
        ),
    });
    const page = await renderPage('distributor/ranking/ranking');
    page.querySelectorAll('.tab')[1]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('distributor.ranking')[1]).toMatchObject({ $url: 'ranking', by: 'sales' });
    expect(texts(page, '.entry-figure')).toEqual(['¥12,890.00（3 单）']);
    expect(text(page, '.my-rank')).toBe('本月销售额 ¥0.00，暂未上榜');
  });

  it('loads another month when one is picked', async () => {
    answerCalls({
      'distributor.ranking': (data: Record<string, unknown>) =>
        ok(rankingView({ month: String(data.month), entries: [], me: { rank: null, count: 0, salesFen: 0 } })),
    });
    const page = await renderPage('distributor/ranking/ranking');
    page.querySelector('.month-picker')!.dispatchEvent('change', { detail: { value: '2026-01' } });
    await settle(10);
    expect(callsOf('distributor.ranking')[1]).toEqual({ $url: 'ranking', by: 'invitees', month: '2026-01' });
    expect(text(page, '.month')).toBe('2026-01 ▾');
    expect(stateText(page)).toBe('这个月还没有人上榜');
    expect(text(page, '.my-rank')).toBe('本月邀请 0 人，暂未上榜');
  });
});
