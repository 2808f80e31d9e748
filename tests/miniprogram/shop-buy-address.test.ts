/** 收货地址: the list (default, set default, remove, select mode for the checkout) and the form checked with the shared contract. */
import {
  answerCalls,
  callsOf,
  fail,
  ok,
  renderPage,
  settle,
  stateText,
  tap,
  text,
  texts,
  wx,
  type Rendered,
} from './helpers';
import { addressView } from './shop-buy-fixtures';

const HOME = addressView({ id: 'addr_home', isDefault: true });
const WORK = addressView({
  id: 'addr_work',
  isDefault: false,
  name: '李四',
  phone: '13900000000',
  district: '',
  detail: '万塘路 8 号',
});

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  wx.showModal.mockResolvedValue({ confirm: true, cancel: false });
});

describe('shop/addresses/addresses', () => {
  it('lists the addresses with the default marked, and sets another as default', async () => {
    let items = [HOME, WORK];
    answerCalls({
      'address.list': () => ok({ items }),
      'address.setDefault': () => {
        items = [
          { ...WORK, isDefault: true },
          { ...HOME, isDefault: false },
        ];
        return ok({ address: items[0] });
      },
    });
    const page = await renderPage('shop/addresses/addresses');
    expect(texts(page, '.row-name')).toEqual(['张三 13800138000', '李四 13900000000']);
    expect(texts(page, '.row-line')).toEqual(['浙江省 杭州市 西湖区 文三路 1 号', '浙江省 杭州市 万塘路 8 号']);
    expect(page.querySelectorAll('.default-tag')).toHaveLength(1);
    await tap(page, '.set-default');
    expect(callsOf('address.setDefault')).toEqual([{ $url: 'setDefault', id: 'addr_work' }]);
    expect(texts(page, '.row-name')[0]).toBe('李四 13900000000');
  });

  it('removes an address after confirmation', async () => {
    let items = [HOME, WORK];
    answerCalls({
      'address.list': () => ok({ items }),
      'address.remove': (data: Record<string, unknown>) => {
        items = items.filter((item) => item.id !== data.id);
        return ok({ status: 'removed', id: data.id });
      },
    });
    const page = await renderPage('shop/addresses/addresses');
    page.querySelectorAll('.remove')[1]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('address.remove')).toEqual([{ $url: 'remove', id: 'addr_work' }]);
    expect(texts(page, '.row-name')).toEqual(['张三 13800138000']);
  });

  it('chooses an address for the checkout in select mode and goes back', async () => {
    answerCalls({ 'address.list': ok({ items: [HOME, WORK] }) });
    const page = await renderPage('shop/addresses/addresses', { select: '1', selectedId: 'addr_home' });
    expect(page.querySelectorAll('.row-selected')).toHaveLength(1);
    page.querySelectorAll('.row-main')[1]!.dispatchEvent('tap');
    await settle(10);
    expect(wx.getStorageSync('checkout.addressId')).toBe('addr_work');
    expect((wx as unknown as { navigateBack: jest.Mock }).navigateBack).toHaveBeenCalled();
  });

  it('says there is no address yet and offers to add one', async () => {
    answerCalls({ 'address.list': ok({ items: [] }) });
    const page = await renderPage('shop/addresses/addresses');
    expect(stateText(page)).toBe('还没有收货地址');
    await tap(page, '.add-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/address/address' });
  });

  it('shows the error of the list', async () => {
    answerCalls({ 'address.list': fail('UNAUTHENTICATED', '请在微信中打开') });
    const page = await renderPage('shop/addresses/addresses');
    expect(stateText(page)).toBe('加载失败 请在微信中打开');
  });
});

describe('shop/address/address', () => {
  it('refuses an incomplete form on the page, field by field, without calling the function', async () => {
    answerCalls({});
    const page = await renderPage('shop/address/address');
    input(page, '.name-input', '张三');
    input(page, '.phone-input', '12345');
    await tap(page, '.save-button', '.t-button');
    expect(text(page, '.name-error')).toBe('');
    expect(text(page, '.phone-error')).toBe('请填写正确的手机号码');
    expect(text(page, '.region-error')).toBe('请选择所在地区');
    expect(text(page, '.detail-error')).toBe('请填写详细地址（1-100 个字）');
    expect(wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('creates an address with one request id across retries, in the shape the contract stores', async () => {
    let attempt = 0;
    answerCalls({
      'address.save': () => {
        attempt += 1;
        if (attempt === 1) throw Object.assign(new Error('timeout'), { errMsg: 'cloud.callFunction:fail timeout' });
        return ok({ status: 'created', address: HOME });
      },
    });
    const page = await renderPage('shop/address/address');
    input(page, '.name-input', ' 张三 ');
    input(page, '.phone-input', '138 0013 8000');
    page
      .querySelector('.region-picker')!
      .dispatchEvent('change', { detail: { value: ['浙江省', '杭州市', '西湖区'] } });
    input(page, '.detail-input', '文三路 1 号');
    page.querySelector('.default-switch')!.dispatchEvent('change', { detail: { value: true } });
    await settle(10);
    expect(text(page, '.region-text')).toBe('浙江省 杭州市 西湖区');
    await tap(page, '.save-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '网络不给力，请稍后重试', icon: 'none' });
    await tap(page, '.save-button', '.t-button');
    const calls = callsOf('address.save');
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({
      $url: 'save',
      requestId: calls[0]!.requestId,
      name: '张三',
      phone: '13800138000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 1 号',
      isDefault: true,
    });
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已保存', icon: 'success' });
    expect((wx as unknown as { navigateBack: jest.Mock }).navigateBack).toHaveBeenCalledTimes(1);
  });

  it('edits an existing address by id', async () => {
    answerCalls({
      'address.list': ok({ items: [HOME, WORK] }),
      'address.save': ok({ status: 'updated', address: WORK }),
    });
    const page = await renderPage('shop/address/address', { id: 'addr_work' });
    expect(page.data.form).toMatchObject({ name: '李四', detail: '万塘路 8 号' });
    expect(text(page, '.region-text')).toBe('浙江省 杭州市');
    input(page, '.detail-input', '万塘路 18 号');
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('address.save')).toEqual([
      {
        $url: 'save',
        id: 'addr_work',
        name: '李四',
        phone: '13900000000',
        province: '浙江省',
        city: '杭州市',
        district: '',
        detail: '万塘路 18 号',
        isDefault: false,
      },
    ]);
  });

  it('shows the refusal of the server', async () => {
    answerCalls({ 'address.save': fail('ADDRESS_LIMIT', '最多保存 20 个收货地址') });
    const page = await renderPage('shop/address/address');
    input(page, '.name-input', '张三');
    input(page, '.phone-input', '13800138000');
    page
      .querySelector('.region-picker')!
      .dispatchEvent('change', { detail: { value: ['浙江省', '杭州市', '西湖区'] } });
    input(page, '.detail-input', '文三路 1 号');
    await tap(page, '.save-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '最多保存 20 个收货地址', icon: 'none' });
  });
});
